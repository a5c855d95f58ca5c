import { prisma } from '#app/db.server.ts'

/**
 * Failed sign-ins, counted per account and per client address over the last
 * minute (SignInFailure rows). After a few failures each attempt is slowed;
 * past the limit it is refused (429) without checking the password.
 *
 * NOTE: the per-address limit is higher than the per-account one: a training
 * room on one mobile hotspot, or a carrier's NAT, puts many learners behind a
 * single address.
 */

export const SIGN_IN_WINDOW_MS = 60_000
export const SIGN_IN_LIMITS = {
	account: { slowAfter: 5, refuseAfter: 10 },
	address: { slowAfter: 15, refuseAfter: 30 },
} as const
const DELAY_STEP_MS = 250
const MAX_DELAY_MS = 2_000
// Rows older than this are useless; deleting them on each failure keeps the table small.
const RETENTION_MS = 10 * SIGN_IN_WINDOW_MS

export type ThrottleKeys = { account: string; address: string | null }

export function signInKeys(
	accountRef: string,
	address: string | null | undefined,
): ThrottleKeys {
	return {
		account: `account:${accountRef}`,
		address: address ? `address:${address}` : null,
	}
}

async function recentFailures(
	key: string | null,
	since: Date,
): Promise<number> {
	if (!key) return 0
	return prisma.signInFailure.count({
		where: { key, createdAt: { gt: since } },
	})
}

export type Throttle = { refused: boolean; delayMs: number }

export async function checkSignInThrottle(
	keys: ThrottleKeys,
	now = new Date(),
): Promise<Throttle> {
	const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS)
	const [account, address] = await Promise.all([
		recentFailures(keys.account, since),
		recentFailures(keys.address, since),
	])
	const { account: accountLimit, address: addressLimit } = SIGN_IN_LIMITS
	const refused =
		account >= accountLimit.refuseAfter || address >= addressLimit.refuseAfter
	const excess = Math.max(
		account - accountLimit.slowAfter + 1,
		address - addressLimit.slowAfter + 1,
		0,
	)
	return { refused, delayMs: Math.min(MAX_DELAY_MS, excess * DELAY_STEP_MS) }
}

export async function recordSignInFailure(keys: ThrottleKeys) {
	const keyList = [keys.account, keys.address].filter(
		(k): k is string => k !== null,
	)
	await prisma.$transaction([
		prisma.signInFailure.deleteMany({
			where: { createdAt: { lt: new Date(Date.now() - RETENTION_MS) } },
		}),
		...keyList.map((key) => prisma.signInFailure.create({ data: { key } })),
	])
}

/** After a successful sign-in: this account's counter only, never the address's (other accounts' failures count there). */
export async function clearAccountFailures(keys: ThrottleKeys) {
	await prisma.signInFailure.deleteMany({ where: { key: keys.account } })
}

export function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms))
}
