import type http from 'node:http'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import compression from 'compression'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { anonymousPageCache } from './page-cache.ts'

let server: http.Server | undefined
afterEach(
	() => new Promise<void>((r) => (server ? server.close(() => r()) : r())),
)

const PAGE = `<!DOCTYPE html><html lang="fr"><body>${'<p>Économie sociale et solidaire</p>'.repeat(200)}</body></html>`

/** The app's stack in front of one page: compression, then the cache, then a page that answers compressed itself (gzip or brotli) when asked. */
async function start({ compressed }: { compressed: 'gzip' | 'br' | null }) {
	const app = express()
	app.use(compression())
	app.use(anonymousPageCache())
	let rendered = 0
	app.get('/courses', (req, res) => {
		rendered++
		res.type('text/html; charset=utf-8')
		// As Remix's responses are sent (remix-handler.ts): headers, a write, then end.
		if (compressed && req.headers['accept-encoding']?.includes(compressed)) {
			const bytes =
				compressed === 'gzip' ? gzipSync(PAGE) : brotliCompressSync(PAGE)
			res
				.set('Content-Encoding', compressed)
				.set('Content-Length', String(bytes.length))
			res.write(bytes)
		} else res.write(PAGE)
		res.end()
	})
	await new Promise<void>((r) => {
		server = app.listen(0, '127.0.0.1', () => r())
	})
	const { port } = server!.address() as { port: number }
	return { url: `http://127.0.0.1:${port}/courses`, rendered: () => rendered }
}

for (const compressed of [null, 'gzip', 'br'] as const)
	test(`a page stored ${compressed ? `from a response the app compressed itself (${compressed})` : 'from a plain response'} is served as the same HTML, in brotli, gzip or plain`, async () => {
		const app = await start({ compressed })
		const first = await fetch(app.url, {
			headers: { Cookie: 'lng=fr', 'Accept-Encoding': compressed ?? 'gzip' },
		})
		expect(first.headers.get('Content-Encoding')).toBe(compressed ?? 'gzip')
		expect(await first.text()).toBe(PAGE)
		for (const encoding of ['br', 'gzip', 'identity']) {
			const hit = await fetch(app.url, {
				headers: { Cookie: 'lng=fr', 'Accept-Encoding': encoding },
			})
			expect(hit.headers.get('X-Page-Cache')).toBe('hit')
			expect(hit.headers.get('Content-Encoding') ?? 'identity').toBe(encoding)
			const text = await hit.text()
			expect(text.includes('\u0000')).toBe(false)
			expect(text).toBe(PAGE)
		}
		expect(app.rendered()).toBe(1)
	})

test('a hit comes in the encoding the client prefers, as a page the app renders: "gzip;q=0" refuses gzip, brotli comes first', async () => {
	const app = await start({ compressed: null })
	await fetch(app.url, { headers: { Cookie: 'lng=fr' } })
	const refused = await fetch(app.url, {
		headers: { Cookie: 'lng=fr', 'Accept-Encoding': 'gzip;q=0, identity' },
	})
	expect(refused.headers.get('X-Page-Cache')).toBe('hit')
	expect(refused.headers.get('Content-Encoding')).toBeNull()
	expect(await refused.text()).toBe(PAGE)
	const taken = await fetch(app.url, {
		headers: { Cookie: 'lng=fr', 'Accept-Encoding': 'br, gzip;q=0.8' },
	})
	expect(taken.headers.get('Content-Encoding')).toBe('br')
	expect(await taken.text()).toBe(PAGE)
	const gzipped = await fetch(app.url, {
		headers: { Cookie: 'lng=fr', 'Accept-Encoding': 'br;q=0.5, gzip' },
	})
	expect(gzipped.headers.get('X-Page-Cache')).toBe('hit')
	expect(gzipped.headers.get('Content-Encoding')).toBe('gzip')
	expect(await gzipped.text()).toBe(PAGE)
})
