import { getFormProps } from '@conform-to/react'
import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { changePassword } from '#app/auth/accounts.server.ts'
import {
	panelTitle,
	readPanelForm,
	refusePanel,
} from '#app/auth/account-panel.server.ts'
import { outcomeFieldErrors } from '#app/auth/form-errors.ts'
import {
	AccountPanelError,
	panelMeta,
	SubmitButton,
	useAccountForm,
} from '#app/auth/components/account-panel.tsx'
import { i18nIssue } from '#app/auth/form-errors.ts'
import {
	PASSWORD_MAX_LENGTH,
	passwordSchema,
} from '#app/auth/password-rules.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'

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
	return data({
		title: await panelTitle(request, 'auth.account.passwordTitle'),
	})
}

export const meta = panelMeta

export async function action({ request }: ActionFunctionArgs) {
	const { user, session, t, submission } = await readPanelForm(
		request,
		PasswordSchema,
	)
	if (submission.status !== 'success')
		return refusePanel(submission.reply({ hideFields }))
	const outcome = await changePassword({
		userId: user.id,
		currentSessionId: session.id,
		...submission.value,
	})
	if (!outcome.ok)
		return refusePanel(
			submission.reply({
				fieldErrors: outcomeFieldErrors(t, outcome),
				hideFields,
			}),
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
