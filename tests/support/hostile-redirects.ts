/**
 * `redirectTo` values that try to leave the site: absolute and
 * protocol-relative URLs, dot segments that collapse into "//host",
 * backslashes (browsers read "\" as "/"), encoded and control-character
 * forms, other schemes.
 */
export const HOSTILE_REDIRECTS = [
	'https://evil.example/',
	'//evil.example/',
	'///evil.example/',
	'/\\evil.example',
	'\\\\evil.example',
	'/.//evil.example',
	'/..//evil.example',
	'/./..//evil.example/path',
	'/a/../..//evil.example',
	'/%2e//evil.example',
	'/%2e%2e//evil.example',
	'/.%2e//evil.example',
	'/%2F%2Fevil.example',
	'/%5Cevil.example',
	'/%5C%5Cevil.example',
	'/\t/evil.example',
	'/\n/evil.example',
	' //evil.example',
	'/ /evil.example',
	'http:evil.example',
	'https:/evil.example',
	'javascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'/．//evil.example',
	'@evil.example',
] as const

/**
 * True when a browser following `target` (a Location header or a form's
 * redirect value) from `origin` would end up on another site.
 */
export function leavesOrigin(target: string, origin: string): boolean {
	const value = target.trim()
	if (value === '') return false
	// Browsers treat "\" as "/" in special URLs, and strip tabs and newlines.
	const browserish = value.replace(/\\/g, '/').replace(/[\t\n\r]/g, '')
	if (browserish.startsWith('//')) return true
	try {
		return new URL(browserish, origin).origin !== new URL(origin).origin
	} catch {
		return true
	}
}
