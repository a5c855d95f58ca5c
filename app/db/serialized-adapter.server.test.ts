import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { PrismaClient } from '#app/.server/prisma/client.ts'
import { lockFromAnotherProcess } from '#tests/support/sqlite-lock.ts'
import { applyMigrations } from './migrate.server.ts'
import { serializeTransactions } from './serialized-adapter.server.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-serialized-'))
const file = path.join(dir, 'essor.db')
let prisma: PrismaClient

beforeAll(async () => {
	await applyMigrations(file)
	prisma = new PrismaClient({
		adapter: serializeTransactions(
			new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5000 }),
		),
	})
}, 60_000)

afterAll(async () => {
	await prisma.$disconnect()
	fs.rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('a write made while another request’s transaction is open survives that transaction’s rollback', async () => {
	const [a, b] = await Promise.all([
		prisma.user.create({
			data: { name: 'A', email: 'a@serialized.test', language: 'fr' },
		}),
		prisma.user.create({
			data: { name: 'B', email: 'b@serialized.test', language: 'fr' },
		}),
	])
	// Request 1: a transaction that fails (unique violation) after waiting a little.
	const failing = prisma
		.$transaction(async (tx) => {
			await tx.user.findMany({ take: 1 })
			await sleep(30)
			await tx.user.create({
				data: { name: 'Duplicate', email: a.email, language: 'fr' },
			})
		})
		.then(
			() => 'committed',
			(error: { code?: string }) => error.code,
		)
	// Request 2, meanwhile: an ordinary write, acknowledged once it returns.
	await sleep(5)
	await prisma.lessonProgress.create({
		data: {
			userId: b.id,
			courseSlug: 'c',
			lessonSlug: 'l',
			via: 'read',
			contentVersion: 'v',
		},
	})
	expect(await failing).toBe('P2002')
	expect(await prisma.lessonProgress.count({ where: { userId: b.id } })).toBe(1)
})

test('transactions run one at a time and ordinary queries keep working around them', async () => {
	const user = await prisma.user.create({
		data: { name: 'C', email: 'c@serialized.test', language: 'fr' },
	})
	const order: string[] = []
	await Promise.all([
		...[1, 2, 3].map((n) =>
			prisma.$transaction(async (tx) => {
				order.push(`begin ${n}`)
				await tx.courseActivity.upsert({
					where: { userId_courseSlug: { userId: user.id, courseSlug: 'c' } },
					create: { userId: user.id, courseSlug: 'c', lessonSlug: `l${n}` },
					update: { lessonSlug: `l${n}` },
				})
				await sleep(5)
				order.push(`end ${n}`)
			}),
		),
		...Array.from({ length: 10 }, (_, i) =>
			prisma.quizAttempt.create({
				data: {
					userId: user.id,
					courseSlug: 'c',
					lessonSlug: `l${i}`,
					correct: 1,
					total: 1,
					score: 100,
					passed: true,
					answers: '{}',
				},
			}),
		),
	])
	expect(order).toEqual([
		'begin 1',
		'end 1',
		'begin 2',
		'end 2',
		'begin 3',
		'end 3',
	])
	expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(
		10,
	)
})

test('while another process holds the write lock, writes wait for it without stopping the process, then go through', async () => {
	const user = await prisma.user.create({
		data: { name: 'D', email: 'd@serialized.test', language: 'fr' },
	})
	const events: string[] = []
	// Another process: a second worker or a backup, on a connection of its own.
	const other = lockFromAnotherProcess(file, 150, () => events.push('released'))
	const write = prisma.courseActivity
		.create({ data: { userId: user.id, courseSlug: 'c', lessonSlug: 'l1' } })
		.then(() => events.push('write'))
	const transaction = prisma
		.$transaction(async (tx) => {
			await tx.lessonRead.create({
				data: {
					userId: user.id,
					courseSlug: 'c',
					lessonSlug: 'l1',
					contentVersion: 'v',
				},
			})
		})
		.then(() => events.push('transaction'))
	await sleep(20)
	// Reads are not held up meanwhile.
	expect(await prisma.user.count({ where: { id: user.id } })).toBe(1)
	events.push('read')
	await Promise.all([write, transaction])
	other.close()
	expect(events.slice(0, 2)).toEqual(['read', 'released'])
	expect(events.slice(2).sort()).toEqual(['transaction', 'write'])
	expect(
		await prisma.courseActivity.count({ where: { userId: user.id } }),
	).toBe(1)
	expect(await prisma.lessonRead.count({ where: { userId: user.id } })).toBe(1)
})

test('a write that waits longer than the lock wait fails as a time-out, writes nothing, and the connection keeps working', async () => {
	const impatient = new PrismaClient({
		adapter: serializeTransactions(
			new PrismaBetterSqlite3({ url: `file:${file}` }),
			{ lockWaitMs: 100 },
		),
	})
	try {
		const user = await impatient.user.create({
			data: { name: 'E', email: 'e@serialized.test', language: 'fr' },
		})
		const other = new Database(file)
		other.prepare('BEGIN IMMEDIATE').run()
		const failures = await Promise.all([
			impatient.courseActivity
				.create({ data: { userId: user.id, courseSlug: 'c', lessonSlug: 'l' } })
				.then(
					() => 'written',
					(error: Error) => error.message,
				),
			impatient
				.$transaction((tx) =>
					tx.courseActivity.create({
						data: { userId: user.id, courseSlug: 'd', lessonSlug: 'l' },
					}),
				)
				.then(
					() => 'written',
					(error: Error) => error.message,
				),
		])
		other.prepare('ROLLBACK').run()
		other.close()
		for (const message of failures) expect(message).toMatch(/timed out/i)
		expect(
			await impatient.courseActivity.count({ where: { userId: user.id } }),
		).toBe(0)
		// Nothing is left locked: the next transaction and write go through.
		await impatient.$transaction((tx) =>
			tx.courseActivity.create({
				data: { userId: user.id, courseSlug: 'd', lessonSlug: 'l' },
			}),
		)
		await impatient.courseActivity.create({
			data: { userId: user.id, courseSlug: 'c', lessonSlug: 'l' },
		})
		expect(
			await impatient.courseActivity.count({ where: { userId: user.id } }),
		).toBe(2)
	} finally {
		await impatient.$disconnect()
	}
})
