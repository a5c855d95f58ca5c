import crypto from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import commonPasswords from './common-passwords.json'

// OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane).
const OPTIONS = {
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1,
	algorithm: 2,
} as const

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS)
}

export async function verifyPassword(
	passwordHash: string,
	password: string,
): Promise<boolean> {
	try {
		return await verify(passwordHash, password)
	} catch {
		return false
	}
}

let dummyHash: Promise<string> | undefined

/**
 * Verifies against the user's hash, or against a throw-away hash when there
 * is no user (or no password yet), so that an unknown identifier takes as
 * long to refuse as a wrong password.
 */
export async function verifyPasswordOrDummy(
	passwordHash: string | null | undefined,
	password: string,
): Promise<boolean> {
	if (passwordHash) return verifyPassword(passwordHash, password)
	dummyHash ??= hashPassword('essor-timing-equaliser')
	await verifyPassword(await dummyHash, password)
	return false
}

let common: Set<string> | undefined

/** True for a password from the list of the most common ones (common-passwords.json), in any letter case. */
export function isCommonPassword(password: string): boolean {
	common ??= new Set(commonPasswords.passwords)
	return common.has(password.trim().toLowerCase())
}

// No 0/O, 1/l/I: the password may be read aloud or copied by hand.
const READABLE_ALPHABET =
	'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A random password for a person to copy by hand (first admin, demo accounts on a public server). */
export function generateReadablePassword(length = 16): string {
	return Array.from(
		{ length },
		() => READABLE_ALPHABET[crypto.randomInt(READABLE_ALPHABET.length)],
	).join('')
}
