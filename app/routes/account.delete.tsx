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
import { deleteAccount } from '#app/auth/accounts.server.ts'
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
import { blankSessionCookie } from '#app/auth/session.server.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'

const DeleteSchema = z.object({
	password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
})

export async function loader({ request }: LoaderFunctionArgs) {
	return data({ title: await panelTitle(request, 'auth.account.deleteTitle') })
}

export const meta = panelMeta

export async function action({ request }: ActionFunctionArgs) {
	const { user, t, submission } = await readPanelForm(request, DeleteSchema)
	if (submission.status !== 'success')
		return refusePanel(submission.reply({ hideFields: ['password'] }))
	const outcome = await deleteAccount(user.id, submission.value.password)
	if (!outcome.ok)
		return refusePanel(
			submission.reply({
				fieldErrors: outcomeFieldErrors(t, outcome),
				hideFields: ['password'],
			}),
		)
	return redirect('/login?deleted', {
		headers: { 'Set-Cookie': blankSessionCookie() },
	})
}

export default function DeletePanel() {
	const { t } = useTranslation()
	const [form, fields] = useAccountForm('delete', DeleteSchema)
	return (
		<section aria-labelledby="delete" className="account-section">
			<h2 id="delete">{t('auth.account.deleteTitle')}</h2>
			<p>{t('auth.account.deleteLead')}</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<TextField
					meta={fields.password}
					label={t('auth.fields.password')}
					type="password"
					input={{ autoComplete: 'current-password' }}
				/>
				<SubmitButton className="danger">
					{t('auth.account.deleteSubmit')}
				</SubmitButton>
			</Form>
		</section>
	)
}

export const ErrorBoundary = AccountPanelError
