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
import { deleteAccount } from '#app/auth/accounts.server.ts'
import {
	AccountPanelError,
	SubmitButton,
	useAccountForm,
} from '#app/auth/components/account-panel.tsx'
import { fieldError, formErrorMap } from '#app/auth/form-errors.ts'
import { PASSWORD_MAX_LENGTH } from '#app/auth/password-rules.ts'
import { blankSessionCookie, requireSession } from '#app/auth/session.server.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'
import { getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

const DeleteSchema = z.object({
	password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
})

export async function loader({ request }: LoaderFunctionArgs) {
	await requireSession(request)
	const t = await getT(request)
	return json({
		title: `${t('auth.account.deleteTitle')} · ${t('auth.account.title')}`,
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
		schema: DeleteSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success')
		return json(
			{ result: submission.reply({ hideFields: ['password'] }) },
			{ status: 400 },
		)
	const outcome = await deleteAccount(user.id, submission.value.password)
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
