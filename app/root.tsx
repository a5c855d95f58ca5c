import {
	data,
	type LinksFunction,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import {
	Links,
	Meta,
	Outlet,
	Scripts,
	ScrollRestoration,
	useLocation,
	useMatches,
	useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import { getRootSession } from './auth/session.server.ts'
import { SiteFooter, SiteHeader } from './components/layout.tsx'
import { useRouteErrorText } from './components/route-error.ts'
import type { RouteHandle } from './courses/handle.ts'
import { programmeTimeZone } from './env.server.ts'
import { getFixedTFor, getLanguage } from './i18n/i18n.server.ts'
import { THEME_COLOR, USER_HEADER } from './offline/protocol.ts'
import { offlineUserKey } from './offline/replay.server.ts'
import { fallbackLanguage } from './i18n/config.ts'
import appCss from './styles/app.css?url'
import { useNonce } from './utils/nonce.tsx'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: appCss },
	{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
	const [lang, { user, setCookie }] = await Promise.all([
		getLanguage(request),
		getRootSession(request),
	])
	// Labels asked by key alone are kept by the language's i18n instance.
	const t = await getFixedTFor(lang)
	const headers = new Headers({ Vary: 'Cookie, Accept-Language' })
	// The session's sliding expiry: a renewed session gets its cookie again.
	if (setCookie) headers.append('Set-Cookie', setCookie)
	// Whose page this is, for the service worker's per-person caches (app/offline).
	if (user) headers.set(USER_HEADER, offlineUserKey(user.id))
	return data(
		{
			lang,
			title: t('meta.title'),
			description: t('meta.description'),
			user,
			// Dates are formatted in this zone on the server and in the browser alike.
			timeZone: programmeTimeZone(),
		},
		{ headers },
	)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data?.title ?? 'Essor' },
	{ name: 'description', content: data?.description ?? '' },
]

export function useRootData() {
	return useRouteLoaderData<typeof loader>('root')
}

export function Layout({ children }: { children: ReactNode }) {
	const data = useRootData()
	const nonce = useNonce()
	const lang = data?.lang ?? fallbackLanguage
	// Reading pages opt out of JavaScript entirely (handle.hydrate === false):
	// they are plain HTML forms and links, light on slow networks.
	const hydrate = !useMatches().some(
		(m) => (m.handle as RouteHandle | undefined)?.hydrate === false,
	)
	return (
		<html lang={lang} dir="ltr">
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<meta name="theme-color" content={THEME_COLOR} />
				<Meta />
				<Links />
				<link rel="manifest" href={`/manifest.${lang}.webmanifest`} />
			</head>
			<body>
				<SiteHeader user={data?.user ?? null} />
				<main id="main" tabIndex={-1}>
					{children}
				</main>
				<SiteFooter />
				{/* Offline use (app/offline): also on pages without JavaScript, which work without it. */}
				<script src="/offline.js" defer data-tz={data?.timeZone} />
				{hydrate ? (
					<>
						<ScrollRestoration nonce={nonce} />
						<Scripts nonce={nonce} />
					</>
				) : null}
			</body>
		</html>
	)
}

export default function App() {
	const data = useRootData()
	useChangeLanguage(data?.lang ?? fallbackLanguage)
	return <Outlet />
}

export function ErrorBoundary() {
	const { t } = useTranslation()
	const { title, message } = useRouteErrorText()
	const location = useLocation()
	return (
		<div className="page narrow" data-error-path={location.pathname}>
			<h1>{title}</h1>
			<p>{message}</p>
			<p>
				<a href="/">{t('errors.backHome')}</a>
			</p>
		</div>
	)
}
