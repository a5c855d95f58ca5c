import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AccountPanelError } from '#app/auth/components/account-panel.tsx'
import {
	blankSessionCookie,
	endUserSession,
	invalidateUserSessions,
	listUserSessions,
	requireSession,
} from '#app/auth/session.server.ts'
import { describeUserAgent } from '#app/auth/user-agent.ts'
import { getFormat, getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { badRequest, invariantResponse } from '#app/utils/invariant.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, session } = await requireSession(request)
	const [t, format, sessions] = await Promise.all([
		getT(request),
		getFormat(request),
		listUserSessions(user.id),
	])
	return data({
		title: `${t('auth.account.sessionsTitle')} · ${t('auth.account.title')}`,
		sessions: sessions.map((s) => ({
			id: s.id,
			current: s.id === session.id,
			device: describeUserAgent(s.userAgent),
			userAgent: s.userAgent,
			signedInAt: format.dateTime(s.createdAt),
			lastSeen: format.dateTime(s.lastSeenAt),
		})),
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request }: ActionFunctionArgs) {
	const { user, session } = await requireSession(request)
	const formData = await readFormData(request)
	switch (formData.get('intent')) {
		case 'end-session': {
			const sessionId = String(formData.get('sessionId') ?? '')
			invariantResponse(
				await endUserSession(user.id, sessionId),
				'errors.sessionNotFound',
				{ status: 404 },
			)
			if (sessionId === session.id)
				return redirect('/login', {
					headers: { 'Set-Cookie': blankSessionCookie() },
				})
			return redirect('/account/sessions?sessionEnded')
		}
		case 'end-others':
			await invalidateUserSessions(user.id, { except: session.id })
			return redirect('/account/sessions?othersEnded')
		case 'end-all':
			await invalidateUserSessions(user.id)
			return redirect('/login', {
				headers: { 'Set-Cookie': blankSessionCookie() },
			})
		default:
			throw badRequest('errors.unknownAction')
	}
}

export default function SessionsPanel() {
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

export const ErrorBoundary = AccountPanelError
