import { type Server } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { startMailWorker } from '#app/auth/mail-queue.server.ts'
import type { Env } from '#app/env.server.ts'
import { createApp } from './app.ts'
import { warmUp } from './warm-up.ts'

export async function startServer(
	env: Env,
	root: string,
	{ quiet = false }: { quiet?: boolean } = {},
) {
	const mode = env.NODE_ENV === 'development' ? 'development' : 'production'
	let app
	if (mode === 'development') {
		const vite = await import('vite').then((v) =>
			v.createServer({ root, server: { middlewareMode: true } }),
		)
		app = createApp({
			mode,
			root,
			vite,
			appUrl: env.APP_URL,
			trustProxy: env.TRUST_PROXY,
			logRequests: env.REQUEST_LOG,
		})
	} else {
		const buildPath = path.join(root, 'build/server/index.js')
		const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild
		const warming = performance.now()
		const warm = await (
			build.entry.module as {
				warmUp?: () => Promise<{ lessonBodies: number }>
			}
		).warmUp?.()
		if (warm && !quiet)
			console.log(
				`${warm.lessonBodies} lesson bodies rendered ahead in ${Math.round(performance.now() - warming)} ms`,
			)
		const options = {
			mode,
			root,
			build,
			appUrl: env.APP_URL,
			trustProxy: env.TRUST_PROXY,
		} as const
		if (env.WARM_UP_ROUNDS > 0) {
			try {
				// An app of its own: its page cache and request log stay empty.
				const warm = await warmUp(createApp(options), {
					rounds: env.WARM_UP_ROUNDS,
				})
				if (!quiet)
					console.log(
						`Warmed up: ${warm.requests} requests of two learners on a scratch database in ${warm.ms} ms`,
					)
			} catch (error) {
				// The server serves anyway, on its own database (withDatabaseFile puts it back).
				console.error('The warm-up failed; starting without it:', error)
			}
		}
		app = createApp({ ...options, logRequests: env.REQUEST_LOG })
	}
	startMailWorker()
	return new Promise<Server>((resolve) => {
		const server = app.listen(env.PORT, env.HOST, () => {
			const address = server.address()
			const port =
				typeof address === 'object' && address ? address.port : env.PORT
			if (!quiet)
				console.log(
					`Essor is ready: ${env.APP_URL ?? `http://localhost:${port}`} (listening on ${env.HOST}:${port}, ${mode})`,
				)
			resolve(server)
		})
	})
}
