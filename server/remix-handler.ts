import {
	createReadableStreamFromReadable,
	createRequestHandler as createRemixRequestHandler,
	type AppLoadContext,
	type ServerBuild,
} from '@remix-run/node'
import type { NextFunction, Request, Response } from 'express'

/**
 * Remix's Express adapter (@remix-run/express 2.17), with one change: a
 * streamed body is written at the pace the client reads it. The adapter calls
 * `res.write()` without waiting for 'drain', so a phone downloading a
 * 50,000-row export over a slow link would have the whole file generated
 * into the server's memory within seconds; here the next chunk is read from
 * the stream (and from the database) only once the last one has gone out.
 * The request side is the adapter's, unchanged.
 */
export function createRequestHandler({
	build,
	getLoadContext,
	mode,
}: {
	build: ServerBuild | (() => Promise<ServerBuild>)
	getLoadContext: (req: Request, res: Response) => AppLoadContext
	mode: string
}) {
	const handleRequest = createRemixRequestHandler(build, mode)
	return async (req: Request, res: Response, next: NextFunction) => {
		try {
			const request = createRemixRequest(req, res)
			const response = await handleRequest(request, getLoadContext(req, res))
			await sendResponse(res, response)
		} catch (error) {
			next(error)
		}
	}
}

function createRemixHeaders(requestHeaders: Request['headers']) {
	const headers = new Headers()
	for (const [key, values] of Object.entries(requestHeaders)) {
		if (!values) continue
		if (Array.isArray(values))
			for (const value of values) headers.append(key, value)
		else headers.set(key, values)
	}
	return headers
}

function createRemixRequest(req: Request, res: Response) {
	// req.hostname has no port: take it from X-Forwarded-Host or Host.
	const [, forwardedPort] = req.get('X-Forwarded-Host')?.split(':') ?? []
	const [, hostPort] = req.get('host')?.split(':') ?? []
	const port = [forwardedPort, hostPort]
		.map((p) => Number.parseInt(p ?? '', 10))
		.find((p) => Number.isSafeInteger(p))
	const url = new URL(
		`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`,
	)
	let controller: AbortController | null = new AbortController()
	const init: RequestInit & { duplex?: 'half' } = {
		method: req.method,
		headers: createRemixHeaders(req.headers),
		signal: controller.signal,
	}
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		init.body = createReadableStreamFromReadable(req)
		init.duplex = 'half'
	}
	// Abort loaders and actions when the client leaves before the response is sent.
	res.on('finish', () => (controller = null))
	res.on('close', () => controller?.abort())
	return new globalThis.Request(url.href, init)
}

/** Writes a fetch Response to Express, one chunk at a time as the client takes them (exported for its test). */
export async function sendResponse(
	res: Response,
	response: globalThis.Response,
) {
	res.statusMessage = response.statusText
	res.status(response.status)
	for (const [key, value] of response.headers.entries()) res.append(key, value)
	if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? ''))
		res.flushHeaders()
	if (!response.body) {
		res.end()
		return
	}
	const reader = response.body.getReader()
	const flushable = res as Response & { flush?: () => void }
	const drainedOrClosed = drainWaiter(res)
	try {
		for (;;) {
			const { done, value } = await reader.read()
			if (done) {
				res.end()
				return
			}
			const accepted = res.write(value)
			flushable.flush?.()
			if (!accepted && !(await drainedOrClosed())) {
				// The client left: stop producing (the export stops reading the database).
				await reader.cancel()
				return
			}
		}
	} catch (error) {
		res.destroy(error as Error)
		throw error
	}
}

/**
 * A wait for the response to take more: true once it can, false if the
 * connection closed first.
 * NOTE: one 'drain' and one 'close' listener for the whole response. With
 * compression, res.on('drain') is handed to its gzip stream but
 * res.off('drain') is not, so a listener added per wait (res.once) was never
 * removed: a long export piled up thousands of them on one stream.
 */
function drainWaiter(res: Response): () => Promise<boolean> {
	let waiting: ((more: boolean) => void) | null = null
	const settle = (more: boolean) => {
		const resolve = waiting
		waiting = null
		resolve?.(more)
	}
	res.on('drain', () => settle(true))
	res.once('close', () => settle(false))
	return () =>
		res.destroyed || res.writableEnded
			? Promise.resolve(false)
			: new Promise((resolve) => (waiting = resolve))
}
