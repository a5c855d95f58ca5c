import { Form, NavLink, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { supportedLanguages } from '#app/i18n/config.ts'

export function SiteHeader() {
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
						<li>
							<NavLink to="/courses" prefetch="none">
								{t('layout.courses')}
							</NavLink>
						</li>
					</ul>
				</nav>
				<LanguageSwitcher />
			</div>
		</header>
	)
}

export function LanguageSwitcher() {
	const { t, i18n } = useTranslation()
	const location = useLocation()
	return (
		<Form method="post" action="/language" className="language-switcher" reloadDocument>
			<input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
			<span className="visually-hidden">{t('layout.language')}</span>
			{supportedLanguages.map((lng) => (
				<button
					key={lng}
					type="submit"
					name="lng"
					value={lng}
					lang={lng}
					aria-current={i18n.language === lng ? 'true' : undefined}
					aria-label={t(`languages.${lng}`)}
				>
					{lng.toUpperCase()}
				</button>
			))}
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
