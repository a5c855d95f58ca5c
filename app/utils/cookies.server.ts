import { parse, serialize } from 'cookie'
import { secureCookies } from '#app/env.server.ts'

/**
 * The one way Essor reads and writes cookies (the `cookie` package): every
 * cookie is Path=/, SameSite=Lax, HttpOnly unless said otherwise, and Secure
 * whenever secureCookies() says so.
 */

/** A cookie's value from a Cookie header; null when absent or empty. */
export function readCookie(
	header: string | null | undefined,
	name: string,
): string | null {
	if (!header) return null
	// NOTE: a malformed %-escape is kept as typed (the package does not throw on it).
	return parse(header)[name] || null
}

export function writeCookie(
	name: string,
	value: string,
	{
		maxAgeSeconds,
		httpOnly = true,
	}: { maxAgeSeconds: number; httpOnly?: boolean },
): string {
	return serialize(name, value, {
		path: '/',
		sameSite: 'lax',
		httpOnly,
		secure: secureCookies(),
		maxAge: maxAgeSeconds,
		...(maxAgeSeconds <= 0 ? { expires: new Date(0) } : {}),
	})
}

export function clearCookie(name: string): string {
	return writeCookie(name, '', { maxAgeSeconds: 0 })
}
