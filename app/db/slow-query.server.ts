/**
 * Database queries slower than SLOW_QUERY_MS, logged with their duration and
 * SQL text: never their parameters, which carry names, e-mail addresses and
 * answers. The duration is Prisma's, from the query's start to its result,
 * so it includes a wait for another request's transaction
 * (serialized-adapter.server.ts).
 */

export type QueryEvent = { duration: number; query: string }

const MAX_SQL = 400

/** The SQL as the log shows it: a long column list elided, the whole bounded in length. */
export function describeQuery(sql: string): string {
	const compact = sql
		.replace(/\s+/g, ' ')
		.replace(/^SELECT (.{60,}?) FROM /i, 'SELECT … FROM ')
		.trim()
	return compact.length > MAX_SQL ? `${compact.slice(0, MAX_SQL)}…` : compact
}

export function slowQueryLogger(
	thresholdMs: number,
	write: (line: string) => void = (line) => console.warn(line),
) {
	return (event: QueryEvent) => {
		if (event.duration < thresholdMs) return
		write(
			`slow query ${event.duration.toFixed(1)} ms: ${describeQuery(event.query)}`,
		)
	}
}
