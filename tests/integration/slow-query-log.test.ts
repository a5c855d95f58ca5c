import { afterAll, expect, test } from 'vitest'
import { createPrismaClient } from '#app/db.server.ts'
import { databasePath } from '#app/env.server.ts'

const lines: string[] = []
const logged = createPrismaClient(databasePath(), {
	slowQueryMs: 1,
	logSlowQuery: (line) => lines.push(line),
})
const quiet = createPrismaClient(databasePath(), {
	slowQueryMs: 600_000,
	logSlowQuery: (line) => lines.push(line),
})

afterAll(async () => {
	await logged.$disconnect()
	await quiet.$disconnect()
})

// Counting to 200,000 in SQL: far above a 1 ms threshold on any machine.
const slowCount = (client: typeof logged, who: string) =>
	client.$queryRaw<{ n: bigint; who: string }[]>`
		WITH RECURSIVE counter(x) AS (
			SELECT 1 UNION ALL SELECT x + 1 FROM counter WHERE x < ${200_000}
		)
		SELECT count(*) AS n, ${who} AS who FROM counter`

test('a query slower than SLOW_QUERY_MS is logged with its SQL, never its parameters', async () => {
	const [row] = await slowCount(logged, 'awa.secret@example.test')
	expect(Number(row!.n)).toBe(200_000)
	const line = lines.find((l) => l.includes('WITH RECURSIVE counter'))
	expect(line).toMatch(/^slow query \d+\.\d ms: WITH RECURSIVE counter\(x\) AS/)
	expect(lines.join('\n')).not.toContain('awa.secret')
	expect(lines.join('\n')).not.toContain('200000')
})

test('below the threshold, nothing is logged', async () => {
	lines.length = 0
	await slowCount(quiet, 'someone@example.test')
	await quiet.user.findMany({ where: { email: 'someone@example.test' } })
	expect(lines).toEqual([])
})
