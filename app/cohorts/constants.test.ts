import { expect, test } from 'vitest'
import { ageBand, progressBucket } from './constants.ts'

test('age bands follow the funders’ table', () => {
	expect(ageBand(2009, 2026)).toBe('under18')
	expect(ageBand(2008, 2026)).toBe('18-24')
	expect(ageBand(2002, 2026)).toBe('18-24')
	expect(ageBand(2001, 2026)).toBe('25-29')
	expect(ageBand(1997, 2026)).toBe('25-29')
	expect(ageBand(1996, 2026)).toBe('30-35')
	expect(ageBand(1991, 2026)).toBe('30-35')
	expect(ageBand(1990, 2026)).toBe('over35')
	expect(ageBand(null, 2026)).toBe('unknown')
})

test('progress buckets', () => {
	expect([0, 1, 25, 26, 50, 75, 76, 99, 100].map(progressBucket)).toEqual([
		'0',
		'1-25',
		'1-25',
		'26-50',
		'26-50',
		'51-75',
		'76-99',
		'76-99',
		'100',
	])
})
