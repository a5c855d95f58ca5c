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
import { signIn } from '#app/auth/accounts.server.ts'
import { formErrorMap } from '#app/auth/form-errors.ts'
import { PASSWORD_MAX_LENGTH } from '#app/auth/password-rules.ts'
import { homePathFor } from '#app/auth/permissions.ts'
import {
	clearSignUpIdentifier,
	createSession,
	readSignUpIdentifier,
	requireAnonymous,
	sessionCookie,
} from '#app/auth/session.server.ts'
import {
	FormErrors,
	HiddenField,
	TextField,
} from '#app/components/form-fields.tsx'
import { demoMode } from '#app/env.server.ts'
import { getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { redirectToField, safeRedirect } from '#app/utils/safe-redirect.ts'

const LoginSchema = z.object({
	identifier: z.string().trim().min(1).max(254),
	password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
	redirectTo: redirectToField,
})

const NOTICES = ['resetDone', 'deleted', 'signedUp'] as const

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAnonymous(request)
	const t = await getT(request)
	const url = new URL(request.url)
	const notice = NOTICES.find((n) => url.searchParams.has(n)) ?? null
	const identifier = readSignUpIdentifier(request)
	return data(
		{
			title: t('auth.login.title'),
			notice,
			identifier,
			demo: demoMode(),
			redirectTo: safeRedirect(url.searchParams.get('redirectTo'), ''),
		},
		identifier
			? { headers: { 'Set-Cookie': clearSignUpIdentifier() } }
			: undefined,
	)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request, context }: ActionFunctionArgs) {
	await requireAnonymous(request)
	const t = await getT(request)
	const submission = parseWithZod(await readFormData(request), {
		schema: LoginSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success') {
		return data(
			{ result: submission.reply({ hideFields: ['password'] }) },
			{ status: 400 },
		)
	}
	const { identifier, password, redirectTo } = submission.value
	const outcome = await signIn({
		identifier,
		password,
		address: context.clientAddress,
	})
	if (outcome.status === 'throttled') {
		return data(
			{
				result: submission.reply({
					formErrors: [t('auth.errors.tooManyAttempts')],
					hideFields: ['password'],
				}),
			},
			{ status: 429, headers: { 'Retry-After': '900' } },
		)
	}
	if (outcome.status === 'invalid') {
		return data(
			{
				result: submission.reply({
					formErrors: [t('auth.errors.invalidCredentials')],
					hideFields: ['password'],
				}),
			},
			{ status: 400 },
		)
	}
	const { token, expiresAt } = await createSession(outcome.user.id, {
		userAgent: request.headers.get('User-Agent'),
	})
	return redirect(safeRedirect(redirectTo, homePathFor(outcome.user.role)), {
		headers: { 'Set-Cookie': sessionCookie(token, expiresAt) },
	})
}

export default function LoginPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const [form, fields] = useForm({
		id: 'login',
		lastResult: actionData?.result,
		constraint: getZodConstraint(LoginSchema),
		defaultValue: {
			redirectTo: data.redirectTo,
			identifier: data.identifier ?? '',
		},
		shouldValidate: 'onSubmit',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) =>
			parseWithZod(formData, {
				schema: LoginSchema,
				errorMap: formErrorMap(t),
			}),
	})
	const signupHref = data.redirectTo
		? `/signup?${new URLSearchParams({ redirectTo: data.redirectTo })}`
		: '/signup'
	return (
		<div className="page narrow">
			<h1>{t('auth.login.title')}</h1>
			{data.notice ? (
				<p className="notice" role="status">
					{t(`auth.login.${data.notice}`)}
				</p>
			) : null}
			{data.demo ? (
				<p className="notice demo-notice">{t('auth.login.demo')}</p>
			) : null}
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<HiddenField meta={fields.redirectTo} />
				<TextField
					meta={fields.identifier}
					label={t('auth.fields.identifier')}
					help={t('auth.login.identifierHelp')}
					input={{
						autoComplete: 'username',
						autoCapitalize: 'none',
						spellCheck: false,
					}}
				/>
				<TextField
					meta={fields.password}
					label={t('auth.fields.password')}
					type="password"
					input={{ autoComplete: 'current-password' }}
				/>
				<p>
					<button type="submit" className="primary">
						{t('auth.login.submit')}
					</button>
				</p>
			</Form>
			<p>
				<Link to="/forgot-password">{t('auth.login.forgot')}</Link>
			</p>
			<p>
				{t('auth.login.noAccount')}{' '}
				<Link to={signupHref}>{t('auth.login.signUp')}</Link>
			</p>
		</div>
	)
}
