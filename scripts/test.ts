import { spawnSync } from 'node:child_process'
import { findChromium } from '../tests/support/chromium.ts'
import { ensureBuild } from './lib/build.mjs'

const chromiumPath = findChromium({ install: true })
if (!chromiumPath) {
	console.error(
		'No Chromium could be found or installed: end-to-end tests need one (apt-get install chromium).',
	)
	process.exit(1)
}
ensureBuild()
// `--stress` runs the crash and load suites in their long form (see tests/stress).
const args = process.argv.slice(2)
const stress = args.includes('--stress')
const result = spawnSync(
	'npx',
	['--no-install', 'vitest', 'run', ...args.filter((a) => a !== '--stress')],
	{
		stdio: 'inherit',
		env: {
			...process.env,
			CHROMIUM_PATH: chromiumPath,
			...(stress ? { ESSOR_STRESS: 'full' } : {}),
		},
	},
)
process.exit(result.status ?? 1)
