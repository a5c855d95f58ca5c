import type { Cookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import { getUserLanguage } from '#app/auth/session.server.ts'
import en from './locales/en.ts'
import fr from './locales/fr.ts'
import { defaultNS, fallbackLanguage, isLanguage, supportedLanguages, type Language } from './config.ts'

export const resources = { fr: { [defaultNS]: fr }, en: { [defaultNS]: en } }

const LANGUAGE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365

// A plain `lng=en` cookie (not Remix's base64 JSON encoding), so that any
// client or proxy can read or set the language.
export const languageCookie: Cookie = {
	name: 'lng',
	isSigned: false,
	expires: undefined,
	async parse(header) {
		const match = /(?:^|;\s*)lng=([^;]*)/.exec(header ?? '')
		const value = match ? decodeURIComponent(match[1] ?? '') : null
		return isLanguage(value) ? value : null
	},
	async serialize(value) {
		const secure = process.env.NODE_ENV === 'production' && !process.env.INSECURE_COOKIES
		return `lng=${encodeURIComponent(String(value))}; Path=/; Max-Age=${LANGUAGE_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly${secure ? '; Secure' : ''}`
	},
}

export const i18nServer = new RemixI18Next({
	detection: {
		supportedLanguages: [...supportedLanguages],
		fallbackLanguage,
		cookie: languageCookie,
		order: ['cookie', 'header'],
	},
	i18next: { resources, defaultNS, interpolation: { escapeValue: false } },
})

/** The `lng` cookie first, then the signed-in user's preferred language, then Accept-Language. */
export async function getLanguage(request: Request): Promise<Language> {
	const chosen = await languageCookie.parse(request.headers.get('Cookie'))
	if (isLanguage(chosen)) return chosen
	return (await getUserLanguage(request)) ?? ((await i18nServer.getLocale(request)) as Language)
}

export async function getT(request: Request) {
	return i18nServer.getFixedT(await getLanguage(request))
}
