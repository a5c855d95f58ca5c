import { z } from 'zod'

const DEFAULT_REDIRECT = '/'

/**
 * The hidden `redirectTo` field of a form: a tampered value (several values,
 * a file) is dropped rather than turned into an error no one can see. Typed
 * as the plain optional string the form renders.
 */
export const redirectToField = z
	.string()
	.optional()
	.catch(undefined) as unknown as z.ZodOptional<z.ZodString>

/**
 * Returns `to` when it is a path on this site, else `fallback`: never an
 * absolute URL, a protocol-relative `//host`, or a backslash trick.
 */
export function safeRedirect(
	to: FormDataEntryValue | string | null | undefined,
	fallback = DEFAULT_REDIRECT,
): string {
	if (typeof to !== 'string' || !to) return fallback
	const value = to.trim()
	if (
		!value.startsWith('/') ||
		value.startsWith('//') ||
		value.startsWith('/\\')
	)
		return fallback
	if (/[\u0000-\u001f\\]/.test(value)) return fallback
	try {
		const url = new URL(value, 'http://essor.invalid')
		if (url.origin !== 'http://essor.invalid') return fallback
		const path = `${url.pathname}${url.search}${url.hash}`
		// NOTE: dot segments collapse after the first check: "/.//host" and
		// "/..//host" become "//host", which a browser reads as another site.
		if (path.startsWith('//') || path.startsWith('/\\')) return fallback
		return path
	} catch {
		return fallback
	}
}
