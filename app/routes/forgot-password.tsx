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
import { formErrorMap } from '#app/auth/form-errors.ts'
import { requestPasswordReset } from '#app/auth/password-reset.server.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'
import { getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

const ForgotSchema = z.object({ identifier: z.string().trim().min(1).max(254) })

export async function loader({ request }: LoaderFunctionArgs) {
	const t = await getT(request)
	return data({
		title: t('auth.forgot.title'),
		sent: new URL(request.url).searchParams.has('sent'),
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request }: ActionFunctionArgs) {
	const t = await getT(request)
	const submission = parseWithZod(await readFormData(request), {
		schema: ForgotSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success')
		return data({ result: submission.reply() }, { status: 400 })
	// The same answer whether or not an account matched: the page reveals nothing.
	await requestPasswordReset(submission.value.identifier)
	return redirect('/forgot-password?sent')
}

export default function ForgotPasswordPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const [form, fields] = useForm({
		id: 'forgot',
		lastResult: actionData?.result,
		constraint: getZodConstraint(ForgotSchema),
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) =>
			parseWithZod(formData, {
				schema: ForgotSchema,
				errorMap: formErrorMap(t),
			}),
	})
	return (
		<div className="page narrow">
			<h1>{t('auth.forgot.title')}</h1>
			{data.sent ? (
				<p className="notice" role="status">
					{t('auth.forgot.sent')}
				</p>
			) : null}
			<p>{t('auth.forgot.lead')}</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<TextField
					meta={fields.identifier}
					label={t('auth.fields.email')}
					type="text"
					input={{
						autoComplete: 'username',
						autoCapitalize: 'none',
						spellCheck: false,
					}}
				/>
				<p>
					<button type="submit" className="primary">
						{t('auth.forgot.submit')}
					</button>
				</p>
			</Form>
			<section className="notice" aria-labelledby="phone-only">
				<h2 id="phone-only" className="small-heading">
					{t('auth.forgot.phoneOnlyTitle')}
				</h2>
				<p>{t('auth.forgot.phoneOnly')}</p>
			</section>
			<p>
				<Link to="/login">{t('auth.forgot.backToLogin')}</Link>
			</p>
		</div>
	)
}
