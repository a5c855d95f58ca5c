import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { sendResponse } from './remix-handler.ts'

const CHUNK = 64 * 1024
const TOTAL = 2000 // 125 MiB if it were all made at once

/** A body made on demand, counting what was asked of it. */
function countedBody() {
	const state = { pulled: 0, cancelled: false }
	const body = new ReadableStream<Uint8Array>(
		{
			pull(controller) {
				if (state.pulled === TOTAL) return controller.close()
				state.pulled++
				controller.enqueue(new Uint8Array(CHUNK).fill(state.pulled % 251))
			},
			cancel() {
				state.cancelled = true
			},
		},
		{ highWaterMark: 0 },
	)
	return { body, state }
}

const servers: http.Server[] = []
afterEach(() => {
	for (const server of servers.splice(0)) {
		server.closeAllConnections()
		server.close()
	}
})

async function serve(response: () => Response) {
	const server = http.createServer((_req, res) => {
		void sendResponse(res, response()).catch(() => undefined)
	})
	servers.push(server)
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
	return (server.address() as AddressInfo).port
}

/** Polls until `value()` stops changing (bounded), and returns it. */
async function settled(value: () => number) {
	let last = -1
	let stable = 0
	for (let i = 0; i < 200 && stable < 8; i++) {
		await new Promise((r) => setTimeout(r, 25))
		const now = value()
		stable = now === last ? stable + 1 : 0
		last = now
	}
	return last
}

test('a client that stops reading stops the body from being made; reading again resumes it to the end', async () => {
	const { body, state } = countedBody()
	const port = await serve(() => new Response(body))
	const response = await new Promise<http.IncomingMessage>((resolve) =>
		http.get({ port, host: '127.0.0.1' }, resolve),
	)
	response.pause()
	const whilePaused = await settled(() => state.pulled)
	// What the connection's buffers hold, not the whole body.
	expect(whilePaused).toBeLessThan(TOTAL / 4)
	let bytes = 0
	response.on('data', (chunk: Buffer) => (bytes += chunk.length))
	response.resume()
	await new Promise((r) => response.once('end', r))
	expect(bytes).toBe(TOTAL * CHUNK)
	expect(state.pulled).toBe(TOTAL)
})

test('a client that goes away cancels the body: nothing more is made', async () => {
	const { body, state } = countedBody()
	const port = await serve(() => new Response(body))
	await new Promise<void>((resolve) => {
		const request = http.get({ port, host: '127.0.0.1' }, (response) => {
			response.once('data', () => {
				request.destroy()
				resolve()
			})
		})
		request.on('error', () => undefined)
	})
	await settled(() => Number(state.cancelled) + state.pulled)
	expect(state.cancelled).toBe(true)
	expect(state.pulled).toBeLessThan(TOTAL / 4)
})

test('status, headers (each Set-Cookie) and a body without a stream come through', async () => {
	const port = await serve(() => {
		const headers = new Headers({ 'Content-Type': 'text/plain' })
		headers.append('Set-Cookie', 'a=1; Path=/')
		headers.append('Set-Cookie', 'b=2; Path=/')
		return new Response('Créé', { status: 201, headers })
	})
	const response = await fetch(`http://127.0.0.1:${port}/`)
	expect(response.status).toBe(201)
	expect(response.headers.getSetCookie()).toEqual([
		'a=1; Path=/',
		'b=2; Path=/',
	])
	expect(await response.text()).toBe('Créé')
	const empty = await serve(() => new Response(null, { status: 204 }))
	expect((await fetch(`http://127.0.0.1:${empty}/`)).status).toBe(204)
})
