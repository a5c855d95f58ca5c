import { getFormProps } from '@conform-to/react'
import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getAccount, updateProfile } from '#app/auth/accounts.server.ts'
import {
	panelTitle,
	readPanelForm,
	refusePanel,
} from '#app/auth/account-panel.server.ts'
import {
	AccountPanelError,
	panelMeta,
	SubmitButton,
	useAccountForm,
} from '#app/auth/components/account-panel.tsx'
import { ProfileFields } from '#app/auth/components/profile-fields.tsx'
import { profileSchema } from '#app/auth/profile.ts'
import { requireSession } from '#app/auth/session.server.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'
import { invariantResponse } from '#app/utils/invariant.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const { user } = await requireSession(request)
	const [title, account] = await Promise.all([
		panelTitle(request, 'auth.account.profileTitle'),
		getAccount(user.id),
	])
	invariantResponse(account, 'Account not found', { status: 404 })
	return data({
		title,
		profile: {
			name: account.name,
			gender: account.gender ?? undefined,
			birthYear: account.birthYear ?? undefined,
			country: account.country ?? undefined,
			region: account.region ?? undefined,
			commune: account.commune ?? undefined,
			situation: account.situation ?? undefined,
			migration: account.migration ?? undefined,
			language: account.language,
			consent: account.consentAt !== null ? 'on' : undefined,
		},
	})
}

export const meta = panelMeta

export async function action({ request }: ActionFunctionArgs) {
	const { user, submission } = await readPanelForm(request, profileSchema)
	if (submission.status !== 'success') return refusePanel(submission.reply())
	await updateProfile(user.id, submission.value)
	return redirect('/account/profile?profileSaved')
}

export default function ProfilePanel() {
	const { profile } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const [form, fields] = useAccountForm('profile', profileSchema, profile)
	return (
		<section aria-labelledby="profile" className="account-section">
			<h2 id="profile">{t('auth.account.profileTitle')}</h2>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<TextField
					meta={fields.name}
					label={t('auth.fields.name')}
					input={{ autoComplete: 'name' }}
				/>
				<ProfileFields fields={fields} idPrefix="account" />
				<SubmitButton>{t('auth.account.profileSubmit')}</SubmitButton>
			</Form>
		</section>
	)
}

export const ErrorBoundary = AccountPanelError
