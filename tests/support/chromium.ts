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

const APT_COMMAND =
	'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium'

export type InstallPlan =
	{ kind: 'apt'; command: string } | { kind: 'playwright'; command: string }

export type MachineFacts = {
	/** process.getuid(), or null where there is none (Windows) */
	uid: number | null
	/** /etc/os-release, or null */
	osRelease: string | null
	hasAptGet: boolean
	hasSudo: boolean
}

/**
 * How to get a browser on a machine that has none, in order: Debian's
 * `chromium` with apt-get when this process may use it (root, or sudo without
 * a password) on Debian or a derivative (Playwright's own download is
 * unreachable on our machines); otherwise Playwright's download (a user's
 * machine with internet). Each plan carries the exact command, to print when
 * it cannot be run.
 */
export function chromiumInstallPlans(facts: MachineFacts): InstallPlan[] {
	const plans: InstallPlan[] = []
	const release = facts.osRelease ?? ''
	const debianLike = /^(ID|ID_LIKE)=.*\bdebian\b/m.test(release)
	const ubuntu = /^ID=ubuntu\b/m.test(release)
	// Ubuntu's chromium package only installs a snap: Playwright's build is better there.
	if (facts.hasAptGet && debianLike && !ubuntu) {
		if (facts.uid === 0) plans.push({ kind: 'apt', command: APT_COMMAND })
		else if (facts.hasSudo)
			plans.push({
				kind: 'apt',
				command: `sudo -n sh -c '${APT_COMMAND}'`,
			})
	}
	plans.push({
		kind: 'playwright',
		command: 'npx --no-install playwright-core install chromium',
	})
	return plans
}

function machineFacts(): MachineFacts {
	const has = (cmd: string, args: string[]) =>
		spawnSync(cmd, args, { stdio: 'ignore' }).status === 0
	return {
		uid: typeof process.getuid === 'function' ? process.getuid() : null,
		osRelease: fs.existsSync('/etc/os-release')
			? fs.readFileSync('/etc/os-release', 'utf8')
			: null,
		hasAptGet: has('sh', ['-c', 'command -v apt-get']),
		hasSudo: has('sudo', ['-n', 'true']),
	}
}

function installedChromium(): string | undefined {
	if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH))
		return process.env.CHROMIUM_PATH
	const system = SYSTEM_CANDIDATES.find((p) => fs.existsSync(p))
	if (system) return system
	const bundled = chromium.executablePath()
	if (bundled && fs.existsSync(bundled)) return bundled
	return undefined
}

/**
 * Debian's Chromium where present (our machines, CI); otherwise Playwright's
 * own build if it was downloaded. With `install`, a missing browser is
 * installed as `playwright install --with-deps` would (see
 * chromiumInstallPlans), saying what it does; when nothing works, the exact
 * commands to run are printed.
 */
export function findChromium({ install = false } = {}): string | undefined {
	const found = installedChromium()
	if (found || !install) return found
	const plans = chromiumInstallPlans(machineFacts())
	for (const plan of plans) {
		console.log(
			plan.kind === 'apt'
				? `No Chromium found: installing Debian's chromium for the end-to-end tests (${plan.command})…`
				: `No Chromium found: downloading Playwright's Chromium (${plan.command})…`,
		)
		const result = spawnSync('sh', ['-c', plan.command], { stdio: 'inherit' })
		const now = installedChromium()
		if (result.status === 0 && now) {
			console.log(`Chromium installed: ${now}`)
			return now
		}
		console.log(`That did not work (exit ${result.status ?? result.signal}).`)
	}
	console.error(
		[
			'No Chromium could be found or installed; the end-to-end tests need one. Run one of:',
			'  Debian, as root:   apt-get install -y chromium',
			'  elsewhere:         npx playwright-core install chromium',
			'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
		].join('\n'),
	)
	return undefined
}
