import { Form, NavLink, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { roleHasPermission } from '#app/auth/permissions.ts'
import { supportedLanguages } from '#app/i18n/config.ts'

export type HeaderUser = {
	id: string
	name: string
	role: string
	demo?: boolean
	pendingInvitations?: number
}

export function SiteHeader({ user }: { user: HeaderUser | null }) {
	const { t } = useTranslation()
	return (
		<header className="site-header">
			<a className="skip-link" href="#main">
				{t('layout.skipToContent')}
			</a>
			<div className="site-header__inner">
				<a className="brand" href="/">
					<span aria-hidden="true" className="brand__mark">
						▲
					</span>
					Essor
				</a>
				<nav aria-label={t('layout.mainNav')} className="main-nav">
					<ul>
						{user?.role === 'learner' ? (
							<li>
								<NavLink to="/training" prefetch="none">
									{t('training.navLink')}
								</NavLink>
							</li>
						) : null}
						<li>
							<NavLink to="/courses" prefetch="none">
								{t('layout.courses')}
							</NavLink>
						</li>
						{user && roleHasPermission(user.role, 'manage:cohort:own') ? (
							<li>
								<NavLink to="/cohorts" prefetch="none">
									{t('layout.cohorts')}
								</NavLink>
							</li>
						) : null}
						{user && roleHasPermission(user.role, 'read:report:own') ? (
							<li>
								<NavLink to="/reports" prefetch="none">
									{t('layout.reports')}
								</NavLink>
							</li>
						) : null}
						{user && roleHasPermission(user.role, 'manage:user:any') ? (
							<li>
								<NavLink to="/admin/users" prefetch="none">
									{t('layout.admin')}
								</NavLink>
							</li>
						) : null}
						<li>
							<NavLink to="/verify" prefetch="none">
								{t('layout.verify')}
							</NavLink>
						</li>
					</ul>
				</nav>
				<AccountLinks user={user} />
				<LanguageSwitcher />
			</div>
		</header>
	)
}

function AccountLinks({ user }: { user: HeaderUser | null }) {
	const { t } = useTranslation()
	if (!user) {
		return (
			<ul className="account-links" aria-label={t('layout.account')}>
				<li>
					<NavLink to="/login" prefetch="none">
						{t('layout.signIn')}
					</NavLink>
				</li>
				<li>
					<NavLink to="/signup" prefetch="none">
						{t('layout.signUp')}
					</NavLink>
				</li>
			</ul>
		)
	}
	return (
		<ul className="account-links" aria-label={t('layout.account')}>
			<li>
				<NavLink
					to="/account"
					prefetch="none"
					className="account-links__name"
					data-testid="account-link"
				>
					{user.name}
				</NavLink>
				{user.demo ? (
					<span className="demo-badge" title={t('layout.demoAccountHelp')}>
						{t('layout.demoAccount')}
					</span>
				) : null}
			</li>
			{user.pendingInvitations ? (
				<li>
					<NavLink
						to="/invitations"
						prefetch="none"
						className="invitation-link"
					>
						{t('cohorts.invitations.pending', {
							count: user.pendingInvitations,
						})}
					</NavLink>
				</li>
			) : null}
			<li>
				<Form
					method="post"
					action="/logout"
					className="inline-form"
					reloadDocument
				>
					<button type="submit" className="link-button">
						{t('layout.signOut')}
					</button>
				</Form>
			</li>
		</ul>
	)
}

export function LanguageSwitcher() {
	const { t, i18n } = useTranslation()
	const location = useLocation()
	return (
		<Form
			method="post"
			action="/language"
			className="language-switcher"
			reloadDocument
		>
			<input
				type="hidden"
				name="redirectTo"
				value={`${location.pathname}${location.search}`}
			/>
			<div
				role="group"
				aria-labelledby="language-switcher-label"
				className="language-switcher__group"
			>
				<span className="visually-hidden" id="language-switcher-label">
					{t('layout.language')}
				</span>
				{supportedLanguages.map((lng) => (
					// The accessible name starts with the visible "FR"/"EN" (WCAG 2.5.3, label in name),
					// then the language's own name for screen readers.
					<button
						key={lng}
						type="submit"
						name="lng"
						value={lng}
						lang={lng}
						aria-current={i18n.language === lng ? 'true' : undefined}
					>
						{lng.toUpperCase()}
						<span className="visually-hidden"> {t(`languages.${lng}`)}</span>
					</button>
				))}
			</div>
		</Form>
	)
}

export function SiteFooter() {
	const { t } = useTranslation()
	return (
		<footer className="site-footer">
			<p>{t('layout.footer')}</p>
		</footer>
	)
}
