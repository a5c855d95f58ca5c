import { spawnSync } from 'node:child_process'
import { findChromium } from '../tests/support/chromium.ts'
import { ensureBuild } from './lib/build.mjs'

const chromiumPath = findChromium({ install: true })
if (!chromiumPath) {
	console.error('No Chromium could be found or installed: end-to-end tests need one (apt-get install chromium).')
	process.exit(1)
}
ensureBuild()
const result = spawnSync('npx', ['--no-install', 'vitest', 'run', ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: { ...process.env, CHROMIUM_PATH: chromiumPath },
})
process.exit(result.status ?? 1)
