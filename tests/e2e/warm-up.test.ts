import fs from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startAppServer, type RunningServer } from '#tests/support/server.ts'
import {
	connectApp,
	inspectDatabase,
	loadCatalog,
	passingQuizForm,
	send,
	tempDir,
} from '#tests/stress/support.ts'

/**
 * The server's warm-up (server/warm-up.ts): before it listens, it signs in,
 * reads, answers quizzes and finishes courses on a scratch database. None of
 * it may reach the real database, the scratch file must be gone, and the
 * server must then work on its own database.
 */

let server: RunningServer
const scratchParent = tempDir('essor-warm-up-tmp-')

beforeAll(async () => {
	server = await startAppServer({
		WEB_CONCURRENCY: '1',
		WARM_UP_ROUNDS: '1',
		// The warm-up's scratch database is made here, where this test can look.
		TMPDIR: scratchParent,
	})
}, 120_000)

afterAll(async () => {
	await server?.stop()
	fs.rmSync(scratchParent, { recursive: true, force: true })
})

test('the warm-up walks every course before the server listens, leaves nothing in the real database or on disk, and the server then writes to its own database', async () => {
	const warmed =
		/Warmed up: (\d+) requests of two learners on a scratch database in \d+ ms/.exec(
			server.output(),
		)
	expect(warmed, server.output()).not.toBeNull()
	const courses = loadCatalog()
	const lessons = courses.reduce((n, c) => n + c.lessons.length, 0)
	// Each of two learners: the catalog, every lesson page and its quiz, every course page.
	expect(Number(warmed![1])).toBeGreaterThanOrEqual(
		2 * (1 + 2 * lessons + courses.length),
	)
	expect(fs.readdirSync(scratchParent)).toEqual([])

	const real = inspectDatabase(server.databaseFile)
	try {
		const count = (sql: string) =>
			(real.db.prepare(sql).get() as { n: number }).n
		expect(
			count(
				`SELECT COUNT(*) AS n FROM "User" WHERE "name" = 'Warm-up' OR "email" LIKE '%essor.invalid'`,
			),
		).toBe(0)
		expect(
			count(
				`SELECT COUNT(*) AS n FROM "Session" WHERE "userAgent" = 'warm-up'`,
			),
		).toBe(0)
		// Every learning record belongs to a user of the real database (the demo data's), none to the warm-up's.
		for (const table of [
			'QuizAttempt',
			'LessonProgress',
			'LessonRead',
			'CourseActivity',
			'CourseCompletion',
			'Certificate',
		])
			expect(
				count(
					`SELECT COUNT(*) AS n FROM "${table}" t WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u."id" = t."userId")`,
				),
				table,
			).toBe(0)
	} finally {
		real.close()
	}

	// A learner's quiz, after the warm-up, is in the real database.
	const app = await connectApp(server.dataDir)
	const [learner] = await app.createLearners(1, 'after-warm-up')
	await app.prisma.$disconnect()
	const course = courses[0]!
	const lesson = course.lessons[0]!
	const page = `/courses/${course.slug}/${lesson.slug}`
	expect(
		(await send(server.url, page, { cookie: learner!.cookie })).status,
	).toBe(200)
	expect(
		(
			await send(server.url, page, {
				cookie: learner!.cookie,
				form: passingQuizForm(lesson),
			})
		).status,
	).toBe(200)
	const after = inspectDatabase(server.databaseFile)
	try {
		expect(after.lessonsDone([learner!.id])).toEqual(
			new Set([`${learner!.id} ${course.slug} ${lesson.slug}`]),
		)
	} finally {
		after.close()
	}
})
