import { spawnSync } from 'node:child_process'
import { findChromium } from '../tests/support/chromium.ts'
import { ensureBuild } from './lib/build.mjs'

// Gets a browser by itself on a fresh machine (see tests/support/chromium.ts).
const chromiumPath = findChromium({ install: true })
if (!chromiumPath) process.exit(1)
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
