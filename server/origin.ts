import type { Request } from 'express'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Every state-changing request must come from our own pages. Browsers send
 * `Origin` on every POST; a request without it (a script, curl) carries no
 * victim's cookies, so only a present and foreign Origin is refused, and
 * `Sec-Fetch-Site` is the fallback where Origin is absent.
 */
export function isSameOriginRequest(
	req: Pick<Request, 'method' | 'headers' | 'protocol'>,
	appUrl?: string,
): boolean {
	if (SAFE_METHODS.has(req.method.toUpperCase())) return true
	const origin = req.headers.origin
	if (origin === undefined) {
		const site = req.headers['sec-fetch-site']
		return site === undefined || site === 'same-origin' || site === 'none'
	}
	if (origin === 'null') return false
	const allowed = new Set<string>()
	const host = req.headers.host
	if (typeof host === 'string') {
		allowed.add(`${req.protocol}://${host}`)
	}
	if (appUrl) allowed.add(new URL(appUrl).origin)
	return allowed.has(origin)
}
