import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { Prisma } from '#app/.server/prisma/client.ts'
import { createPrismaClient, readRows } from '#app/db.server.ts'
import { applyMigrations } from './migrate.server.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-read-rows-'))
const file = path.join(dir, 'essor.db')
let db: ReturnType<typeof createPrismaClient>

beforeAll(async () => {
	await applyMigrations(file)
	db = createPrismaClient(file, { slowQueryMs: 0 })
}, 60_000)

afterAll(async () => {
	await db.$disconnect()
	fs.rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Row = {
	name: string
	createdAt: Date | string
	sessions: number | bigint
	phone: string | null
}
const normal = (rows: Row[]) =>
	rows.map((r) => ({
		...r,
		createdAt: new Date(r.createdAt).toISOString(),
		sessions: Number(r.sessions),
	}))

test('a direct read gives the rows $queryRaw gives, as the driver types them', async () => {
	const user = await db.user.create({
		data: { name: 'Awa', email: 'awa@read-rows.test', language: 'fr' },
	})
	await db.session.create({
		data: {
			id: 'hash-1',
			userId: user.id,
			expiresAt: new Date(Date.now() + 60_000),
		},
	})
	const query = Prisma.sql`
		SELECT u."name" AS "name", u."createdAt" AS "createdAt", u."phone" AS "phone",
			(SELECT COUNT(*) FROM "Session" s WHERE s."userId" = u."id") AS "sessions"
		FROM "User" u WHERE u."id" = ${user.id}`
	await db.$connect()
	const direct = await readRows<Row>(query, db)
	const viaPrisma = await db.$queryRaw<Row[]>(query)
	expect(direct).toHaveLength(1)
	// The driver's own types: what callers must accept (see readRows).
	expect(typeof direct[0]!.sessions).toBe('bigint')
	expect(typeof direct[0]!.createdAt).toBe('string')
	expect(normal(direct)).toEqual(normal(viaPrisma))
	expect(normal(direct)[0]).toMatchObject({
		name: 'Awa',
		phone: null,
		sessions: 1,
		createdAt: user.createdAt.toISOString(),
	})
	// A date is bound as the text Prisma stores, so it compares equal in SQL.
	const same = await readRows<{ name: string }>(
		Prisma.sql`SELECT "name" FROM "User" WHERE "createdAt" = ${user.createdAt}`,
		db,
	)
	expect(same).toEqual([{ name: 'Awa' }])
	// A value the driver does not bind as it is (bytes) goes through Prisma.
	const other = await readRows<{ n: number | bigint }>(
		Prisma.sql`SELECT COUNT(*) AS "n" FROM "User" WHERE "name" <> ${Buffer.from('x')}`,
		db,
	)
	expect(Number(other[0]!.n)).toBe(1)
})

test('a direct read never sees another request’s uncommitted writes: it waits for the transaction to end', async () => {
	const count = () =>
		readRows<{ n: number | bigint }>(
			Prisma.sql`SELECT COUNT(*) AS "n" FROM "User" WHERE "email" LIKE ${'%@pending.test'}`,
			db,
		).then((rows) => Number(rows[0]!.n))
	const events: string[] = []
	const rolledBack = db
		.$transaction(async (tx) => {
			await tx.user.create({
				data: { name: 'Gone', email: 'gone@pending.test', language: 'fr' },
			})
			await sleep(50)
			events.push('rollback')
			throw new Error('undone')
		})
		.catch(() => undefined)
	await sleep(10)
	const during = count().then((n) => {
		events.push('read')
		return n
	})
	await rolledBack
	expect(await during).toBe(0)
	expect(events).toEqual(['rollback', 'read'])

	const committed = db.$transaction(async (tx) => {
		await tx.user.create({
			data: { name: 'Kept', email: 'kept@pending.test', language: 'fr' },
		})
		await sleep(50)
	})
	await sleep(10)
	const after = count()
	await committed
	expect(await after).toBe(1)
})

test('another copy of this module (the server’s bundle and the app’s each carry one) reads directly from a client the first copy made', async () => {
	vi.resetModules()
	const copy = await import('#app/db.server.ts')
	expect(copy.readRows).not.toBe(readRows)
	const rows = await copy.readRows<{ createdAt: Date | string }>(
		Prisma.sql`SELECT "createdAt" AS "createdAt" FROM "User" LIMIT 1`,
		db,
	)
	// The stored text, not Prisma's Date: the read did not go through Prisma.
	expect(typeof rows[0]!.createdAt).toBe('string')
})
