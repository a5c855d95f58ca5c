import { createInstance, type i18n as I18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { getUserLanguage } from '#app/auth/session.server.ts'
import { programmeTimeZone } from '#app/env.server.ts'
import en from './locales/en.ts'
import fr from './locales/fr.ts'
import { writeCookie } from '#app/utils/cookies.server.ts'
import { defaultNS, fallbackLanguage, type Language } from './config.ts'
import {
	languageFromAcceptLanguage,
	languageFromCookie,
	LANGUAGE_COOKIE,
} from './detect.server.ts'
import { getFormatter } from './format.ts'

export const resources = { fr: { [defaultNS]: fr }, en: { [defaultNS]: en } }

const LANGUAGE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365

// A plain `lng=en` cookie (not Remix's base64 JSON encoding), so that any
// client or proxy can read or set the language.
export const languageCookie = {
	name: LANGUAGE_COOKIE,
	parse: (header: string | null | undefined) => languageFromCookie(header),
	serialize: (value: Language) =>
		writeCookie(LANGUAGE_COOKIE, value, {
			maxAgeSeconds: LANGUAGE_COOKIE_MAX_AGE,
		}),
}

const languages = new WeakMap<Request, Promise<Language>>()

/**
 * The `lng` cookie first, then the signed-in user's preferred language, then
 * Accept-Language. Worked out once per request (root, route and document
 * rendering all ask).
 */
export function getLanguage(request: Request): Promise<Language> {
	let language = languages.get(request)
	if (!language) {
		language = detectLanguage(request)
		languages.set(request, language)
	}
	return language
}

async function detectLanguage(request: Request): Promise<Language> {
	return (
		languageFromCookie(request.headers.get('Cookie')) ??
		(await getUserLanguage(request)) ??
		languageFromAcceptLanguage(request.headers.get('Accept-Language')) ??
		fallbackLanguage
	)
}

// NOTE: one initialised i18next instance per language for the whole process;
// creating one per request (remix-i18next's getFixedT) cost more than the
// rest of a lesson page's loader. The instances are never changed after init.
const instances = new Map<Language, Promise<I18n>>()

export function getI18nInstance(language: Language): Promise<I18n> {
	let instance = instances.get(language)
	if (!instance) {
		const created = createInstance()
		instance = created
			.use(initReactI18next)
			.init({
				lng: language,
				resources,
				defaultNS,
				fallbackLng: false,
				interpolation: { escapeValue: false },
			})
			.then(() => keepPlainTranslations(created))
		instances.set(language, instance)
	}
	return instance
}

const PLAIN_OPTIONS = new Set(['lng', 'lngs', 'ns', 'keyPrefix'])

/** Options that only say what the instance would use anyway (what react-i18next's `t` passes for `t('key')`). */
function isPlain(
	options: unknown,
	instance: I18n,
): options is undefined | { ns?: string } {
	if (options === undefined) return true
	if (typeof options !== 'object' || options === null) return false
	// NOTE: for…in, not Object.entries: this runs for each label of each page.
	for (const name in options) {
		if (!PLAIN_OPTIONS.has(name)) return false
		const value = (options as Record<string, unknown>)[name]
		if (name === 'lng' && value !== undefined && value !== instance.language)
			return false
		if (name === 'ns' && value !== undefined && typeof value !== 'string')
			return false
		if ((name === 'lngs' || name === 'keyPrefix') && value) return false
	}
	return true
}

/**
 * A page asks for some sixty labels, most of them by key alone, and i18next
 * resolves each anew (about 3 µs: namespaces, fallbacks, nesting and
 * interpolation scans). The instances and their resources never change
 * after init, so a key asked without options always gives the same text:
 * it is kept per instance. Calls with values (counts, names...) are
 * translated as before.
 */
function keepPlainTranslations(instance: I18n): I18n {
	const translate = instance.t.bind(instance) as unknown as (
		...args: unknown[]
	) => unknown
	const kept = new Map<string, string>()
	instance.t = ((key: unknown, options?: unknown, ...rest: unknown[]) => {
		if (typeof key !== 'string' || rest.length || !isPlain(options, instance))
			return translate(key, options, ...rest)
		const id = `${options?.ns ?? ''}\0${key}`
		let text = kept.get(id)
		if (text === undefined) {
			const translated = translate(key, options)
			// A missing key (answered with itself) is not kept: the map holds
			// only the resources' keys, whatever a caller asks for.
			if (typeof translated !== 'string' || translated === key)
				return translated
			kept.set(id, (text = translated))
		}
		return text
	}) as unknown as I18n['t']
	return instance
}

export async function getT(request: Request) {
	const language = await getLanguage(request)
	return (await getI18nInstance(language)).getFixedT(language)
}

export async function getFixedTFor(language: Language) {
	return (await getI18nInstance(language)).getFixedT(language)
}

/** The formatter of the request's language, in the programme's time zone (see format.ts). */
export async function getFormat(request: Request) {
	return getFormatter(await getLanguage(request), programmeTimeZone())
}
