import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { expect, test, vi } from 'vitest'
import { PrismaClient } from '#app/.server/prisma/client.ts'
import { databaseIsReachable } from '#app/db/health.server.ts'
import { loader } from '#app/routes/healthz.ts'

test('healthz answers 200 when the database is reachable', async () => {
	const res = await loader()
	expect(res.status).toBe(200)
	expect(await res.text()).toBe('ok')
})

test('the database check fails on a file that is not a database', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-health-'))
	const file = path.join(dir, 'broken.db')
	fs.writeFileSync(
		file,
		'this is not a SQLite database, just a text file that got in the way',
	)
	const client = new PrismaClient({
		adapter: new PrismaBetterSqlite3({ url: `file:${file}` }),
	})
	const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
	try {
		expect(await databaseIsReachable(client)).toBe(false)
	} finally {
		quiet.mockRestore()
		await client.$disconnect().catch(() => {})
		fs.rmSync(dir, { recursive: true, force: true })
	}
})
