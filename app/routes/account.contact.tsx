import { getFormProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
	json,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getAccount, updateContact } from '#app/auth/accounts.server.ts'
import {
	AccountPanelError,
	SubmitButton,
	useAccountForm,
} from '#app/auth/components/account-panel.tsx'
import { fieldError, formErrorMap } from '#app/auth/form-errors.ts'
import { PASSWORD_MAX_LENGTH } from '#app/auth/password-rules.ts'
import { requireSession } from '#app/auth/session.server.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'
import { getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'

const ContactSchema = z.object({
	email: z.string().trim().max(254).optional(),
	phone: z.string().trim().max(30).optional(),
	password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
})

export async function loader({ request }: LoaderFunctionArgs) {
	const { user } = await requireSession(request)
	const [t, account] = await Promise.all([getT(request), getAccount(user.id)])
	invariantResponse(account, 'Account not found', { status: 404 })
	return json({
		title: `${t('auth.account.contactTitle')} · ${t('auth.account.title')}`,
		contact: {
			email: account.email ?? undefined,
			phone: account.phone ?? undefined,
		},
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request }: ActionFunctionArgs) {
	const { user } = await requireSession(request)
	const [t, formData] = await Promise.all([
		getT(request),
		readFormData(request),
	])
	const submission = parseWithZod(formData, {
		schema: ContactSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success')
		return json(
			{ result: submission.reply({ hideFields: ['password'] }) },
			{ status: 400 },
		)
	const outcome = await updateContact({
		userId: user.id,
		country: user.country,
		...submission.value,
	})
	if (!outcome.ok)
		return json(
			{
				result: submission.reply({
					fieldErrors: {
						[outcome.field]: [fieldError(t, outcome.field, outcome.code)],
					},
					hideFields: ['password'],
				}),
			},
			{ status: 400 },
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
