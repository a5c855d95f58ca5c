import { type Server } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { startMailWorker } from '#app/auth/mail-queue.server.ts'
import type { Env } from '#app/env.server.ts'
import { createApp } from './app.ts'

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
		app = createApp({
			mode,
			root,
			build,
			appUrl: env.APP_URL,
			trustProxy: env.TRUST_PROXY,
			logRequests: env.REQUEST_LOG,
		})
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
