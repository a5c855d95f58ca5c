import type { ProgrammeFilter } from './reports.server.ts'

function day(value: string | null) {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
	const d = new Date(`${value}T00:00:00Z`)
	return Number.isNaN(d.getTime()) ? undefined : d
}

/** Reads the programme report filter from a URL's query (unknown or malformed values are ignored). */
export function filterFromUrl(url: URL): ProgrammeFilter {
	const p = url.searchParams
	const text = (k: string) => p.get(k)?.trim() || undefined
	return {
		programme: text('programme'),
		country: text('country'),
		region: text('region'),
		from: day(p.get('from')),
		to: day(p.get('to')),
	}
}
