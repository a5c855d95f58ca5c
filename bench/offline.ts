/**
 * npx tsx bench/offline.ts [--compare <built checkout>]
 *
 * The figures of offline use (docs/decisions/013-offline.md): the size of
 * each course's offline pack in French and English; the service worker and
 * its registration script as the server sends them (gzip); and the weight of
 * a lesson page on a phone's first visit (empty caches) in Chromium, every
 * request counted, the page's and its service worker's (its install
 * included), first visit and the visit after. With --compare, the same page
 * on another built checkout (e.g. the commit before offline use), side by
 * side. Writes bench/results.offline.json. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { ensureBuild, root } from '../scripts/lib/build.mjs'
import { CHROMIUM_FLAGS, findChromium } from '../tests/support/chromium.ts'
import { freePort } from '../tests/support/server.ts'

const args = process.argv.slice(2)
const compareIndex = args.indexOf('--compare')
const compareDir =
	compareIndex >= 0 ? path.resolve(args[compareIndex + 1] ?? '') : undefined
const LESSON = '/courses/creer-son-entreprise/couts-et-seuil-de-rentabilite'
const log = (...m: unknown[]) => console.error('[bench:offline]', ...m)

type Server = { base: string; child: ChildProcess; dir: string }

async function start(dir: string): Promise<Server> {
	const port = await freePort()
	const data = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-bench-offline-'))
	const child = spawn(process.execPath, ['scripts/start.mjs'], {
		cwd: dir,
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_URL: `file:${path.join(data, 'essor.db')}`,
			DATA_DIR: data,
			APP_URL: `http://localhost:${port}`,
			SEED_DEMO: '0',
		},
		stdio: ['ignore', 'ignore', 'inherit'],
	})
	const base = `http://localhost:${port}`
	for (let i = 0; i < 300; i++) {
		if (child.exitCode !== null) throw new Error(`${dir}: server exited`)
		try {
			if ((await fetch(`${base}/healthz`)).ok) return { base, child, dir: data }
		} catch {
			// not yet listening
		}
		await new Promise((r) => setTimeout(r, 200))
	}
	throw new Error(`${dir}: no answer within 60 s`)
}

async function stop(server: Server) {
	const exited = new Promise((r) => server.child.once('exit', r))
	server.child.kill('SIGTERM')
	await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
	fs.rmSync(server.dir, { recursive: true, force: true })
}

/** Bytes of a response body as sent with gzip accepted (what a phone downloads). */
function wireBytes(url: string) {
	return new Promise<number>((resolve, reject) => {
		http
			.get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
				let n = 0
				res.on('data', (c: Buffer) => (n += c.length))
				res.on('end', () => resolve(n))
			})
			.on('error', reject)
	})
}

type Weight = Record<string, number> & { total: number; requests: number }

/**
 * A new phone opens the lesson: every byte received (headers and bodies as
 * encoded on the wire), by kind, until the page and its service worker are
 * idle; then the same page again.
 */
async function firstVisit(browser: Browser, base: string) {
	const context = await browser.newContext({ locale: 'fr-FR' })
	let current: Weight = { total: 0, requests: 0 }
	const pending: Promise<void>[] = []
	context.on('requestfinished', (request) => {
		pending.push(
			(async () => {
				const response = await request.response()
				// Answered by the service worker: counted once, as its own request.
				if (!response || response.fromServiceWorker()) return
				const sizes = await request.sizes()
				let bytes = sizes.responseBodySize + sizes.responseHeadersSize
				// NOTE: Chromium reports no body for the worker's own script: its bytes as sent are added.
				if (
					new URL(request.url()).pathname === '/sw.js' &&
					!sizes.responseBodySize
				)
					bytes += await wireBytes(request.url())
				const kind = `${request.serviceWorker() ? 'sw:' : ''}${request.resourceType()}`
				current[kind] = (current[kind] ?? 0) + bytes
				current.total += bytes
				current.requests++
			})(),
		)
	})
	const page = await context.newPage()
	const visit = async () => {
		current = { total: 0, requests: 0 }
		await page.goto(`${base}${LESSON}`, { waitUntil: 'networkidle' })
		// The service worker installs after the page has loaded: wait for it too.
		await page.evaluate(async () => {
			const registration = await navigator.serviceWorker?.getRegistration()
			if (registration) await navigator.serviceWorker.ready
		})
		await page.waitForLoadState('networkidle')
		await new Promise((r) => setTimeout(r, 1000))
		await Promise.all(pending.splice(0))
		return current
	}
	const first = await visit()
	const repeat = await visit()
	await context.close()
	return { first, repeat }
}

async function packs(base: string) {
	const { getCatalog } = await import('#app/content/catalog.server.ts')
	process.env.CONTENT_MANIFEST = path.join(root, 'build/content/catalog.json')
	const catalog = await getCatalog()
	const out: Record<
		string,
		Record<string, { bytes: number; items: number }>
	> = {}
	for (const course of catalog.courses) {
		out[course.slug] = {}
		for (const lang of ['fr', 'en']) {
			const res = await fetch(
				`${base}/courses/${course.slug}/offline-pack.json`,
				{ headers: { Cookie: `lng=${lang}` } },
			)
			const pack = (await res.json()) as { bytes: number; items: unknown[] }
			out[course.slug]![lang] = { bytes: pack.bytes, items: pack.items.length }
		}
	}
	return out
}

async function main() {
	ensureBuild()
	const executablePath = findChromium()
	if (!executablePath) throw new Error('No Chromium found')
	const browser = await chromium.launch({
		executablePath,
		args: CHROMIUM_FLAGS,
	})
	const after = await start(root)
	const before = compareDir ? await start(compareDir) : null
	try {
		const results = {
			date: new Date().toISOString(),
			lesson: LESSON,
			compare: compareDir ?? null,
			scripts: {
				serviceWorkerGzipBytes: await wireBytes(`${after.base}/sw.js`),
				registrationScriptGzipBytes: await wireBytes(
					`${after.base}/offline.js`,
				),
				serviceWorkerBytes: fs.statSync(path.join(root, 'build/client/sw.js'))
					.size,
				registrationScriptBytes: fs.statSync(
					path.join(root, 'build/client/offline.js'),
				).size,
			},
			packs: await packs(after.base),
			lessonPage: {
				after: await firstVisit(browser, after.base),
				before: before ? await firstVisit(browser, before.base) : null,
			},
		}
		fs.writeFileSync(
			path.join(root, 'bench/results.offline.json'),
			JSON.stringify(results, null, 2) + '\n',
		)
		log(JSON.stringify(results, null, 2))
	} finally {
		await browser.close()
		await stop(after)
		if (before) await stop(before)
	}
}

await main()
