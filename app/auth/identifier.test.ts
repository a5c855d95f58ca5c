import { describe, expect, test } from 'vitest'
import { parseEmail, parsePhone } from '#app/cohorts/import/roster-values.ts'
import {
	normalizeEmail,
	normalizeIdentifier,
	normalizePhone,
	phoneCandidates,
} from './identifier.ts'

test.each([
	// Cameroon, typed the local way (no trunk prefix), with any separators
	['677123456', undefined, '+237677123456'],
	['6 77 12 34 56', undefined, '+237677123456'],
	['677-12-34-56', undefined, '+237677123456'],
	['6.77.12.34.56', undefined, '+237677123456'],
	['222 12 34 56', undefined, '+237222123456'],
	['657123456', undefined, '+237657123456'],
	// Cameroon, international forms
	['+237 6 77 12 34 56', undefined, '+237677123456'],
	['00237677123456', undefined, '+237677123456'],
	['237677123456', undefined, '+237677123456'],
	// Morocco, typed the local way (0 trunk prefix): never Cameroonian
	['0612345678', undefined, '+212612345678'],
	['07 12 34 56 78', undefined, '+212712345678'],
	['06-12-34-56-78', 'CM', '+212612345678'],
	['0522123456', undefined, '+212522123456'],
	['+212 6 12 34 56 78', undefined, '+212612345678'],
	['212612345678', undefined, '+212612345678'],
	// 9 digits valid in both countries: the profile's country decides
	['677123456', 'MA', '+212677123456'],
	['677123456', 'other', '+237677123456'],
	['677123456', 'CM', '+237677123456'],
	// Only valid in Morocco without its 0
	['712345678', undefined, '+212712345678'],
	// Other countries need the international form
	['+33 6 12 34 56 78', undefined, '+33612345678'],
])('normalizePhone(%j, %j) is %j', (input, country, expected) => {
	expect(normalizePhone(input, country)).toBe(expected)
})

test.each([
	'',
	'123',
	'abc',
	'67712345',
	'6771234567',
	'+237 12',
	'0012',
	'555-CALL',
	'+2376771234567890',
])('%j is not a phone number', (input) => {
	expect(normalizePhone(input)).toBeNull()
})

test('an ambiguous local number lists both countries, the preferred first', () => {
	expect(phoneCandidates('677 12 34 56')).toEqual([
		'+237677123456',
		'+212677123456',
	])
	expect(phoneCandidates('677 12 34 56', 'MA')).toEqual([
		'+212677123456',
		'+237677123456',
	])
	expect(phoneCandidates('0612345678')).toEqual(['+212612345678'])
})

test('emails are trimmed and lower-cased; identifiers tell email from phone', () => {
	expect(normalizeEmail('  Awa.Ndiaye@Example.CM ')).toBe(
		'awa.ndiaye@example.cm',
	)
	expect(normalizeEmail('not an email')).toBeNull()
	expect(normalizeIdentifier('Awa@Example.cm')).toEqual({
		email: 'awa@example.cm',
	})
	expect(normalizeIdentifier('06 12 34 56 78')).toEqual({
		phone: '+212612345678',
	})
	expect(normalizeIdentifier('awa@')).toBeNull()
	expect(normalizeIdentifier('hello')).toBeNull()
})

describe('one rule per kind of value: imports accept exactly what sign-in accepts', () => {
	test.each([
		['x&y@example.org', 'x&y@example.org'],
		['Awa.Ndiaye+essor@Example.CM', 'awa.ndiaye+essor@example.cm'],
		["o'brien@example.ie", "o'brien@example.ie"],
		['mailto:awa@example.org', 'awa@example.org'],
		['awa@example', null],
		['awa@@example.org', null],
		['awa @example.org', null],
		['.awa@example.org', null],
		['awa@-example.org', null],
		[`${'a'.repeat(250)}@example.org`, null],
	])('%j', (typed, expected) => {
		const imported = parseEmail(typed) ?? null
		expect(imported).toBe(expected)
		// What an import stores, the sign-in form finds (mailto: is only a spreadsheet habit).
		if (expected) expect(normalizeEmail(expected)).toBe(expected)
		expect(normalizeIdentifier(typed.replace(/^mailto:/, ''))).toEqual(
			expected ? { email: expected } : null,
		)
	})

	test.each([
		['6 77 12 34 56', 'CM'],
		['699 41 52 63', 'CM'],
		['06 12 34 56 78', 'MA'],
		['07 12 34 56 78', 'MA'],
		['+33 6 12 34 56 78', 'CM'],
		['00237 6 77 12 34 56', 'MA'],
	])(
		'a phone an import accepts (%s in a %s cohort) is the account sign-in finds as typed',
		(typed, country) => {
			const stored = parsePhone(typed, country)
			expect(stored).toBeDefined()
			expect(phoneCandidates(typed, country)).toContain(stored)
		},
	)
})
