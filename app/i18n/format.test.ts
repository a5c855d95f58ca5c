import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { createInstance } from 'i18next'
import { describe, expect, test } from 'vitest'
import { getFormatter, isTimeZone, sortByName } from './format.ts'
import en from './locales/en.ts'
import fr from './locales/fr.ts'
import { shareText } from './use-format.ts'

// Intl (CLDR) writes French with a no-break space before "%" and a narrow
// no-break space between thousands, so that neither is cut at a line end.
const nbsp = '\u00a0'
const nnbsp = '\u202f'

async function translator(lang: 'fr' | 'en') {
	const i18n = createInstance()
	await i18n.init({
		lng: lang,
		resources: { fr: { translation: fr }, en: { translation: en } },
		interpolation: { escapeValue: false },
	})
	return i18n.getFixedT(lang)
}

describe('numbers and shares', () => {
	test('a count is shown with its base and its share, in each language’s format', async () => {
		const frFormat = getFormatter('fr')
		const enFormat = getFormatter('en')
		expect(shareText(await translator('fr'), frFormat, 25, 40)).toBe(
			`25 sur 40, 62,5${nbsp}%`,
		)
		expect(shareText(await translator('en'), enFormat, 25, 40)).toBe(
			'25 of 40, 62.5%',
		)
		expect(shareText(await translator('fr'), frFormat, 714, 5042)).toBe(
			`714 sur 5${nnbsp}042, 14,2${nbsp}%`,
		)
		expect(shareText(await translator('en'), enFormat, 714, 5042)).toBe(
			'714 of 5,042, 14.2%',
		)
		// No share of nothing: the base says why.
		expect(shareText(await translator('fr'), frFormat, 0, 0)).toBe('0 sur 0')
		expect(frFormat.percent(1, 3)).toBe(`33,3${nbsp}%`)
		expect(frFormat.decimal(12.5)).toBe('12,5')
	})
})

describe('dates and times', () => {
	test('French and English dates are day first; times are the programme’s', () => {
		const f = getFormatter('fr', 'Africa/Douala')
		expect(f.date('2026-12-01T13:05:00Z')).toBe('01/12/2026')
		expect(
			getFormatter('en', 'Africa/Douala').date('2026-12-01T13:05:00Z'),
		).toBe('01/12/2026')
		// Douala is UTC+1: the import notice and the admin page both say 14:05.
		expect(f.dateTime('2026-12-01T13:05:00Z')).toBe('01/12/2026 14:05')
		expect(f.dateTime('2026-11-30T23:30:00Z')).toBe('01/12/2026 00:30')
		expect(f.isoDate('2026-11-30T23:30:00Z')).toBe('2026-12-01')
		expect(f.longDate('2026-12-01T13:05:00Z')).toBe('1 décembre 2026')
		// A calendar day typed in a form (midnight UTC) stays that day in any zone.
		expect(
			getFormatter('fr', 'America/Port-au-Prince').day('2026-12-01T00:00:00Z'),
		).toBe('01/12/2026')
		expect(
			getFormatter('fr', 'Africa/Casablanca').dateTime('2026-12-01T13:05:00Z'),
		).toBe('01/12/2026 14:05')
	})

	test('the output does not depend on the time zone of the process', () => {
		const script = path.resolve(
			import.meta.dirname,
			'../../tests/fixtures/format/print-formats.ts',
		)
		const run = (TZ: string) => {
			const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
				env: { ...process.env, TZ },
				encoding: 'utf8',
				timeout: 60_000,
			})
			expect(child.status, child.stderr).toBe(0)
			return JSON.parse(child.stdout) as { offset: number; out: string[] }
		}
		const kiritimati = run('Pacific/Kiritimati')
		const losAngeles = run('America/Los_Angeles')
		const utc = run('UTC')
		// The zones really differ (UTC+14, UTC-7 in June, UTC)...
		expect(kiritimati.offset).toBe(-14 * 60)
		expect(losAngeles.offset).toBe(7 * 60)
		expect(utc.offset).toBe(0)
		// ...and the text is the same, in Douala's time.
		expect(kiritimati.out).toEqual(utc.out)
		expect(losAngeles.out).toEqual(utc.out)
		expect(utc.out[0]).toBe(
			'01/12/2026 | 01/12/2026 14:05 | 1 décembre 2026 | 2026-12-01 | 2026',
		)
		expect(utc.out[1]).toBe(
			'01/12/2026 | 01/12/2026 00:30 | 1 décembre 2026 | 2026-12-01 | 2026',
		)
		expect(utc.out[2]).toBe(
			'01/01/2027 | 01/01/2027 00:59 | 1 janvier 2027 | 2027-01-01 | 2027',
		)
	})

	test('a time zone that does not exist is refused', () => {
		expect(isTimeZone('Africa/Douala')).toBe(true)
		expect(isTimeZone('Africa/Yaounde-Centre')).toBe(false)
	})
})

describe('names', () => {
	test('the French collator puts É with E, ignores case first, and orders numbers by value', () => {
		const names = [
			'Zineb Haddad',
			'Éloïse Mbarga',
			'Emile Fotso',
			'élodie Tazi',
			'Ebongue Awa',
			'Ndiaye 10',
			'Ndiaye 9',
		]
		expect(sortByName(names, (n) => n)).toEqual([
			'Ebongue Awa',
			'élodie Tazi',
			'Éloïse Mbarga',
			'Emile Fotso',
			'Ndiaye 9',
			'Ndiaye 10',
			'Zineb Haddad',
		])
		// Byte order (SQLite's ORDER BY) would put both É names after Zineb.
		expect([...names].sort().at(-1)).toBe('élodie Tazi')
	})
})
