import type http from 'node:http'
import net from 'node:net'
import compression from 'compression'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { sendResponse } from './remix-handler.ts'

const CHUNK = 64 * 1024
const TOTAL = 400 // 25 MB if it were all produced at once

let server: http.Server | undefined
afterEach(
	() =>
		new Promise<void>((r) => {
			if (!server) return r()
			// A failed test may leave its client connected: close it too.
			server.closeAllConnections()
			server.close(() => r())
		}),
)

/** A server whose one route streams TOTAL chunks through sendResponse, counting what the stream was asked for. */
async function start({ gzip }: { gzip: boolean }) {
	const state = { pulled: 0, cancelled: false }
	const app = express()
	if (gzip) app.use(compression())
	app.get('/', (_req, res) => {
		const body = new ReadableStream<Uint8Array>(
			{
				pull(controller) {
					if (state.pulled >= TOTAL) return controller.close()
					state.pulled++
					// Random bytes do not compress: gzip cannot hide a missing backpressure.
					const bytes = new Uint8Array(CHUNK)
					for (let i = 0; i < CHUNK; i += 4096)
						crypto.getRandomValues(bytes.subarray(i, i + 4096))
					controller.enqueue(bytes)
				},
				cancel() {
					state.cancelled = true
				},
			},
			{ highWaterMark: 1 },
		)
		void sendResponse(
			res,
			new Response(body, { headers: { 'Content-Type': 'text/csv' } }),
		)
	})
	server = app.listen(0, '127.0.0.1')
	await new Promise((r) => server!.once('listening', r))
	const { port } = server.address() as net.AddressInfo
	return { state, port }
}

/** Waits (at most 5 s) until `value()` has not changed for 300 ms. */
async function settled(value: () => number) {
	let last = -1
	for (let i = 0; i < 50 && value() !== last; i++) {
		last = value()
		await new Promise((r) => setTimeout(r, 300))
	}
	return value()
}

for (const gzip of [false, true])
	test(`a client that does not read holds back the stream${gzip ? ' (gzip)' : ''}; reading resumes it; leaving cancels it`, async () => {
		const { state, port } = await start({ gzip })
		const socket = net.connect(port, '127.0.0.1')
		await new Promise((r) => socket.once('connect', r))
		socket.pause()
		socket.write(
			`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: ${gzip ? 'gzip' : 'identity'}\r\nConnection: close\r\n\r\n`,
		)
		// Only what fits in the socket's buffers is produced (a few MB), not the 25 MB.
		const held = await settled(() => state.pulled)
		expect(held).toBeGreaterThan(0)
		expect(held).toBeLessThan(TOTAL / 4)

		// Reading lets more through. How much must be read before the server
		// writes again depends on the socket buffers, so the client reads until
		// the stream is asked for more, then stops.
		socket.on('data', () => {
			if (state.pulled > held) socket.pause()
		})
		socket.resume()
		expect(await settled(() => state.pulled)).toBeGreaterThan(held)
		expect(state.pulled).toBeLessThan(TOTAL)

		// Leaving stops the stream instead of producing the rest for nobody.
		socket.destroy()
		await settled(() => (state.cancelled ? 1 : 0))
		expect(state.cancelled).toBe(true)
		expect(state.pulled).toBeLessThan(TOTAL)
	}, 30_000)

test('a client that reads gets every byte', async () => {
	const { state, port } = await start({ gzip: false })
	const res = await fetch(`http://127.0.0.1:${port}/`, {
		headers: { 'accept-encoding': 'identity' },
	})
	expect((await res.arrayBuffer()).byteLength).toBe(TOTAL * CHUNK)
	expect(state.pulled).toBe(TOTAL)
	expect(state.cancelled).toBe(false)
})

test('a gzip download read to the end waits for drain without leaving a listener behind each time', async () => {
	const warnings: string[] = []
	const onWarning = (warning: Error) =>
		warnings.push(`${warning.name}: ${warning.message}`)
	process.on('warning', onWarning)
	try {
		const { state, port } = await start({ gzip: true })
		const res = await fetch(`http://127.0.0.1:${port}/`, {
			headers: { 'accept-encoding': 'gzip' },
		})
		expect((await res.arrayBuffer()).byteLength).toBe(TOTAL * CHUNK)
		expect(state.pulled).toBe(TOTAL)
		await new Promise((r) => setTimeout(r, 50))
	} finally {
		process.off('warning', onWarning)
	}
	// A listener added per wait and never removed grows past Node's limit of 10.
	expect(warnings.filter((w) => w.includes('drain'))).toEqual([])
}, 30_000) // 25 MB gzipped and gunzipped: 3.5 s alone, more on a busy machine
