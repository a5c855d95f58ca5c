/**
 * Dates on account pages, formatted on the server (so the page is the same
 * with or without JavaScript) in the person's time zone when their profile
 * tells it.
 */
const TIME_ZONES: Record<string, string> = {
	CM: 'Africa/Douala',
	MA: 'Africa/Casablanca',
}

export function timeZoneFor(country: string | null | undefined): string {
	return (country && TIME_ZONES[country]) || 'UTC'
}

export function formatDateTime(
	date: Date,
	lang: string,
	timeZone: string,
): string {
	const text = new Intl.DateTimeFormat(lang, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone,
	}).format(date)
	return timeZone === 'UTC' ? `${text} UTC` : text
}
