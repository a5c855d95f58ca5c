import { expect, test } from 'vitest'
import { chromiumInstallPlans } from './chromium.ts'

const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
const mint = 'ID=linuxmint\nID_LIKE="ubuntu debian"\n'
const ubuntu = 'ID=ubuntu\nID_LIKE=debian\n'

test('as root on Debian, Debian’s chromium comes first, then Playwright’s download', () => {
	const plans = chromiumInstallPlans({
		uid: 0,
		osRelease: debian,
		hasAptGet: true,
		hasSudo: false,
	})
	expect(plans.map((p) => p.kind)).toEqual(['apt', 'playwright'])
	expect(plans[0]!.command).toContain(
		'apt-get install -y --no-install-recommends chromium',
	)
	expect(plans[0]!.command).not.toContain('sudo')
})

test('a user with password-less sudo on a Debian derivative goes through sudo', () => {
	const plans = chromiumInstallPlans({
		uid: 1000,
		osRelease: mint,
		hasAptGet: true,
		hasSudo: true,
	})
	expect(plans[0]).toMatchObject({ kind: 'apt' })
	expect(plans[0]!.command).toMatch(/^sudo -n /)
})

test('without root or sudo, on Ubuntu (snap-only chromium), or without apt-get: Playwright’s download only', () => {
	for (const facts of [
		{ uid: 1000, osRelease: debian, hasAptGet: true, hasSudo: false },
		{ uid: 0, osRelease: ubuntu, hasAptGet: true, hasSudo: false },
		{ uid: 0, osRelease: debian, hasAptGet: false, hasSudo: false },
		{ uid: null, osRelease: null, hasAptGet: false, hasSudo: false },
	])
		expect(chromiumInstallPlans(facts).map((p) => p.kind)).toEqual([
			'playwright',
		])
})
