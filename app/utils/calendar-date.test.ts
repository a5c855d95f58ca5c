import { describe, expect, test } from 'vitest'
import { calendarDate, parseCalendarDate } from './calendar-date.ts'

describe('parseCalendarDate', () => {
	test('reads the date picker’s YYYY-MM-DD and a typed DD/MM/YYYY as midnight UTC', () => {
		expect(parseCalendarDate('2026-11-22')?.toISOString()).toBe(
			'2026-11-22T00:00:00.000Z',
		)
		expect(parseCalendarDate(' 22/11/2026 ')?.toISOString()).toBe(
			'2026-11-22T00:00:00.000Z',
		)
		expect(parseCalendarDate('1/2/2026')?.toISOString()).toBe(
			'2026-02-01T00:00:00.000Z',
		)
		expect(parseCalendarDate('2024-02-29')?.toISOString()).toBe(
			'2024-02-29T00:00:00.000Z',
		)
	})
	test.for([
		'2026-02-30',
		'2025-02-29',
		'2026-13-01',
		'2026-00-10',
		'50000-01-01',
		'+275760-09-13',
		'1899-12-31',
		'2101-01-01',
		'2026-1-1',
		'11/22/2026',
		'2026-11-22T00:00:00Z',
		'',
		'NaN',
		'0',
	])('refuses %j', (value) => {
		expect(parseCalendarDate(value)).toBeNull()
	})
	test('as a zod schema: the message given for every refusal, a missing value included', () => {
		const schema = calendarDate('cohorts.errors.date')
		expect(schema.safeParse('2026-11-22')).toMatchObject({ success: true })
		for (const bad of ['2026-02-30', undefined, 12, ['2026-01-01']]) {
			const parsed = schema.safeParse(bad)
			expect(parsed.success).toBe(false)
			expect(parsed.error?.issues.map((i) => i.message)).toEqual([
				'cohorts.errors.date',
			])
		}
	})
})
