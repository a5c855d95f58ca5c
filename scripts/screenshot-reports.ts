/**
 * tsx scripts/screenshot-reports.ts [--checkout <dir>] [--suffix after] [--lang fr]
 *
 * Starts a built checkout (this one by default) on 127.0.0.1 with a fresh demo
 * database, signs in as the demo trainer in Chromium at phone width, and saves
 * PNGs of the demo cohort's funnel and of a breakdown chart to
 * docs/screenshots/. Used for the before/after images of the reports.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM_FLAGS, findChromium } from '../tests/support/chromium.ts'
import { freePort } from '../tests/support/server.ts'
import { root } from './lib/build.mjs'

const args = process.argv.slice(2)
const option = (name: string, fallback: string) =>
	args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback
const checkout = path.resolve(option('checkout', root))
const suffix = option('suffix', 'after')
const lang = option('lang', 'fr')
const out = path.join(root, 'docs/screenshots')

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-shots-'))
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const server = spawn(process.execPath, ['scripts/start.mjs'], {
	cwd: checkout,
	env: {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		APP_URL: base,
		DATABASE_URL: `file:${path.join(work, 'essor.db')}`,
		DATA_DIR: work,
		SEED_DEMO: '1',
		INSECURE_COOKIES: '1',
	},
	stdio: ['ignore', 'pipe', 'pipe'],
})
let serverLog = ''
server.stdout.on('data', (d) => (serverLog += d))
server.stderr.on('data', (d) => (serverLog += d))

try {
	const deadline = Date.now() + 120_000
	while (
		!(await fetch(`${base}/healthz`)
			.then((r) => r.ok)
			.catch(() => false))
	) {
		if (Date.now() > deadline || server.exitCode !== null)
			throw new Error(`server did not start:\n${serverLog}`)
		await new Promise((r) => setTimeout(r, 250))
	}
	const executablePath = findChromium()
	if (!executablePath) throw new Error('No Chromium found')
	const browser = await chromium.launch({
		executablePath,
		args: CHROMIUM_FLAGS,
	})
	const context = await browser.newContext({
		locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
		viewport: { width: 390, height: 844 },
		deviceScaleFactor: 2,
	})
	await context.addCookies([{ name: 'lng', value: lang, url: base }])
	const page = await context.newPage()
	await page.goto(`${base}/login`)
	await page.locator('input[name="identifier"]').fill('formatrice@essor.demo')
	await page.locator('input[name="password"]').fill('Essor-Demo-2026')
	await page.locator('form[method="post"] button[type="submit"]').last().click()
	await page.waitForURL((url) => !url.pathname.startsWith('/login'))
	await page.goto(`${base}/cohorts`)
	await page
		.getByRole('link', { name: /Bootcamp/ })
		.first()
		.click()
	await page.waitForLoadState('networkidle')
	fs.mkdirSync(out, { recursive: true })
	const figures = page.locator('figure')
	const shots: [string, RegExp][] = [
		['funnel', /Parcours|Pathway|funnel/i],
		['breakdown', /^(Par situation|By situation)$/],
	]
	for (const [name, caption] of shots) {
		const figure = figures.filter({
			has: page.locator('figcaption', { hasText: caption }),
		})
		const file = path.join(out, `reports-${name}-${suffix}.png`)
		await figure.first().screenshot({ path: file })
		console.log(path.relative(root, file))
	}
	await browser.close()
} finally {
	server.kill('SIGTERM')
	fs.rmSync(work, { recursive: true, force: true })
}
