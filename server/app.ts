import crypto from 'node:crypto'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, {
	type NextFunction,
	type Request,
	type Response,
} from 'express'
import helmet from 'helmet'
import type { ViteDevServer } from 'vite'
import { readCookie } from '#app/utils/cookies.server.ts'
import type { TrustProxy } from '#app/env.server.ts'
import { detectAnonymousLanguage } from '#app/i18n/detect.server.ts'
import { offlineStaticHeaders } from './offline.ts'
import { ALLOW_HEADER, isAllowedMethod, isSameOriginRequest } from './origin.ts'
import { anonymousPageCache } from './page-cache.ts'
import { createRequestHandler } from './remix-handler.ts'
import { requestLimits } from './request-limits.ts'
import { requestLog } from './request-log.ts'

declare module '@remix-run/node' {
	interface AppLoadContext {
		cspNonce: string
		/** The client's IP address (X-Forwarded-For only as far as TRUST_PROXY says): sign-in throttling. */
		clientAddress?: string
	}
}

export type AppOptions = {
	mode: 'production' | 'development'
	root: string
	/** production: the built server bundle */
	build?: ServerBuild
	/** development: Vite in middleware mode */
	vite?: ViteDevServer
	appUrl?: string
	/** Which proxies may name the client in X-Forwarded-For (see env.server.ts). */
	trustProxy?: TrustProxy
	/** A line per request (REQUEST_LOG; see request-log.ts). */
	logRequests?: boolean
}

const SESSION_COOKIE = 'essor_session'

const NONCE_BYTES = 16
let randomPool = Buffer.alloc(0)
let randomOffset = 0
/**
 * A fresh 128-bit nonce per response, cut from a pool of random bytes drawn
 * 256 nonces at a time (one call to the system's generator instead of one
 * per request); no byte is ever used twice.
 */
function newNonce() {
	if (randomOffset + NONCE_BYTES > randomPool.length) {
		randomPool = crypto.randomBytes(NONCE_BYTES * 256)
		randomOffset = 0
	}
	const nonce = randomPool.toString(
		'base64',
		randomOffset,
		(randomOffset += NONCE_BYTES),
	)
	return nonce
}

const REFUSED = {
	crossOrigin: {
		fr: 'Requête d’une autre origine refusée.',
		en: 'Cross-origin request refused.',
	},
	method: {
		fr: `Méthode non prise en charge : seules ${ALLOW_HEADER} le sont.`,
		en: `Method not allowed: only ${ALLOW_HEADER} are.`,
	},
}

export function createApp({
	mode,
	root,
	build,
	vite,
	appUrl,
	trustProxy = false,
	logRequests = false,
}: AppOptions) {
	const app = express()
	app.disable('x-powered-by')
	// First, so that the duration covers everything and refusals are logged too.
	if (logRequests) app.use(requestLog({ build, vite }))
	// NOTE: never `true`: Express would then take the left-most
	// X-Forwarded-For entry, which the client writes itself.
	app.set('trust proxy', trustProxy)

	app.use(compression())

	app.use((_req, res, next) => {
		res.locals.cspNonce = newNonce()
		next()
	})
	const isDev = mode === 'development'
	app.use(
		helmet({
			referrerPolicy: { policy: 'same-origin' },
			crossOriginEmbedderPolicy: false,
			strictTransportSecurity:
				mode === 'production' && appUrl?.startsWith('https:')
					? undefined
					: false,
			contentSecurityPolicy: {
				useDefaults: false,
				directives: {
					'default-src': ["'self'"],
					'script-src': [
						"'self'",
						(_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`,
						...(isDev ? ["'unsafe-inline'"] : []),
					],
					'style-src': ["'self'", ...(isDev ? ["'unsafe-inline'"] : [])],
					'img-src': ["'self'", 'data:'],
					'font-src': ["'self'"],
					'connect-src': ["'self'", ...(isDev ? ['ws:'] : [])],
					'media-src': ["'self'"],
					'object-src': ["'none'"],
					'base-uri': ["'self'"],
					'form-action': ["'self'"],
					'frame-ancestors': ["'none'"],
				},
			},
			// One framing policy: no page is ever framed (CSP above, and this for older browsers).
			xFrameOptions: { action: 'deny' },
		}),
	)

	const refuse = (
		req: Request,
		res: Response,
		status: number,
		problem: keyof typeof REFUSED,
	) => {
		const lang = detectAnonymousLanguage({
			cookie: req.headers.cookie,
			acceptLanguage: req.headers['accept-language'],
		})
		res
			.status(status)
			.type('text/plain; charset=utf-8')
			.send(REFUSED[problem][lang])
	}

	// Only the methods the app uses; TRACE and the rest get a named 405, not Remix's 500.
	app.use((req: Request, res: Response, next: NextFunction) => {
		if (isAllowedMethod(req.method)) return next()
		res.setHeader('Allow', ALLOW_HEADER)
		refuse(req, res, 405, 'method')
	})

	// Cross-site form posts are refused before any route code runs.
	app.use((req: Request, res: Response, next: NextFunction) => {
		if (isSameOriginRequest(req, appUrl)) return next()
		refuse(req, res, 403, 'crossOrigin')
	})

	// A signed-in person's pages, downloads and redirects are theirs alone:
	// neither the browser's cache nor a proxy keeps them. (A route may still
	// say something stricter.)
	app.use((req: Request, res: Response, next: NextFunction) => {
		if (readCookie(req.headers.cookie, SESSION_COOKIE))
			res.setHeader('Cache-Control', 'private, no-store')
		next()
	})

	// Request bodies: forms and uploads only, of bounded size (see request-limits.ts).
	app.use(requestLimits())

	// The issuer id is dereferenced by programs (Open Badges profile, JSON-LD)
	// and opened by people (HTML): one URL, two answers, chosen by Accept.
	app.use((req: Request, res: Response, next: NextFunction) => {
		if (
			(req.method === 'GET' || req.method === 'HEAD') &&
			req.path === '/issuer'
		) {
			res.vary('Accept')
			const wanted = req.accepts([
				'text/html',
				'application/ld+json',
				'application/json',
			])
			if (wanted && wanted !== 'text/html') {
				// NOTE: Remix reads originalUrl; the page cache and routes read url.
				req.url = '/issuer/profile.json'
				req.originalUrl = '/issuer/profile.json'
			}
		}
		next()
	})

	if (vite) {
		app.use(vite.middlewares)
	} else {
		const client = path.join(root, 'build/client')
		app.use(
			'/assets',
			express.static(path.join(client, 'assets'), {
				immutable: true,
				maxAge: '1y',
				index: false,
			}),
		)
		// NOTE: only paths that name a file (/favicon.svg, /sw.js, /icons/x.png…):
		// for a page's path, express.static would ask the disk first and build
		// an error object on the miss, a tenth of a signed-in page's CPU time.
		const files = express.static(client, {
			maxAge: '1h',
			index: false,
			setHeaders: offlineStaticHeaders,
		})
		app.use((req: Request, res: Response, next: NextFunction) =>
			/\.[A-Za-z0-9]+$/.test(req.path) ? files(req, res, next) : next(),
		)
		app.use(anonymousPageCache())
	}

	// `use`, not `all('*')`: Express would decode the path as a route parameter
	// and answer a malformed %-escape with its own English error page; Remix
	// answers it with the app's 404 page instead.
	app.use(
		createRequestHandler({
			mode,
			build: vite
				? () =>
						vite.ssrLoadModule(
							'virtual:remix/server-build',
						) as Promise<ServerBuild>
				: (build as ServerBuild),
			getLoadContext: (req, res) => ({
				cspNonce: res.locals.cspNonce as string,
				clientAddress: req.ip ?? req.socket.remoteAddress,
			}),
		}),
	)
	return app
}
