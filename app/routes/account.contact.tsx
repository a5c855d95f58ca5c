import { getFormProps } from '@conform-to/react'
import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { updateContact } from '#app/auth/accounts.server.ts'
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
import { outcomeFieldErrors } from '#app/auth/form-errors.ts'
import { PASSWORD_MAX_LENGTH } from '#app/auth/password-rules.ts'
import { requireSession } from '#app/auth/session.server.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'

const ContactSchema = z.object({
	email: z.string().trim().max(254).optional(),
	phone: z.string().trim().max(30).optional(),
	password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
})

export async function loader({ request }: LoaderFunctionArgs) {
	const [{ user }, title] = await Promise.all([
		requireSession(request),
		panelTitle(request, 'auth.account.contactTitle'),
	])
	return data({
		title,
		contact: {
			email: user.email ?? undefined,
			phone: user.phone ?? undefined,
		},
	})
}

export const meta = panelMeta

export async function action({ request }: ActionFunctionArgs) {
	const { user, t, submission } = await readPanelForm(request, ContactSchema)
	if (submission.status !== 'success')
		return refusePanel(submission.reply({ hideFields: ['password'] }))
	const outcome = await updateContact({
		userId: user.id,
		country: user.country,
		...submission.value,
	})
	if (!outcome.ok)
		return refusePanel(
			submission.reply({
				fieldErrors: outcomeFieldErrors(t, outcome),
				hideFields: ['password'],
			}),
		)
	return redirect('/account/contact?contactSaved')
}

export default function ContactPanel() {
	const { contact } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const [form, fields] = useAccountForm('contact', ContactSchema, contact)
	return (
		<section aria-labelledby="contact" className="account-section">
			<h2 id="contact">{t('auth.account.contactTitle')}</h2>
			<p className="field-help">{t('auth.account.contactLead')}</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<TextField
					meta={fields.email}
					label={t('auth.fields.email')}
					type="email"
					input={{ autoComplete: 'email', autoCapitalize: 'none' }}
				/>
				<TextField
					meta={fields.phone}
					label={t('auth.fields.phone')}
					type="tel"
					input={{ autoComplete: 'tel' }}
				/>
				<TextField
					meta={fields.password}
					label={t('auth.fields.currentPassword')}
					type="password"
					input={{ autoComplete: 'current-password' }}
				/>
				<SubmitButton>{t('auth.account.contactSubmit')}</SubmitButton>
			</Form>
		</section>
	)
}

export const ErrorBoundary = AccountPanelError
