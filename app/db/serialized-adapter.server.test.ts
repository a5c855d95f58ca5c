import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { PrismaClient } from '#app/.server/prisma/client.ts'
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
