import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { Prisma } from '#app/.server/prisma/client.ts'
import {
	createPrismaClient,
	readRows,
	runStatement,
	withDatabaseFile,
	writeTransaction,
} from '#app/db.server.ts'
import { applyMigrations } from './migrate.server.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-db-file-'))
const own = path.join(dir, 'essor.db')
const scratch = path.join(dir, 'scratch.db')
let db: ReturnType<typeof createPrismaClient>

beforeAll(async () => {
	await applyMigrations(own)
	await applyMigrations(scratch)
	db = createPrismaClient(own, { slowQueryMs: 0 })
	await db.user.create({
		data: { name: 'Awa', email: 'awa@db-file.test', language: 'fr' },
	})
}, 60_000)

afterAll(async () => {
	await db.$disconnect()
	fs.rmSync(dir, { recursive: true, force: true })
})

const emails = (rows: { email: string | null }[]) =>
	rows.map((r) => r.email).sort()
const directEmails = () =>
	readRows<{ email: string }>(Prisma.sql`SELECT "email" FROM "User"`, db)

test('withDatabaseFile: every path (Prisma, direct reads, direct writes, transactions) goes to the other file, then back to the client own', async () => {
	// Connected and used on its own file first, as a server is before its warm-up.
	expect(emails(await directEmails())).toEqual(['awa@db-file.test'])

	const inside = await withDatabaseFile(
		scratch,
		async () => {
			const before = emails(await directEmails())
			await db.user.create({
				data: { name: 'Warm', email: 'warm@db-file.test', language: 'en' },
			})
			await runStatement(
				Prisma.sql`UPDATE "User" SET "name" = ${'Warm 2'} WHERE "email" = ${'warm@db-file.test'}`,
				db,
			)
			await writeTransaction(
				(sql) =>
					sql.run(
						Prisma.sql`UPDATE "User" SET "language" = ${'fr'} WHERE "email" = ${'warm@db-file.test'}`,
					),
				db,
			)
			return {
				before,
				after: await db.user.findMany({
					select: { email: true, name: true, language: true },
				}),
			}
		},
		db,
	)
	expect(inside.before).toEqual([])
	expect(inside.after).toEqual([
		{ email: 'warm@db-file.test', name: 'Warm 2', language: 'fr' },
	])

	// Back on its own file: nothing of the scratch work, by either path; and it still writes there.
	expect(emails(await directEmails())).toEqual(['awa@db-file.test'])
	expect(await db.user.count()).toBe(1)
	await runStatement(
		Prisma.sql`UPDATE "User" SET "name" = ${'Awa D.'} WHERE "email" = ${'awa@db-file.test'}`,
		db,
	)
	const check = createPrismaClient(own, { slowQueryMs: 0 })
	const other = createPrismaClient(scratch, { slowQueryMs: 0 })
	try {
		expect(await check.user.findMany({ select: { name: true } })).toEqual([
			{ name: 'Awa D.' },
		])
		expect(emails(await other.user.findMany())).toEqual(['warm@db-file.test'])
	} finally {
		await check.$disconnect()
		await other.$disconnect()
	}
})

test('withDatabaseFile: the client is back on its own file when the work fails', async () => {
	await expect(
		withDatabaseFile(
			scratch,
			async () => {
				await directEmails()
				throw new Error('warm-up failed')
			},
			db,
		),
	).rejects.toThrow('warm-up failed')
	expect(emails(await directEmails())).toEqual(['awa@db-file.test'])
	expect(await db.user.count()).toBe(1)
})
