/** A short, human name for a session's device ("Chrome · Android"), from its User-Agent header. */

const BROWSERS: [RegExp, string][] = [
	[/OPR\/|Opera/, 'Opera'],
	[/Edg\//, 'Edge'],
	[/SamsungBrowser\//, 'Samsung Internet'],
	[/UCBrowser\//, 'UC Browser'],
	[/Firefox\//, 'Firefox'],
	[/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
	[/Safari\//, 'Safari'],
]

const SYSTEMS: [RegExp, string][] = [
	[/Android/, 'Android'],
	[/iPhone|iPad|iPod/, 'iOS'],
	[/Windows/, 'Windows'],
	[/Mac OS X|Macintosh/, 'macOS'],
	[/CrOS/, 'ChromeOS'],
	[/Linux/, 'Linux'],
]

function firstMatch(ua: string, table: [RegExp, string][]): string | null {
	return table.find(([pattern]) => pattern.test(ua))?.[1] ?? null
}

export function describeUserAgent(
	ua: string | null | undefined,
): string | null {
	if (!ua) return null
	const parts = [firstMatch(ua, BROWSERS), firstMatch(ua, SYSTEMS)].filter(
		(p): p is string => p !== null,
	)
	return parts.length ? parts.join(' · ') : ua.slice(0, 60)
}
