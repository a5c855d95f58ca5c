import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import {
	outcomeFieldErrors,
	formErrorMap,
	i18nIssue,
} from '#app/auth/form-errors.ts'
import {
	findUsableResetToken,
	resetPasswordWithToken,
} from '#app/auth/password-reset.server.ts'
import { passwordSchema } from '#app/auth/password-rules.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'
import { getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

const ResetSchema = z
	.object({ newPassword: passwordSchema, confirmPassword: z.string().min(1) })
	.superRefine((data, ctx) => {
		if (data.confirmPassword !== data.newPassword)
			ctx.addIssue(i18nIssue('passwordMismatch', ['confirmPassword']))
	})

const HIDDEN = ['newPassword', 'confirmPassword']

export async function loader({ request, params }: LoaderFunctionArgs) {
	const [t, found] = await Promise.all([
		getT(request),
		findUsableResetToken(params.token ?? ''),
	])
	const title = t(found ? 'auth.reset.title' : 'auth.reset.invalidTitle')
	// The link is a password: kept out of caches, and out of the Referer of
	// anything the page links to.
	const headers = {
		'Cache-Control': 'private, no-store',
		'Referrer-Policy': 'no-referrer',
		'X-Robots-Tag': 'noindex',
	}
	if (!found)
		return data(
			{ title, valid: false as const, name: null },
			{ status: 410, headers },
		)
	return data(
		{ title, valid: true as const, name: found.user.name },
		{ headers },
	)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request, params }: ActionFunctionArgs) {
	const t = await getT(request)
	const submission = parseWithZod(await readFormData(request), {
		schema: ResetSchema,
		errorMap: formErrorMap(t),
	})
	// A used or expired link first, whatever the form holds: no field can fix that.
	if (!(await findUsableResetToken(params.token ?? ''))) {
		return data(
			{
				result: submission.reply({
					formErrors: [t('auth.errors.linkInvalid')],
					hideFields: HIDDEN,
				}),
			},
			{ status: 410 },
		)
	}
	if (submission.status !== 'success')
		return data(
			{ result: submission.reply({ hideFields: HIDDEN }) },
			{ status: 400 },
		)
	const outcome = await resetPasswordWithToken(
		params.token ?? '',
		submission.value.newPassword,
	)
	if (outcome.ok) return redirect('/login?resetDone')
	if (outcome.field === null) {
		return data(
			{
				result: submission.reply({
					formErrors: [t('auth.errors.linkInvalid')],
					hideFields: HIDDEN,
				}),
			},
			{ status: 410 },
		)
	}
	return data(
		{
			result: submission.reply({
				fieldErrors: outcomeFieldErrors(t, outcome),
				hideFields: HIDDEN,
			}),
		},
		{ status: 400 },
	)
}

export default function ResetPasswordPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const [form, fields] = useForm({
		id: 'reset',
		lastResult: actionData?.result,
		constraint: getZodConstraint(ResetSchema),
		shouldValidate: 'onSubmit',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) =>
			parseWithZod(formData, {
				schema: ResetSchema,
				errorMap: formErrorMap(t),
			}),
	})
	if (!data.valid) {
		return (
			<div className="page narrow">
				<h1>{t('auth.reset.invalidTitle')}</h1>
				<p className="notice error-notice" role="alert">
					{t('auth.errors.linkInvalid')}
				</p>
				<p>
					<Link to="/forgot-password">{t('auth.reset.requestNew')}</Link>
				</p>
			</div>
		)
	}
	return (
		<div className="page narrow">
			<h1>{t('auth.reset.title')}</h1>
			<p>{t('auth.reset.lead', { name: data.name })}</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
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
				<p>
					<button type="submit" className="primary">
						{t('auth.reset.submit')}
					</button>
				</p>
			</Form>
		</div>
	)
}
