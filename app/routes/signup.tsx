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
import { signUp } from '#app/auth/accounts.server.ts'
import { ProfileFields } from '#app/auth/components/profile-fields.tsx'
import {
	outcomeFieldErrors,
	formErrorMap,
	i18nIssue,
} from '#app/auth/form-errors.ts'
import { passwordSchema } from '#app/auth/password-rules.ts'
import {
	profileFields,
	requireConsentForDemographics,
} from '#app/auth/profile.ts'
import {
	requireAnonymous,
	signUpIdentifierCookie,
} from '#app/auth/session.server.ts'
import {
	FormErrors,
	HiddenField,
	TextField,
} from '#app/components/form-fields.tsx'
import { getLanguage, getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { redirectToField, safeRedirect } from '#app/utils/safe-redirect.ts'

const SignupSchema = z
	.object({
		...profileFields,
		identifier: z.string().trim().min(1).max(254),
		password: passwordSchema,
		confirmPassword: z.string().min(1),
		redirectTo: redirectToField,
	})
	.superRefine((data, ctx) => {
		if (data.confirmPassword !== data.password)
			ctx.addIssue(i18nIssue('passwordMismatch', ['confirmPassword']))
		requireConsentForDemographics(data, ctx)
	})

const PASSWORD_FIELDS = ['password', 'confirmPassword']

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAnonymous(request)
	const [t, lang] = await Promise.all([getT(request), getLanguage(request)])
	const redirectTo = safeRedirect(
		new URL(request.url).searchParams.get('redirectTo'),
		'',
	)
	return data({ title: t('auth.signup.title'), lang, redirectTo })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request, context }: ActionFunctionArgs) {
	await requireAnonymous(request)
	const [t, language] = await Promise.all([getT(request), getLanguage(request)])
	const submission = parseWithZod(await readFormData(request), {
		schema: SignupSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success') {
		return data(
			{ result: submission.reply({ hideFields: PASSWORD_FIELDS }) },
			{ status: 400 },
		)
	}
	const outcome = await signUp(submission.value, {
		address: context.clientAddress,
		language,
	})
	if (!outcome.ok && outcome.field === null) {
		return data(
			{
				result: submission.reply({
					formErrors: [t('auth.errors.signUpThrottled')],
					hideFields: PASSWORD_FIELDS,
				}),
			},
			{ status: 429, headers: { 'Retry-After': '3600' } },
		)
	}
	if (!outcome.ok) {
		return data(
			{
				result: submission.reply({
					fieldErrors: outcomeFieldErrors(t, outcome),
					hideFields: PASSWORD_FIELDS,
				}),
			},
			{ status: 400 },
		)
	}
	// The same answer whether the identifier was free or already had an
	// account: the person signs in with what they just chose.
	const redirectTo = safeRedirect(submission.value.redirectTo, '')
	const params = new URLSearchParams({ signedUp: '1' })
	if (redirectTo) params.set('redirectTo', redirectTo)
	return redirect(`/login?${params}`, {
		headers: {
			'Set-Cookie': signUpIdentifierCookie(submission.value.identifier),
		},
	})
}

export default function SignupPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const [form, fields] = useForm({
		id: 'signup',
		lastResult: actionData?.result,
		constraint: getZodConstraint(SignupSchema),
		defaultValue: { language: data.lang, redirectTo: data.redirectTo },
		shouldValidate: 'onSubmit',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) =>
			parseWithZod(formData, {
				schema: SignupSchema,
				errorMap: formErrorMap(t),
			}),
	})
	const loginHref = data.redirectTo
		? `/login?${new URLSearchParams({ redirectTo: data.redirectTo })}`
		: '/login'
	return (
		<div className="page narrow">
			<h1>{t('auth.signup.title')}</h1>
			<p className="lead">{t('auth.signup.lead')}</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<HiddenField meta={fields.redirectTo} />
				<fieldset className="stack">
					<legend>{t('auth.signup.accountLegend')}</legend>
					<TextField
						meta={fields.name}
						label={t('auth.fields.name')}
						input={{ autoComplete: 'name' }}
					/>
					<TextField
						meta={fields.identifier}
						label={t('auth.fields.identifier')}
						help={t('auth.signup.identifierHelp')}
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
						help={t('auth.signup.passwordHelp')}
						input={{ autoComplete: 'new-password' }}
					/>
					<TextField
						meta={fields.confirmPassword}
						label={t('auth.fields.confirmPassword')}
						type="password"
						input={{ autoComplete: 'new-password' }}
					/>
				</fieldset>
				<ProfileFields fields={fields} idPrefix="signup" />
				<p>
					<button type="submit" className="primary">
						{t('auth.signup.submit')}
					</button>
				</p>
			</Form>
			<p>
				{t('auth.signup.haveAccount')}{' '}
				<Link to={loginHref}>{t('auth.signup.signIn')}</Link>
			</p>
		</div>
	)
}
