import {
	data,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireSession } from '#app/auth/session.server.ts'
import { getT } from '#app/i18n/i18n.server.ts'

/**
 * The account page: who is signed in, the account's sections, and the open
 * section below them (account._index and account.* routes, each with its own
 * loader, action and error boundary).
 */

/** What a section's action says it did, shown after its redirect (`?profileSaved`…). */
const NOTICES = [
	'profileSaved',
	'contactSaved',
	'passwordChanged',
	'sessionEnded',
	'othersEnded',
] as const

const SECTIONS = [
	{ to: '/account', label: 'auth.account.overviewTitle' },
	{ to: '/account/profile', label: 'auth.account.profileTitle' },
	{ to: '/account/contact', label: 'auth.account.contactTitle' },
	{ to: '/account/password', label: 'auth.account.passwordTitle' },
	{ to: '/account/sessions', label: 'auth.account.sessionsTitle' },
	{ to: '/account/delete', label: 'auth.account.deleteTitle' },
] as const

export async function loader({ request }: LoaderFunctionArgs) {
	// Who is signed in comes with the session (one query): no second read of the account.
	const { user } = await requireSession(request)
	const t = await getT(request)
	const url = new URL(request.url)
	return data({
		title: t('auth.account.title'),
		notice: NOTICES.find((n) => url.searchParams.has(n)) ?? null,
		account: {
			name: user.name,
			role: user.role,
			email: user.email,
			phone: user.phone,
		},
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export default function AccountLayout() {
	const { account, notice } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
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
			<nav
				className="actions account-nav"
				aria-label={t('auth.account.sectionsNav')}
			>
				{SECTIONS.map((section) => (
					<NavLink key={section.to} to={section.to} end>
						{t(section.label)}
					</NavLink>
				))}
			</nav>
			{notice ? (
				<p className="notice" role="status">
					{t(`auth.account.${notice}`)}
				</p>
			) : null}
			<Outlet />
		</div>
	)
}
