import { gzipSync } from 'node:zlib'
import type { NextFunction, Request, Response } from 'express'

/**
 * A small in-memory cache of the public reading pages (catalog, courses,
 * lessons) for visitors who are not signed in: their HTML depends only on the
 * path and the language, and content changes only with a new build (a restart
 * empties the cache). Signed-in requests, data requests and anything with a
 * query string always reach Remix.
 */

type Entry = {
	status: number
	headers: Record<string, string>
	body: Buffer
	gzipped: Buffer
	expires: number
}

const CACHEABLE = /^\/(courses(\/[a-z0-9-]+){0,2})?\/?$/
const SESSION_COOKIE = /(?:^|;\s*)essor_session=/

export function anonymousPageCache({ ttlMs = 60_000, maxEntries = 500 } = {}) {
	const entries = new Map<string, Entry>()
	return (req: Request, res: Response, next: NextFunction) => {
		if (
			req.method !== 'GET' ||
			!CACHEABLE.test(req.path) ||
			req.originalUrl.includes('?')
		)
			return next()
		const cookies = req.headers.cookie ?? ''
		if (SESSION_COOKIE.test(cookies)) return next()
		const lng = /(?:^|;\s*)lng=([a-z]{2})/.exec(cookies)?.[1] ?? ''
		const key = `${req.path}\0${lng}\0${lng ? '' : (req.headers['accept-language'] ?? '')}`
		const hit = entries.get(key)
		if (hit && hit.expires > Date.now()) {
			res.status(hit.status).set(hit.headers).set('X-Page-Cache', 'hit')
			// Compressed once when stored: a hit costs no gzip work (the compression
			// middleware leaves responses that already have a Content-Encoding).
			if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
				res
					.set('Content-Encoding', 'gzip')
					.set('Content-Length', String(hit.gzipped.length))
					.end(hit.gzipped)
			} else {
				res.end(hit.body)
			}
			return
		}
		const chunks: Buffer[] = []
		const write = res.write.bind(res)
		const end = res.end.bind(res)
		res.write = ((chunk: unknown, ...rest: unknown[]) => {
			if (chunk) chunks.push(Buffer.from(chunk as Buffer))
			return (write as (...a: unknown[]) => boolean)(chunk, ...rest)
		}) as Response['write']
		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			if (chunk && typeof chunk !== 'function')
				chunks.push(Buffer.from(chunk as Buffer))
			if (res.statusCode === 200 && !res.getHeader('set-cookie')) {
				if (entries.size >= maxEntries)
					entries.delete(entries.keys().next().value!)
				entries.set(key, {
					status: 200,
					headers: {
						'Content-Type': String(
							res.getHeader('content-type') ?? 'text/html; charset=utf-8',
						),
						'Content-Language': String(res.getHeader('content-language') ?? ''),
						Vary: 'Cookie, Accept-Language',
					},
					body: Buffer.concat(chunks),
					gzipped: gzipSync(Buffer.concat(chunks)),
					expires: Date.now() + ttlMs,
				})
			}
			return (end as (...a: unknown[]) => Response)(chunk, ...rest)
		}) as Response['end']
		next()
	}
}
