import {
	parsePhoneNumberFromString,
	type CountryCode,
} from 'libphonenumber-js/max'

/**
 * Sign-in identifiers: an email address or a phone number, stored in one
 * canonical form (lower-case email, E.164 phone) so that "677 12 34 56",
 * "+237 6 77 12 34 56" and "00237677123456" are the same account.
 *
 * Local formats accepted without the country code (see
 * docs/decisions/005-accounts-and-sessions.md):
 * - Cameroon: 9 digits starting with 6 or 2 (no trunk prefix);
 * - Morocco: 10 digits starting with 0 (06…, 07…, 05…).
 * A 9-digit number valid in both countries (6XXXXXXXX) is read as Cameroonian
 * unless the preferred country (the profile's) is Morocco. Every other
 * country needs the international form (+XXX or 00XXX).
 */

export const phoneCountries = ['CM', 'MA'] as const
export type PhoneCountry = (typeof phoneCountries)[number]

export type Identifier = { email: string } | { phone: string }

const SEPARATORS = /[\s\u00a0.\-()/]/g
/**
 * The one rule for an e-mail address, everywhere (sign-up, sign-in, profile,
 * imports, command line): the HTML standard's "valid e-mail address" (what
 * browsers accept in an e-mail field, so `x&y@example.org` is valid) with a
 * dotted domain ending in letters, at most 254 characters, lower-cased.
 */
const EMAIL =
	/^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

function validE164(text: string, country?: CountryCode): string | null {
	const parsed = parsePhoneNumberFromString(text, country)
	return parsed?.isValid() ? parsed.number : null
}

export function isPhoneCountry(value: unknown): value is PhoneCountry {
	return (
		typeof value === 'string' &&
		(phoneCountries as readonly string[]).includes(value)
	)
}

/** Every E.164 number the input can stand for, the most likely first; empty when none is valid. */
export function phoneCandidates(
	input: string,
	preferred?: string | null,
): string[] {
	const compact = input.replace(SEPARATORS, '')
	if (!/^(\+|00)?\d{6,15}$/.test(compact)) return []
	if (compact.startsWith('+') || compact.startsWith('00')) {
		const number = validE164(compact.replace(/^00/, '+'))
		return number ? [number] : []
	}
	// Cameroon's and Morocco's country codes typed without the "+".
	if (/^(237\d{9}|212\d{9})$/.test(compact)) {
		const number = validE164(`+${compact}`)
		if (number) return [number]
	}
	const order: PhoneCountry[] = preferred === 'MA' ? ['MA', 'CM'] : ['CM', 'MA']
	const numbers = order
		.map((country) => validE164(compact, country))
		.filter((n): n is string => n !== null)
	return [...new Set(numbers)]
}

export function normalizePhone(
	input: string,
	preferred?: string | null,
): string | null {
	return phoneCandidates(input, preferred)[0] ?? null
}

export function normalizeEmail(input: string): string | null {
	const email = input.trim().toLowerCase()
	return email.length <= 254 && EMAIL.test(email) ? email : null
}

export function looksLikeEmail(input: string): boolean {
	return input.includes('@')
}

/** An email address or a phone number in canonical form, or null when the input is neither. */
export function normalizeIdentifier(
	input: string,
	preferredCountry?: string | null,
): Identifier | null {
	if (looksLikeEmail(input)) {
		const email = normalizeEmail(input)
		return email ? { email } : null
	}
	const phone = normalizePhone(input, preferredCountry)
	return phone ? { phone } : null
}
