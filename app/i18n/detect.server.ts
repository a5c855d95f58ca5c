import Negotiator from 'negotiator'
import { readCookie } from '#app/utils/cookies.server.ts'
import {
	fallbackLanguage,
	isLanguage,
	supportedLanguages,
	type Language,
} from './config.ts'

/**
 * Language detection without the session, shared by the app and the server's
 * own answers (body limits, page cache): the `lng` cookie, then
 * Accept-Language with its q-values (negotiator, as Express uses), then
 * French.
 */

export const LANGUAGE_COOKIE = 'lng'

export function languageFromCookie(
	cookieHeader: string | null | undefined,
): Language | null {
	const value = readCookie(cookieHeader, LANGUAGE_COOKIE)
	return isLanguage(value) ? value : null
}

export function languageFromAcceptLanguage(
	header: string | null | undefined,
): Language | null {
	if (!header) return null
	const chosen = new Negotiator({
		headers: { 'accept-language': header },
	}).language([...supportedLanguages])
	return isLanguage(chosen) ? chosen : null
}

export function detectAnonymousLanguage(headers: {
	cookie?: string | null
	acceptLanguage?: string | null
}): Language {
	return (
		languageFromCookie(headers.cookie) ??
		languageFromAcceptLanguage(headers.acceptLanguage) ??
		fallbackLanguage
	)
}
