import { z } from 'zod'

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/
const FRENCH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
export const FIRST_YEAR = 1900
export const LAST_YEAR = 2100

/**
 * A day typed in a date field, as midnight UTC. `<input type=date>` sends
 * YYYY-MM-DD; phones without a date picker show a text box where people type
 * DD/MM/YYYY. Anything else, a day that does not exist (30 February) or a
 * year outside 1900–2100 (a typo such as 50000) is refused with `message`.
 */
export function parseCalendarDate(value: string): Date | null {
	const text = value.trim()
	const iso = ISO.exec(text)
	const french = iso ? null : FRENCH.exec(text)
	const parts = iso
		? [iso[1], iso[2], iso[3]]
		: french
			? [french[3], french[2], french[1]]
			: null
	if (!parts) return null
	const [year, month, day] = parts.map(Number) as [number, number, number]
	if (year < FIRST_YEAR || year > LAST_YEAR) return null
	const date = new Date(Date.UTC(year, month - 1, day))
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day
		? date
		: null
}

export function calendarDate(message: string) {
	return z.string({ errorMap: () => ({ message }) }).transform((value, ctx) => {
		const date = parseCalendarDate(value)
		if (!date) {
			ctx.addIssue({ code: 'custom', message })
			return z.NEVER
		}
		return date
	})
}
