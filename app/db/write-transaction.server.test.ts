import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { Prisma } from '#app/.server/prisma/client.ts'
import {
	createPrismaClient,
	readRows,
	runStatement,
	writeTransaction,
} from '#app/db.server.ts'
import { isUniqueViolation } from './errors.server.ts'
import { lockFromAnotherProcess } from '#tests/support/sqlite-lock.ts'
import { applyMigrations } from './migrate.server.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-write-tx-'))
const file = path.join(dir, 'essor.db')
let db: ReturnType<typeof createPrismaClient>
let userId: string

beforeAll(async () => {
	await applyMigrations(file)
	db = createPrismaClient(file, { slowQueryMs: 0 })
	userId = (
		await db.user.create({
			data: { name: 'Awa', email: 'awa@write-tx.test', language: 'fr' },
		})
	).id
}, 60_000)

afterAll(async () => {
	await db.$disconnect()
	fs.rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const insertAttempt = (id: string, lessonSlug: string, at: Date) =>
	Prisma.sql`
		INSERT INTO "QuizAttempt" ("id", "userId", "courseSlug", "lessonSlug", "number",
			"correct", "total", "score", "passed", "answers", "shown", "createdAt")
		VALUES (${id}, ${userId}, ${'c'}, ${lessonSlug}, ${1}, ${3}, ${4}, ${75}, ${true}, ${'{}'}, ${'[]'}, ${at})`

const lessonReads = async (lessonSlug: string) =>
	db.lessonRead.count({ where: { userId, lessonSlug } })

const insertRead = (lessonSlug: string) =>
	Prisma.sql`
		INSERT INTO "LessonRead" ("id", "userId", "courseSlug", "lessonSlug", "contentVersion", "readAt")
		VALUES (${crypto.randomUUID()}, ${userId}, ${'c'}, ${lessonSlug}, ${'v1'}, ${new Date()})`

test('rows written by a direct transaction read back through Prisma as Prisma writes them (booleans, dates, numbers)', async () => {
	await db.$connect()
	const at = new Date('2026-11-30T08:15:30.250Z')
	const id = await writeTransaction(async (sql) => {
		await sql.run(insertAttempt('direct-1', 'l1', at))
		const [row] = await sql.rows<{ id: string }>(
			Prisma.sql`SELECT "id" FROM "QuizAttempt" WHERE "id" = ${'direct-1'}`,
		)
		return row!.id
	}, db)
	expect(id).toBe('direct-1')
	const written = await db.quizAttempt.findUniqueOrThrow({ where: { id } })
	expect(written).toMatchObject({
		passed: true,
		score: 75,
		number: 1,
		createdAt: at,
	})
	// Stored as the same text Prisma stores: a date compares equal in SQL either way.
	const prismaRow = await db.quizAttempt.create({
		data: {
			userId,
			courseSlug: 'c',
			lessonSlug: 'l1',
			number: 2,
			correct: 1,
			total: 4,
			score: 25,
			passed: false,
			answers: '{}',
			createdAt: at,
		},
	})
	const same = await readRows<{ id: string }>(
		Prisma.sql`SELECT "id" FROM "QuizAttempt" WHERE "createdAt" = ${at} ORDER BY "number"`,
		db,
	)
	expect(same.map((r) => r.id)).toEqual(['direct-1', prismaRow.id])
})

test('a direct transaction that throws leaves nothing of what it wrote, and the connection goes on', async () => {
	await expect(
		writeTransaction(async (sql) => {
			await sql.run(insertRead('undone'))
			throw new Error('stop here')
		}, db),
	).rejects.toThrow('stop here')
	expect(await lessonReads('undone')).toBe(0)
	// The next one commits.
	await writeTransaction((sql) => sql.run(insertRead('kept')), db)
	expect(await lessonReads('kept')).toBe(1)
})

test('statements of other requests wait for a direct transaction and never see it half done', async () => {
	const events: string[] = []
	const transaction = writeTransaction(async (sql) => {
		await sql.run(insertRead('a'))
		await sleep(50)
		await sql.run(insertRead('b'))
		events.push('commit')
	}, db)
	await sleep(10)
	const read = readRows<{ n: number | bigint }>(
		Prisma.sql`SELECT COUNT(*) AS "n" FROM "LessonRead" WHERE "userId" = ${userId} AND "lessonSlug" IN (${'a'}, ${'b'})`,
		db,
	).then((rows) => {
		events.push('read')
		return Number(rows[0]!.n)
	})
	const write = runStatement(
		Prisma.sql`UPDATE "LessonRead" SET "contentVersion" = ${'v2'} WHERE "userId" = ${userId} AND "lessonSlug" = ${'a'}`,
		db,
	).then((changed) => {
		events.push('write')
		return changed
	})
	await transaction
	expect(await read).toBe(2)
	expect(await write).toBe(1)
	expect(events).toEqual(['commit', 'read', 'write'])
})

test('while another process holds the write lock, a direct transaction waits for it on a timer, then commits', async () => {
	const events: string[] = []
	const other = lockFromAnotherProcess(file, 150, () => events.push('released'))
	const transaction = writeTransaction(
		(sql) => sql.run(insertRead('after-lock')),
		db,
	).then(() => events.push('committed'))
	await sleep(20)
	// Reads go on meanwhile.
	expect(await db.user.count({ where: { id: userId } })).toBe(1)
	events.push('read')
	await transaction
	other.close()
	expect(events).toEqual(['read', 'released', 'committed'])
	expect(await lessonReads('after-lock')).toBe(1)
})

test('a unique violation is recognised from a direct transaction and from Prisma’s raw query alike', async () => {
	const twice = (client: typeof db) =>
		writeTransaction(async (sql) => {
			await sql.run(insertRead('twice'))
			await sql.run(insertRead('twice'))
		}, client).then(
			() => null,
			(error: unknown) => error,
		)
	const direct = await twice(db)
	expect(isUniqueViolation(direct)).toBe(true)
	// A client not connected yet runs it as Prisma's $transaction.
	const fresh = createPrismaClient(file, { slowQueryMs: 0 })
	try {
		const viaPrisma = await twice(fresh)
		expect((viaPrisma as { code?: string }).code).toBe('P2010')
		expect(isUniqueViolation(viaPrisma)).toBe(true)
	} finally {
		await fresh.$disconnect()
	}
	expect(await lessonReads('twice')).toBe(0)
	expect(isUniqueViolation(new Error('other'))).toBe(false)
})
