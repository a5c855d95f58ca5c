import type { ServerResponse } from 'node:http'
import {
	createReadableStreamFromReadable,
	createRequestHandler as createRemixHandler,
	type AppLoadContext,
	type ServerBuild,
} from '@remix-run/node'
import type {
	NextFunction,
	Request as ExpressRequest,
	Response as ExpressResponse,
} from 'express'

/**
 * Remix's Express adapter (@remix-run/express 2.17), with one difference: the
 * response body is written with backpressure. The adapter writes each chunk
 * without waiting for the socket to drain, so a long stream (the cohort's
 * certificates ZIP, made PDF by PDF as it is read) sent to a slow phone piled
 * up in memory; here the next chunk is read only once the connection has
 * taken the last one, and a closed connection cancels the stream, which stops
 * the work behind it.
 */

type GetLoadContext = (
	req: ExpressRequest,
	res: ExpressResponse,
) => AppLoadContext | Promise<AppLoadContext>

export function createRequestHandler({
	build,
	getLoadContext,
	mode,
}: {
	build: ServerBuild | (() => Promise<ServerBuild>)
	getLoadContext?: GetLoadContext
	mode?: string
}) {
	const handleRequest = createRemixHandler(build, mode)
	return async (
		req: ExpressRequest,
		res: ExpressResponse,
		next: NextFunction,
	) => {
		try {
			const request = createRemixRequest(req, res)
			const loadContext = await getLoadContext?.(req, res)
			await sendResponse(res, await handleRequest(request, loadContext))
		} catch (error) {
			next(error)
		}
	}
}

function createRemixHeaders(
	requestHeaders: ExpressRequest['headers'],
): Headers {
	const headers = new Headers()
	for (const [key, values] of Object.entries(requestHeaders)) {
		if (!values) continue
		if (Array.isArray(values))
			for (const value of values) headers.append(key, value)
		else headers.set(key, values)
	}
	return headers
}

function createRemixRequest(
	req: ExpressRequest,
	res: ExpressResponse,
): Request {
	// req.hostname has no port: take it from X-Forwarded-Host or Host.
	const portOf = (header: string | undefined) =>
		Number.parseInt(header?.split(':')[1] ?? '', 10)
	const forwardedPort = portOf(req.get('X-Forwarded-Host'))
	const hostPort = portOf(req.get('host'))
	const port = Number.isSafeInteger(forwardedPort)
		? forwardedPort
		: Number.isSafeInteger(hostPort)
			? hostPort
			: ''
	// req.hostname follows the "trust proxy" setting; originalUrl is the full path.
	const url = new URL(
		`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`,
	)
	// Loaders and actions are aborted when the connection closes before the response is finished.
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
	res.on('finish', () => (controller = null))
	res.on('close', () => controller?.abort())
	return new Request(url.href, init)
}

/** Writes a fetch Response to a Node response, one chunk at a time, as fast as the client takes them. */
export async function sendResponse(res: ServerResponse, response: Response) {
	res.statusCode = response.status
	res.statusMessage = response.statusText
	for (const [key, value] of response.headers.entries())
		res.appendHeader(key, value)
	if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? ''))
		res.flushHeaders()
	if (!response.body) {
		res.end()
		return
	}
	const reader = response.body.getReader()
	const closed = new Promise<void>((resolve) => res.once('close', resolve))
	const drained = () =>
		new Promise<void>((resolve) => res.once('drain', resolve))
	try {
		for (;;) {
			if (res.destroyed) {
				await reader.cancel()
				return
			}
			const { done, value } = await reader.read()
			if (done) break
			if (!res.write(value)) await Promise.race([drained(), closed])
			// compression's flush: a streamed page reaches the browser as it is made.
			;(res as ServerResponse & { flush?: () => void }).flush?.()
		}
		res.end()
	} catch (error) {
		await reader.cancel().catch(() => undefined)
		res.destroy(error instanceof Error ? error : new Error(String(error)))
		throw error
	}
}
