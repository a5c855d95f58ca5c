import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import en from './locales/en.json'
import fr from './locales/fr.json'
import { defaultNS, fallbackLanguage, supportedLanguages, type Language } from './config.ts'

export const resources = { fr: { [defaultNS]: fr }, en: { [defaultNS]: en } }

export const languageCookie = createCookie('lng', {
	path: '/',
	sameSite: 'lax',
	httpOnly: true,
	secure: process.env.NODE_ENV === 'production' && !process.env.INSECURE_COOKIES,
	maxAge: 60 * 60 * 24 * 365,
})

export const i18nServer = new RemixI18Next({
	detection: {
		supportedLanguages: [...supportedLanguages],
		fallbackLanguage,
		cookie: languageCookie,
		order: ['cookie', 'header'],
	},
	i18next: { resources, defaultNS, interpolation: { escapeValue: false } },
})

export async function getLanguage(request: Request): Promise<Language> {
	return (await i18nServer.getLocale(request)) as Language
}

export async function getT(request: Request) {
	return i18nServer.getFixedT(request)
}
