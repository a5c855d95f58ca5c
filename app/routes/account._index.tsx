import {
	getFormProps,
	useForm,
	type DefaultValue,
	type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	json,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import {
	changePassword,
	deleteAccount,
	getAccount,
	updateContact,
	updateProfile,
} from '#app/auth/accounts.server.ts'
import { ProfileFields } from '#app/auth/components/profile-fields.tsx'
import {
	fieldError,
	formErrorMap,
	i18nIssue,
	type Translate,
} from '#app/auth/form-errors.ts'
import {
	PASSWORD_MAX_LENGTH,
	passwordSchema,
} from '#app/auth/password-rules.ts'
import { roleHasPermission } from '#app/auth/permissions.ts'
import { profileSchema } from '#app/auth/profile.ts'
import {
	blankSessionCookie,
	endUserSession,
	invalidateUserSessions,
	listUserSessions,
	requireSession,
	type SessionContext,
} from '#app/auth/session.server.ts'
import { describeUserAgent } from '#app/auth/user-agent.ts'
import { FormErrors, TextField } from '#app/components/form-fields.tsx'
import { getLanguage, getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { badRequest, invariantResponse } from '#app/utils/invariant.ts'
import { programmeTimeZone } from '#app/env.server.ts'
import { getFormatter } from '#app/i18n/format.ts'

const ContactSchema = z.object({
	email: z.string().trim().max(254).optional(),
	phone: z.string().trim().max(30).optional(),
	password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
})

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

const DeleteSchema = z.object({
	password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
})

const NOTICES = [
	'profileSaved',
	'contactSaved',
	'passwordChanged',
	'sessionEnded',
	'othersEnded',
] as const

type FormIntent = 'profile' | 'contact' | 'password' | 'delete'

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, session } = await requireSession(request)
	const [t, lang, account, sessions] = await Promise.all([
		getT(request),
		getLanguage(request),
		getAccount(user.id),
		listUserSessions(user.id),
	])
	invariantResponse(account, 'Account not found', { status: 404 })
	const format = getFormatter(lang, programmeTimeZone())
	const { passwordHash, consentAt, ...profile } = account
	const url = new URL(request.url)
	return json({
		title: t('auth.account.title'),
		notice: NOTICES.find((n) => url.searchParams.has(n)) ?? null,
		account: {
			...profile,
			consent: consentAt !== null,
			hasPassword: passwordHash !== null,
		},
		sessions: sessions.map((s) => ({
			id: s.id,
			current: s.id === session.id,
			device: describeUserAgent(s.userAgent),
			userAgent: s.userAgent,
			signedInAt: format.dateTime(s.createdAt),
			lastSeen: format.dateTime(s.lastSeenAt),
		})),
		canManageUsers: roleHasPermission(user.role, 'manage:user:any'),
		canResetLearners: roleHasPermission(user.role, 'reset:password:own'),
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

function invalid(
	intent: FormIntent,
	result: SubmissionResult<string[]>,
	status = 400,
) {
	return json({ intent, result }, { status })
}

async function profileAction(
	context: SessionContext,
	formData: FormData,
	t: Translate,
) {
	const submission = parseWithZod(formData, {
		schema: profileSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success')
		return invalid('profile', submission.reply())
	await updateProfile(context.user.id, submission.value)
	return redirect('/account?profileSaved')
}

async function contactAction(
	context: SessionContext,
	formData: FormData,
	t: Translate,
) {
	const submission = parseWithZod(formData, {
		schema: ContactSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success')
		return invalid('contact', submission.reply({ hideFields: ['password'] }))
	const outcome = await updateContact({
		userId: context.user.id,
		country: context.user.country,
		...submission.value,
	})
	if (!outcome.ok) {
		return invalid(
			'contact',
			submission.reply({
				fieldErrors: {
					[outcome.field]: [fieldError(t, outcome.field, outcome.code)],
				},
				hideFields: ['password'],
			}),
		)
	}
	return redirect('/account?contactSaved')
}

async function passwordAction(
	context: SessionContext,
	formData: FormData,
	t: Translate,
) {
	const hideFields = ['currentPassword', 'newPassword', 'confirmPassword']
	const submission = parseWithZod(formData, {
		schema: PasswordSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success')
		return invalid('password', submission.reply({ hideFields }))
	const outcome = await changePassword({
		userId: context.user.id,
		currentSessionId: context.session.id,
		...submission.value,
	})
	if (!outcome.ok) {
		return invalid(
			'password',
			submission.reply({
				fieldErrors: {
					[outcome.field]: [fieldError(t, outcome.field, outcome.code)],
				},
				hideFields,
			}),
		)
	}
	return redirect('/account?passwordChanged')
}

async function deleteAction(
	context: SessionContext,
	formData: FormData,
	t: Translate,
) {
	const submission = parseWithZod(formData, {
		schema: DeleteSchema,
		errorMap: formErrorMap(t),
	})
	if (submission.status !== 'success')
		return invalid('delete', submission.reply({ hideFields: ['password'] }))
	const outcome = await deleteAccount(
		context.user.id,
		submission.value.password,
	)
	if (!outcome.ok) {
		return invalid(
			'delete',
			submission.reply({
				fieldErrors: {
					[outcome.field]: [fieldError(t, outcome.field, outcome.code)],
				},
				hideFields: ['password'],
			}),
		)
	}
	return redirect('/login?deleted', {
		headers: { 'Set-Cookie': blankSessionCookie() },
	})
}

export async function action({ request }: ActionFunctionArgs) {
	const context = await requireSession(request)
	const [t, formData] = await Promise.all([
		getT(request),
		readFormData(request),
	])
	const { user, session } = context
	switch (formData.get('intent')) {
		case 'profile':
			return profileAction(context, formData, t)
		case 'contact':
			return contactAction(context, formData, t)
		case 'password':
			return passwordAction(context, formData, t)
		case 'delete':
			return deleteAction(context, formData, t)
		case 'end-session': {
			const sessionId = String(formData.get('sessionId') ?? '')
			invariantResponse(
				await endUserSession(user.id, sessionId),
				'Session not found',
				{ status: 404 },
			)
			if (sessionId === session.id)
				return redirect('/login', {
					headers: { 'Set-Cookie': blankSessionCookie() },
				})
			return redirect('/account?sessionEnded')
		}
		case 'end-others':
			await invalidateUserSessions(user.id, { except: session.id })
			return redirect('/account?othersEnded')
		case 'end-all':
			await invalidateUserSessions(user.id)
			return redirect('/login', {
				headers: { 'Set-Cookie': blankSessionCookie() },
			})
		default:
			throw badRequest('errors.unknownAction')
	}
}

function useAccountForm<Schema extends z.ZodTypeAny>(
	intent: FormIntent,
	schema: Schema,
	defaultValue?: DefaultValue<z.input<Schema>>,
) {
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	return useForm<z.input<Schema>, z.output<Schema>>({
		id: `account-${intent}`,
		lastResult: actionData?.intent === intent ? actionData.result : undefined,
		constraint: getZodConstraint(schema),
		defaultValue,
		shouldValidate: 'onSubmit',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) =>
			parseWithZod(formData, { schema, errorMap: formErrorMap(t) }),
	})
}

function SubmitButton({
	intent,
	children,
	className = 'primary',
}: {
	intent: string
	children: string
	className?: string
}) {
	return (
		<p>
			<button type="submit" name="intent" value={intent} className={className}>
				{children}
			</button>
		</p>
	)
}

function ProfileSection() {
	const { account } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const [form, fields] = useAccountForm('profile', profileSchema, {
		name: account.name,
		gender: account.gender ?? undefined,
		birthYear: account.birthYear ?? undefined,
		country: account.country ?? undefined,
		region: account.region ?? undefined,
		commune: account.commune ?? undefined,
		situation: account.situation ?? undefined,
		migration: account.migration ?? undefined,
		language: account.language,
		consent: account.consent ? 'on' : undefined,
	})
	return (
		<section aria-labelledby="profile" className="account-section">
			<h2 id="profile">{t('auth.account.profileTitle')}</h2>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<TextField
					meta={fields.name}
					label={t('auth.fields.name')}
					input={{ autoComplete: 'name' }}
				/>
				<ProfileFields fields={fields} idPrefix="account" />
				<SubmitButton intent="profile">
					{t('auth.account.profileSubmit')}
				</SubmitButton>
			</Form>
		</section>
	)
}

function ContactSection() {
	const { account } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const [form, fields] = useAccountForm('contact', ContactSchema, {
		email: account.email ?? undefined,
		phone: account.phone ?? undefined,
	})
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
				<SubmitButton intent="contact">
					{t('auth.account.contactSubmit')}
				</SubmitButton>
			</Form>
		</section>
	)
}

function PasswordSection() {
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
				<SubmitButton intent="password">
					{t('auth.account.passwordSubmit')}
				</SubmitButton>
			</Form>
		</section>
	)
}

function SessionsSection() {
	const { sessions } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<section aria-labelledby="sessions" className="account-section">
			<h2 id="sessions">{t('auth.account.sessionsTitle')}</h2>
			<p className="field-help">{t('auth.account.sessionsLead')}</p>
			<ul className="session-list">
				{sessions.map((s) => (
					<li
						key={s.id}
						className="card"
						data-current={s.current ? 'true' : undefined}
					>
						<p>
							<strong title={s.userAgent ?? undefined}>
								{s.device ?? t('auth.account.unknownDevice')}
							</strong>
							{s.current ? (
								<span className="badge">{t('auth.account.thisDevice')}</span>
							) : null}
						</p>
						<p className="small muted">
							{t('auth.account.signedInAt', { date: s.signedInAt })}
							<br />
							{t('auth.account.lastSeen', { date: s.lastSeen })}
						</p>
						<Form method="post">
							<input type="hidden" name="sessionId" value={s.id} />
							<button
								type="submit"
								name="intent"
								value="end-session"
								className="secondary"
							>
								{s.current ? t('layout.signOut') : t('auth.account.endSession')}
							</button>
						</Form>
					</li>
				))}
			</ul>
			<Form method="post" className="button-row">
				{sessions.length > 1 ? (
					<button
						type="submit"
						name="intent"
						value="end-others"
						className="secondary"
					>
						{t('auth.account.endOthers')}
					</button>
				) : null}
				<button
					type="submit"
					name="intent"
					value="end-all"
					className="secondary"
				>
					{t('auth.account.endAll')}
				</button>
			</Form>
		</section>
	)
}

function DeleteSection() {
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
				<SubmitButton intent="delete" className="danger">
					{t('auth.account.deleteSubmit')}
				</SubmitButton>
			</Form>
		</section>
	)
}

export default function AccountPage() {
	const data = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const { account } = data
	return (
		<div className="page narrow">
			<h1>{t('auth.account.title')}</h1>
			<p>
				<strong>{account.name}</strong> ·{' '}
				{t('auth.account.role', { role: t(`auth.roles.${account.role}`) })}
				<br />
				<span className="muted">
					{[account.email, account.phone].filter(Boolean).join(' · ')}
				</span>
			</p>
			{data.notice ? (
				<p className="notice" role="status">
					{t(`auth.account.${data.notice}`)}
				</p>
			) : null}
			{data.canManageUsers || data.canResetLearners ? (
				<p>
					<Link to="/admin/users">
						{data.canManageUsers
							? t('auth.account.adminTools')
							: t('auth.account.trainerTools')}
					</Link>
				</p>
			) : null}
			<section aria-labelledby="certificates" className="account-section">
				<h2 id="certificates">{t('certificates.title')}</h2>
				<p>
					<Link to="/account/certificates">{t('certificates.openList')}</Link>
				</p>
			</section>
			<ProfileSection />
			<ContactSection />
			<PasswordSection />
			<SessionsSection />
			<section aria-labelledby="data" className="account-section">
				<h2 id="data">{t('auth.account.exportTitle')}</h2>
				<p>{t('auth.account.exportLead')}</p>
				<p>
					<a href="/account/export.json" download>
						{t('auth.account.exportLink')}
					</a>
				</p>
			</section>
			<DeleteSection />
		</div>
	)
}
