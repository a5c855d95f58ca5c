/**
 * Why a certificate was revoked, as the public may see it. The trainer's own
 * words are free text about a person: they stay with the cohort's trainers and
 * admins, and verification pages and tools show only one of these categories.
 */
export const REVOCATION_CATEGORIES = [
	'issuedInError',
	'replaced',
	'misconduct',
	'other',
] as const
export type RevocationCategory = (typeof REVOCATION_CATEGORIES)[number]

export function isRevocationCategory(
	value: unknown,
): value is RevocationCategory {
	return (REVOCATION_CATEGORIES as readonly unknown[]).includes(value)
}

/** Certificates revoked before categories existed show as "other". */
export function publicRevocationCategory(
	value: string | null,
): RevocationCategory {
	return isRevocationCategory(value) ? value : 'other'
}
