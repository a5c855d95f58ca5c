/**
 * The one place where numbers, shares, dates, times and names are formatted
 * or compared for people. Runs on the server and in the browser and gives the
 * same text in both, whatever the time zone of the process or the device:
 * every instant is shown in the programme's time zone (TIME_ZONE, validated
 * in env.server.ts and passed to the browser by the root loader).
 */

export const DEFAULT_TIME_ZONE = 'Africa/Douala'

export function isTimeZone(value: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: value })
		return true
	} catch {
		return false
	}
}

// English dates are day-first as in French (01/12/2026): both languages are read
// in the same countries, and 12/01 must not mean two different days.
const LOCALES: Record<string, string> = { fr: 'fr-FR', en: 'en-GB' }
const localeOf = (lang: string) => LOCALES[lang] ?? LOCALES.fr!

type DateInput = Date | string | number

function toDate(value: DateInput): Date {
	return value instanceof Date ? value : new Date(value)
}

const cache = new Map<string, Formatter>()

export type Formatter = ReturnType<typeof createFormatter>

/** A formatter for one language and time zone (cached: Intl objects are costly to build). */
export function getFormatter(
	lang: string,
	timeZone: string = DEFAULT_TIME_ZONE,
): Formatter {
	const key = `${lang}\u0000${timeZone}`
	let formatter = cache.get(key)
	if (!formatter) {
		formatter = createFormatter(lang, timeZone)
		cache.set(key, formatter)
	}
	return formatter
}

function createFormatter(lang: string, timeZone: string) {
	const locale = localeOf(lang)
	const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
	const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
	const percent = new Intl.NumberFormat(locale, {
		style: 'percent',
		maximumFractionDigits: 1,
	})
	const numeric = { day: '2-digit', month: '2-digit', year: 'numeric' } as const
	const date = new Intl.DateTimeFormat(locale, { ...numeric, timeZone })
	const day = new Intl.DateTimeFormat(locale, { ...numeric, timeZone: 'UTC' })
	const longDate = new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone,
	})
	const longDay = new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC',
	})
	const time = new Intl.DateTimeFormat(locale, {
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
		timeZone,
	})
	const isoParts = new Intl.DateTimeFormat('en-CA', {
		...numeric,
		timeZone,
	})
	return {
		lang,
		timeZone,
		/** 5 042 / 5,042 */
		integer: (n: number) => integer.format(n),
		/** Up to one decimal: 12,5 / 12.5 */
		decimal: (n: number) => decimal.format(n),
		/** The share of `part` in `base` as a percentage (62,5 % / 62.5%), or null when the base is 0. */
		percent: (part: number, base: number) =>
			base > 0 ? percent.format(part / base) : null,
		/** An instant's day in the programme's time zone: 01/12/2026. */
		date: (value: DateInput) => date.format(toDate(value)),
		/** A calendar day (stored as midnight UTC: cohort dates, sessions, stage dates typed in a form). */
		day: (value: DateInput) => day.format(toDate(value)),
		/** An instant's day spelt out: 1 décembre 2026 / 1 December 2026. */
		longDate: (value: DateInput) => longDate.format(toDate(value)),
		/** A calendar day spelt out (content dates, stored as midnight UTC). */
		longDay: (value: DateInput) => longDay.format(toDate(value)),
		/** An instant in the programme's time zone: 01/12/2026 14:05. */
		dateTime: (value: DateInput) => {
			const d = toDate(value)
			return `${date.format(d)} ${time.format(d)}`
		},
		/** An instant's day in the programme's time zone as YYYY-MM-DD (file names, CSV cells, date inputs). */
		isoDate: (value: DateInput) => isoParts.format(toDate(value)),
		/** The calendar year of an instant in the programme's time zone. */
		year: (value: DateInput) =>
			Number(isoParts.format(toDate(value)).slice(0, 4)),
	}
}

// NOTE: French collation for every list of people or places, whatever the
// page's language: the names are French or African, and "Élodie" belongs with
// "Elodie", not after "Zineb" as in byte order (SQLite's ORDER BY).
const collator = new Intl.Collator('fr', { numeric: true })

export const compareText = (a: string, b: string) => collator.compare(a, b)

/** Sorts a copy of `items` by `key` with the French collator; `tieBreak` keeps equal names in a stable order. */
export function sortByName<T>(
	items: readonly T[],
	key: (item: T) => string,
	tieBreak: (item: T) => string = () => '',
): T[] {
	return [...items].sort(
		(a, b) =>
			collator.compare(key(a), key(b)) ||
			(tieBreak(a) < tieBreak(b) ? -1 : tieBreak(a) > tieBreak(b) ? 1 : 0),
	)
}
