import { prisma } from '#app/db.server.ts'
import { getEnv } from '#app/env.server.ts'

/**
 * Throttling of sign-ins and sign-ups, counted in the database (SignInFailure
 * rows: a key and a time) so that every server process sees the same counts.
 *
 * Sign-in follows the OWASP authentication cheat sheet: the lockout is per
 * account *and* address, so that wrong passwords typed from one address never
 * lock the owner out from another one; a slower, higher per-account limit
 * over all addresses stops a guessing attack spread over many addresses; a
 * per-address limit over all accounts stops password spraying.
 *
 * NOTE: the per-address limits are high on purpose: a training room on one
 * mobile hotspot, or a carrier's NAT, puts many learners behind one address.
 */

type Limit = { windowMs: number; slowAfter: number; refuseAfter: number }

const MINUTE = 60_000
export const SIGN_IN_LIMITS = {
	/** One account from one address. */
	pair: { windowMs: 15 * MINUTE, slowAfter: 3, refuseAfter: 10 },
	/** One account from every address (an attack spread over many addresses). */
	account: { windowMs: 60 * MINUTE, slowAfter: 20, refuseAfter: 100 },
	/** One address against every account (password spraying). */
	address: { windowMs: 15 * MINUTE, slowAfter: 50, refuseAfter: 300 },
} as const satisfies Record<string, Limit>

const SIGN_UP_WINDOW_MS = 60 * MINUTE

const DELAY_STEP_MS = 250
const MAX_DELAY_MS = 2_000
// Rows older than the longest window are useless; deleting them on each write keeps the table small.
const RETENTION_MS = Math.max(
	...Object.values(SIGN_IN_LIMITS).map((l) => l.windowMs),
	SIGN_UP_WINDOW_MS,
)

export type ThrottleKeys = { pair: string; account: string; address: string }

export function signInKeys(
	accountRef: string,
	address: string | null | undefined,
): ThrottleKeys {
	const where = address || 'unknown'
	return {
		pair: `pair:${accountRef}|${where}`,
		account: `account:${accountRef}`,
		address: `address:${where}`,
	}
}

async function recent(key: string, windowMs: number, now: Date) {
	return prisma.signInFailure.count({
		where: { key, createdAt: { gt: new Date(now.getTime() - windowMs) } },
	})
}

export type Throttle = { refused: boolean; delayMs: number }

export async function checkSignInThrottle(
	keys: ThrottleKeys,
	now = new Date(),
): Promise<Throttle> {
	const names = Object.keys(SIGN_IN_LIMITS) as (keyof typeof SIGN_IN_LIMITS)[]
	const counts = await Promise.all(
		names.map((name) => recent(keys[name], SIGN_IN_LIMITS[name].windowMs, now)),
	)
	let refused = false
	let excess = 0
	names.forEach((name, i) => {
		const limit = SIGN_IN_LIMITS[name]
		const count = counts[i]!
		if (count >= limit.refuseAfter) refused = true
		excess = Math.max(excess, count - limit.slowAfter + 1)
	})
	return { refused, delayMs: Math.min(MAX_DELAY_MS, excess * DELAY_STEP_MS) }
}

async function record(keyList: string[]) {
	await prisma.$transaction([
		prisma.signInFailure.deleteMany({
			where: { createdAt: { lt: new Date(Date.now() - RETENTION_MS) } },
		}),
		...keyList.map((key) => prisma.signInFailure.create({ data: { key } })),
	])
}

export async function recordSignInFailure(keys: ThrottleKeys) {
	await record([keys.pair, keys.account, keys.address])
}

/**
 * After a successful sign-in: this account's counter from this address only.
 * The account-wide and address-wide counts keep running (others' failures
 * count there).
 */
export async function clearAccountFailures(keys: ThrottleKeys) {
	await prisma.signInFailure.deleteMany({ where: { key: keys.pair } })
}

const signUpKey = (address: string | null | undefined) =>
	`signup:${address || 'unknown'}`

/** Counts a sign-up attempt from this address; true when the hourly limit (SIGN_UP_PER_HOUR) is reached. */
export async function signUpRefused(
	address: string | null | undefined,
	now = new Date(),
): Promise<boolean> {
	const key = signUpKey(address)
	const used = await recent(key, SIGN_UP_WINDOW_MS, now)
	if (used >= getEnv().SIGN_UP_PER_HOUR) return true
	await record([key])
	return false
}

export function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms))
}
