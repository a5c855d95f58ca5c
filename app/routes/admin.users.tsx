import { parseWithZod } from '@conform-to/zod'
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
import { formErrorMap, fieldError } from '#app/auth/form-errors.ts'
import { createAssistedResetLink } from '#app/auth/password-reset.server.ts'
import { roleHasPermission, roles } from '#app/auth/permissions.ts'
import { requirePermission } from '#app/auth/session.server.ts'
import { changeUserRole, listUsers } from '#app/auth/users.server.ts'
import { getFormat, getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { badRequest, invariantResponse } from '#app/utils/invariant.ts'

const RoleSchema = z.object({
	userId: z.string().min(1).max(64),
	role: z.enum(roles),
})
const ResetLinkSchema = z.object({ userId: z.string().min(1).max(64) })

const NOTICES = ['roleChanged', 'roleUnchanged'] as const

function listParams(url: URL) {
	const params = new URLSearchParams()
	const q = url.searchParams.get('q')?.trim()
	const page = Number(url.searchParams.get('page'))
	if (q) params.set('q', q)
	if (Number.isInteger(page) && page > 1) params.set('page', String(page))
	return params
}

export async function loader({ request }: LoaderFunctionArgs) {
	const actor = await requirePermission(request, 'read:user:own')
	const url = new URL(request.url)
	const q = url.searchParams.get('q') ?? ''
	const [t, format, list] = await Promise.all([
		getT(request),
		getFormat(request),
		listUsers(actor, { q, page: Number(url.searchParams.get('page')) || 1 }),
	])
	const canManageRoles = roleHasPermission(actor.role, 'manage:user:any')
	return data({
		title: t(canManageRoles ? 'auth.admin.title' : 'auth.admin.titleTrainer'),
		q,
		canManageRoles,
		notice: NOTICES.find((n) => url.searchParams.has(n)) ?? null,
		total: list.total,
		page: list.page,
		pageCount: list.pageCount,
		users: list.users.map((u) => ({
			...u,
			createdAt: format.dateTime(u.createdAt),
		})),
		currentUserId: actor.id,
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request }: ActionFunctionArgs) {
	const actor = await requirePermission(request, 'read:user:own')
	const [t, format, formData] = await Promise.all([
		getT(request),
		getFormat(request),
		readFormData(request),
	])
	const intent = formData.get('intent')
	if (intent === 'role') {
		await requirePermission(request, 'manage:user:any')
		const submission = parseWithZod(formData, {
			schema: RoleSchema,
			errorMap: formErrorMap(t),
		})
		if (submission.status !== 'success') {
			return data(
				{
					intent: 'role' as const,
					userId: String(formData.get('userId') ?? ''),
					error: fieldError(t, 'role', 'choice'),
					link: null,
				},
				{ status: 400 },
			)
		}
		const { userId, role } = submission.value
		const outcome = await changeUserRole(actor, userId, role)
		invariantResponse(outcome !== 'notFound', 'User not found', { status: 404 })
		if (outcome === 'lastAdmin') {
			return data(
				{
					intent: 'role' as const,
					userId,
					error: fieldError(t, 'role', 'lastAdmin'),
					link: null,
				},
				{ status: 400 },
			)
		}
		const params = listParams(new URL(request.url))
		params.set(outcome === 'changed' ? 'roleChanged' : 'roleUnchanged', '')
		return redirect(`/admin/users?${params}`)
	}
	if (intent === 'reset-link') {
		await requirePermission(request, 'reset:password:own')
		const submission = parseWithZod(formData, { schema: ResetLinkSchema })
		if (submission.status !== 'success')
			throw badRequest('errors.invalidRequest')
		const outcome = await createAssistedResetLink(
			actor,
			submission.value.userId,
		)
		invariantResponse(
			outcome.ok || outcome.reason !== 'notFound',
			'User not found',
			{ status: 404 },
		)
		if (!outcome.ok) {
			// The owner uses this account: only they may change its password.
			return data(
				{
					intent: 'reset-link' as const,
					userId: submission.value.userId,
					error: t('auth.admin.resetLinkClaimed'),
					link: null,
				},
				{ status: 409 },
			)
		}
		const link = outcome.link
		// Shown once in this response, never put in a URL (history, logs).
		return data({
			intent: 'reset-link' as const,
			userId: link.user.id,
			error: null,
			link: {
				url: link.url,
				name: link.user.name,
				expiresAt: format.dateTime(link.expiresAt),
			},
		})
	}
	throw badRequest('errors.unknownAction')
}

function Pagination() {
	const { page, pageCount, q } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	if (pageCount <= 1) return null
	const href = (p: number) =>
		`/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`
	return (
		<nav
			className="pager"
			aria-label={t('auth.admin.pageOf', { page, pageCount })}
		>
			{page > 1 ? (
				<Link to={href(page - 1)}>← {t('auth.admin.previous')}</Link>
			) : (
				<span />
			)}
			<span>{t('auth.admin.pageOf', { page, pageCount })}</span>
			{page < pageCount ? (
				<Link to={href(page + 1)}>{t('auth.admin.next')} →</Link>
			) : (
				<span />
			)}
		</nav>
	)
}

export default function AdminUsersPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	return (
		<div className="page">
			<h1>{data.title}</h1>
			<p className="lead">
				{t(data.canManageRoles ? 'auth.admin.lead' : 'auth.admin.leadTrainer')}
			</p>
			{data.notice ? (
				<p className="notice" role="status">
					{t(`auth.admin.${data.notice}`)}
				</p>
			) : null}
			{actionData?.error &&
			!data.users.some((u) => u.id === actionData.userId) ? (
				// The person is not on this page of the list: the error cannot stand beside their row.
				<p className="notice error-notice" role="alert">
					{actionData.error}
				</p>
			) : null}
			{actionData?.link ? (
				<div className="notice" role="status" id="reset-link">
					<p>
						{t('auth.admin.resetLinkCreated', {
							name: actionData.link.name,
							date: actionData.link.expiresAt,
						})}
					</p>
					<p>
						<input
							type="text"
							readOnly
							value={actionData.link.url}
							aria-label={t('auth.admin.resetLink')}
							className="copy-field"
						/>
					</p>
				</div>
			) : null}
			<Form method="get" className="search-form" role="search">
				<label htmlFor="user-search">{t('auth.admin.searchLabel')}</label>
				<input id="user-search" type="search" name="q" defaultValue={data.q} />
				<button type="submit" className="secondary">
					{t('auth.admin.search')}
				</button>
			</Form>
			<p className="muted">{t('auth.admin.total', { count: data.total })}</p>
			{data.users.length === 0 ? (
				<p>{t('auth.admin.noUsers')}</p>
			) : (
				<div className="table-wrap">
					<table>
						<thead>
							<tr>
								<th scope="col">{t('auth.admin.name')}</th>
								<th scope="col">{t('auth.admin.contact')}</th>
								<th scope="col">{t('auth.admin.role')}</th>
								<th scope="col">{t('auth.admin.actions')}</th>
							</tr>
						</thead>
						<tbody>
							{data.users.map((user) => {
								const error =
									actionData?.intent === 'role' && actionData.userId === user.id
										? actionData.error
										: null
								return (
									<tr key={user.id}>
										<td>
											{user.name}
											<br />
											<span className="small muted">{user.createdAt}</span>
										</td>
										<td className="small">
											{[user.email, user.phone].filter(Boolean).join(' · ')}
											{user.hasPassword ? null : (
												<em className="muted">
													{' '}
													({t('auth.admin.noPassword')})
												</em>
											)}
										</td>
										<td>
											{data.canManageRoles ? (
												<Form method="post" className="inline-row">
													<input type="hidden" name="userId" value={user.id} />
													<select
														name="role"
														defaultValue={user.role}
														aria-label={`${t('auth.fields.role')} — ${user.name}`}
													>
														{roles.map((role) => (
															<option key={role} value={role}>
																{t(`auth.roles.${role}`)}
															</option>
														))}
													</select>
													<button
														type="submit"
														name="intent"
														value="role"
														className="secondary"
													>
														{t('auth.admin.changeRole')}
													</button>
													{error ? (
														<span className="field-error">{error}</span>
													) : null}
												</Form>
											) : (
												t(`auth.roles.${user.role}`)
											)}
										</td>
										<td>
											{user.assistedResetAllowed ? (
												<Form method="post">
													<input type="hidden" name="userId" value={user.id} />
													<button
														type="submit"
														name="intent"
														value="reset-link"
														className="secondary"
													>
														{t('auth.admin.resetLink')}
													</button>
												</Form>
											) : (
												<span className="small muted">
													{t('auth.admin.resetSelfOnly')}
												</span>
											)}
											{actionData?.intent === 'reset-link' &&
											actionData.userId === user.id &&
											actionData.error ? (
												<span className="field-error" role="alert">
													{actionData.error}
												</span>
											) : null}
										</td>
									</tr>
								)
							})}
						</tbody>
					</table>
				</div>
			)}
			<Pagination />
		</div>
	)
}
