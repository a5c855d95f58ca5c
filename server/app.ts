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
import { isSameOriginRequest } from './origin.ts'
import { anonymousPageCache } from './page-cache.ts'
import { createRequestHandler } from './remix-handler.ts'
import { requestLimits } from './request-limits.ts'

declare module '@remix-run/node' {
	interface AppLoadContext {
		cspNonce: string
		/** The client's IP address (X-Forwarded-For only with TRUST_PROXY=1): sign-in throttling. */
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
}

export function createApp({ mode, root, build, vite, appUrl }: AppOptions) {
	const app = express()
	app.disable('x-powered-by')
	app.set('trust proxy', process.env.TRUST_PROXY === '1')

	app.use(compression())

	app.use((_req, res, next) => {
		res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
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
		}),
	)

	// Cross-site form posts are refused before any route code runs.
	app.use((req: Request, res: Response, next: NextFunction) => {
		if (isSameOriginRequest(req, appUrl)) return next()
		res
			.status(403)
			.type('text/plain; charset=utf-8')
			.send(
				'Cross-origin request refused / Requête d’une autre origine refusée',
			)
	})

	// Request bodies: forms and uploads only, of bounded size (see request-limits.ts).
	app.use(requestLimits())

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
		app.use(express.static(client, { maxAge: '1h', index: false }))
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
