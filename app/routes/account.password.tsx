import { getFormProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
	json,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { changePassword } from '#app/auth/accounts.server.ts'
import {
	AccountPanelError,
	SubmitButton,
	useAccountForm,
} from '#app/auth/components/account-panel.tsx'
import { fieldError, formErrorMap, i18nIssue } from '#app/auth/form-errors.ts'
import {
	PASSWORD_MAX_LENGTH,
	passwordSchema,
} from '#app/auth/password-rules.ts'
import { requireSession } from '#app/auth/session.server.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'
import { getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

const PasswordSchema = z
	.object({
		currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
		newPassword: passwordSchema,
		confirmPassword: z.string().min(1),
	})
	.superRefine((data, ctx) => {
		if (data.confirmPassword !== data.newPassword)
			ctx.addIssue(i18nIssue('passwordMismatch', ['confirmPassword']))
	})

const hideFields = ['currentPassword', 'newPassword', 'confirmPassword']

export async function loader({ request }: LoaderFunctionArgs) {
	await requireSession(request)
	const t = await getT(request)
	return json({
		title: `${t('auth.account.passwordTitle')} · ${t('auth.account.title')}`,
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request }: ActionFunctionArgs) {
	const { user, session } = await requireSession(request)
	const [t, formData] = await Promise.all([
		getT(request),
		readFormData(request),
	])
	const submission = parseWithZod(formData, {
		schema: PasswordSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success')
		return json({ result: submission.reply({ hideFields }) }, { status: 400 })
	const outcome = await changePassword({
		userId: user.id,
		currentSessionId: session.id,
		...submission.value,
	})
	if (!outcome.ok)
		return json(
			{
				result: submission.reply({
					fieldErrors: {
						[outcome.field]: [fieldError(t, outcome.field, outcome.code)],
					},
					hideFields,
				}),
			},
			{ status: 400 },
		)
	return redirect('/account/password?passwordChanged')
}

export default function PasswordPanel() {
	const { t } = useTranslation()
	const [form, fields] = useAccountForm('password', PasswordSchema)
	return (
		<section aria-labelledby="password" className="account-section">
			<h2 id="password">{t('auth.account.passwordTitle')}</h2>
			<p className="field-help">{t('auth.account.passwordLead')}</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<TextField
					meta={fields.currentPassword}
					label={t('auth.fields.currentPassword')}
					type="password"
					input={{ autoComplete: 'current-password' }}
				/>
				<TextField
					meta={fields.newPassword}
					label={t('auth.fields.newPassword')}
					type="password"
					help={t('auth.signup.passwordHelp')}
					input={{ autoComplete: 'new-password' }}
				/>
				<TextField
					meta={fields.confirmPassword}
					label={t('auth.fields.confirmPassword')}
					type="password"
					input={{ autoComplete: 'new-password' }}
				/>
				<SubmitButton>{t('auth.account.passwordSubmit')}</SubmitButton>
			</Form>
		</section>
	)
}

export const ErrorBoundary = AccountPanelError
