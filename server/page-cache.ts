import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import type { NextFunction, Request, Response } from 'express'
import { detectAnonymousLanguage } from '#app/i18n/detect.server.ts'
import { readCookie } from '#app/utils/cookies.server.ts'
import {
	acceptedEncoding,
	encodePage,
	type PageEncoding,
} from '#app/utils/page-encoding.server.ts'

/**
 * A small in-memory cache of the public reading pages (catalog, courses,
 * lessons) for visitors who are not signed in: their HTML depends only on the
 * path and the language, and content changes only with a new build (a restart
 * empties the cache). Signed-in requests, data requests and anything with a
 * query string always reach Remix. Each server process has its own cache:
 * losing it costs one render.
 *
 * A page with scripts carries the CSP nonce of the response it was rendered
 * for; a hit gets this response's nonce written in its place, so its scripts
 * run under this response's Content-Security-Policy.
 */

type Entry = {
	status: number
	headers: Record<string, string>
	body: Buffer
	/** The nonce rendered into `body`, when the page has scripts. */
	nonce: string | null
	/** `body` compressed, per encoding asked for so far; null for a page with scripts (its nonce changes per response). */
	encoded: Partial<Record<PageEncoding, Uint8Array>> | null
	expires: number
}

const CACHEABLE = /^\/(courses(\/[a-z0-9-]+){0,2})?\/?$/
const SESSION_COOKIE = 'essor_session'

/** The bytes the app wrote, decoded from the encoding it gave them (app/utils/page-encoding.server.ts); null if unknown or broken. */
function decoded(bytes: Buffer, encoding: string): Buffer | null {
	try {
		if (encoding === 'identity') return bytes
		if (encoding === 'gzip') return gunzipSync(bytes)
		if (encoding === 'br') return brotliDecompressSync(bytes)
	} catch {
		// not stored
	}
	return null
}

export function anonymousPageCache({ ttlMs = 60_000, maxEntries = 500 } = {}) {
	const entries = new Map<string, Entry>()
	return (req: Request, res: Response, next: NextFunction) => {
		if (
			req.method !== 'GET' ||
			!CACHEABLE.test(req.path) ||
			req.originalUrl.includes('?')
		)
			return next()
		if (readCookie(req.headers.cookie, SESSION_COOKIE)) return next()
		const lang = detectAnonymousLanguage({
			cookie: req.headers.cookie,
			acceptLanguage: req.headers['accept-language'],
		})
		const key = `${req.path}\0${lang}`
		const nonce = String(res.locals.cspNonce ?? '')
		const hit = entries.get(key)
		if (hit && hit.expires > Date.now()) {
			res.status(hit.status).set(hit.headers).set('X-Page-Cache', 'hit')
			const encoding =
				hit.encoded &&
				acceptedEncoding(req.headers['accept-encoding'], hit.body.length)
			if (hit.encoded === null) {
				// Scripts: this response's nonce (the compression middleware compresses it).
				res.end(
					Buffer.from(hit.body.toString('utf8').replaceAll(hit.nonce!, nonce)),
				)
			} else if (encoding) {
				// Compressed once per encoding, as a page the app renders: later hits
				// cost no compression (the middleware leaves responses that already
				// have a Content-Encoding).
				const bytes = (hit.encoded[encoding] ??= encodePage(hit.body, encoding))
				res
					.set('Content-Encoding', encoding)
					.set('Content-Length', String(bytes.length))
					.end(bytes)
			} else {
				res.end(hit.body)
			}
			return
		}
		const chunks: Buffer[] = []
		const write = res.write.bind(res)
		const end = res.end.bind(res)
		// The encoding the app itself gave its bytes, read before the first
		// write hands them on: the compression middleware sets its own
		// Content-Encoding then, on bytes that reach this cache uncompressed.
		let encoding: string | undefined
		const appEncoding = () =>
			(encoding ??= String(res.getHeader('content-encoding') ?? 'identity'))
		res.write = ((chunk: unknown, ...rest: unknown[]) => {
			appEncoding()
			if (chunk) chunks.push(Buffer.from(chunk as Buffer))
			return (write as (...a: unknown[]) => boolean)(chunk, ...rest)
		}) as Response['write']
		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			const given = appEncoding()
			if (chunk && typeof chunk !== 'function')
				chunks.push(Buffer.from(chunk as Buffer))
			// The app compresses its pages itself (app/utils/page-encoding.server.ts):
			// stored as their HTML all the same.
			const written = Buffer.concat(chunks)
			const body = decoded(written, given)
			if (body && res.statusCode === 200 && !res.getHeader('set-cookie')) {
				if (entries.size >= maxEntries)
					entries.delete(entries.keys().next().value!)
				const scripts = nonce !== '' && body.includes(`nonce="${nonce}"`)
				entries.set(key, {
					status: 200,
					headers: {
						'Content-Type': String(
							res.getHeader('content-type') ?? 'text/html; charset=utf-8',
						),
						'Content-Language': String(res.getHeader('content-language') ?? ''),
						Vary: 'Cookie, Accept-Language',
					},
					body,
					nonce: scripts ? nonce : null,
					encoded: scripts
						? null
						: given === 'br' || given === 'gzip'
							? { [given]: written }
							: {},
					expires: Date.now() + ttlMs,
				})
			}
			return (end as (...a: unknown[]) => Response)(chunk, ...rest)
		}) as Response['end']
		next()
	}
}
