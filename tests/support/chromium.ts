import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { chromium } from 'playwright-core'

export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
]

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

/**
 * Debian's Chromium where present (our machines, CI); otherwise Playwright's
 * own build, downloaded on first use (a user's machine has internet).
 */
export function findChromium({ install = false } = {}): string | undefined {
	if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH))
		return process.env.CHROMIUM_PATH
	const system = SYSTEM_CANDIDATES.find((p) => fs.existsSync(p))
	if (system) return system
	const bundled = chromium.executablePath()
	if (bundled && fs.existsSync(bundled)) return bundled
	if (!install) return undefined
	console.log(
		'No Chromium found: installing Playwright’s Chromium (first run only)…',
	)
	const result = spawnSync(
		'npx',
		['--no-install', 'playwright-core', 'install', 'chromium'],
		{ stdio: 'inherit' },
	)
	if (result.status === 0 && fs.existsSync(chromium.executablePath()))
		return chromium.executablePath()
	return undefined
}
