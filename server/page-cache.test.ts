import type http from 'node:http'
import { gzipSync } from 'node:zlib'
import compression from 'compression'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { anonymousPageCache } from './page-cache.ts'

let server: http.Server | undefined
afterEach(
	() => new Promise<void>((r) => (server ? server.close(() => r()) : r())),
)

const PAGE = `<!DOCTYPE html><html lang="fr"><body>${'<p>Économie sociale et solidaire</p>'.repeat(200)}</body></html>`

/** The app's stack in front of one page: compression, then the cache, then a page that answers gzipped itself when asked. */
async function start({ preGzipped }: { preGzipped: boolean }) {
	const app = express()
	app.use(compression())
	app.use(anonymousPageCache())
	let rendered = 0
	app.get('/courses', (req, res) => {
		rendered++
		res.type('text/html; charset=utf-8')
		// As Remix's responses are sent (remix-handler.ts): headers, a write, then end.
		if (preGzipped && /gzip/.test(req.headers['accept-encoding'] ?? '')) {
			const gz = gzipSync(PAGE)
			res
				.set('Content-Encoding', 'gzip')
				.set('Content-Length', String(gz.length))
			res.write(gz)
		} else res.write(PAGE)
		res.end()
	})
	await new Promise<void>((r) => {
		server = app.listen(0, '127.0.0.1', () => r())
	})
	const { port } = server!.address() as { port: number }
	return { url: `http://127.0.0.1:${port}/courses`, rendered: () => rendered }
}

for (const preGzipped of [false, true])
	test(`a page stored ${preGzipped ? 'from a response the app gzipped itself' : 'from a plain response'} is served as the same HTML, with and without gzip`, async () => {
		const app = await start({ preGzipped })
		const first = await fetch(app.url, { headers: { Cookie: 'lng=fr' } })
		expect(await first.text()).toBe(PAGE)
		for (const encoding of ['gzip', 'identity']) {
			const hit = await fetch(app.url, {
				headers: { Cookie: 'lng=fr', 'Accept-Encoding': encoding },
			})
			expect(hit.headers.get('X-Page-Cache')).toBe('hit')
			const text = await hit.text()
			expect(text.includes('\u0000')).toBe(false)
			expect(text).toBe(PAGE)
		}
		expect(app.rendered()).toBe(1)
	})
