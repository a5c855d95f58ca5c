import type { Request } from 'express'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function firstForwardedHost(value: string | string[] | undefined) {
	const text = Array.isArray(value) ? value[0] : value
	return text?.split(',')[0]?.trim() || undefined
}

/**
 * Every state-changing request must come from our own pages. Browsers send
 * `Origin` on every POST; a request without it (a script, curl) carries no
 * victim's cookies, so only a present and foreign Origin is refused, and
 * `Sec-Fetch-Site` is the fallback where Origin is absent.
 *
 * A present Origin must be this server's (its Host) or APP_URL's origin, and
 * its host must also be the one the request names (X-Forwarded-Host, else
 * Host): Remix refuses any other action with a bare 500, so this check
 * answers it first with the named 403 every cross-site post gets. Behind a
 * proxy, the proxy passes the public host on (Host or X-Forwarded-Host).
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
	let originUrl: URL
	try {
		originUrl = new URL(origin)
	} catch {
		return false
	}
	if (origin === 'null' || originUrl.origin === 'null') return false
	const host = req.headers.host
	const allowed = new Set<string>()
	if (typeof host === 'string') allowed.add(`${req.protocol}://${host}`)
	if (appUrl) allowed.add(new URL(appUrl).origin)
	if (!allowed.has(originUrl.origin)) return false
	const named = firstForwardedHost(req.headers['x-forwarded-host']) ?? host
	return named === originUrl.host
}

const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'POST'])
export const ALLOW_HEADER = [...ALLOWED_METHODS].join(', ')

/** Essor's pages and forms use GET and POST only; anything else (TRACE, PUT, OPTIONS…) gets a named 405. */
export function isAllowedMethod(method: string): boolean {
	return ALLOWED_METHODS.has(method.toUpperCase())
}
