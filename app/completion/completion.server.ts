import type {
	CatalogCourse,
	CatalogLesson,
} from '#app/content/catalog.server.ts'
import { lessonHasQuiz } from '#app/courses/catalog.server.ts'
import { countsAsDone, doneLessons } from '#app/courses/progress.server.ts'
import {
	serializeAttempt,
	type GradedQuiz,
	type QuizDraw,
} from '#app/courses/quiz.server.ts'
import { Prisma } from '#app/.server/prisma/client.ts'
import {
	prisma,
	readRows,
	transactionSql,
	writeTransaction,
	type Sql,
} from '#app/db.server.ts'
import {
	completionListeners,
	type CourseCompleted,
} from './listeners.server.ts'
import { isUniqueViolation } from '#app/db/errors.server.ts'

/**
 * The one place that decides completion. Course pages record what a learner
 * did (a quiz attempt, a read mark) through this service; it decides whether
 * that completes the lesson (a lesson with a quiz only through a passed
 * quiz, one without through a read mark), then whether every required lesson
 * of the course is done, and announces the completion to its listeners
 * (certificates, cohort stages) in the same transaction. A completion is
 * recorded once (unique per learner and course) and so is everything its
 * listeners write.
 */

/** Reads outside any transaction, for the checks made before one. */
const outside: Pick<Sql, 'rows'> = { rows: (query) => readRows(query) }

/** A new record's id (a UUID: the lesson events' rows are written in SQL, without Prisma's cuid). */
const newId = () => crypto.randomUUID()

export type LessonOutcome = {
	/** The lesson counts as done (now or before). */
	lessonDone: boolean
	/** This call made the lesson done. */
	lessonCompleted: boolean
	/** The course completion this call recorded, if it did. */
	courseCompletion: { id: string; completedAt: Date } | null
}

type CourseStateRow = {
	lessonSlug: string | null
	via: string | null
	completionId: string | null
	readOnlyLessons: number | bigint | null
}

/**
 * The required lessons not done yet under the rules, and whether the
 * completion is recorded. One statement (it runs before and after every
 * lesson event): the learner's lesson rows in the course, then their
 * completion row, in portable SQL.
 */
async function courseState(
	sql: Pick<Sql, 'rows'>,
	userId: string,
	course: CatalogCourse,
) {
	const rows = await sql.rows<CourseStateRow>(
		Prisma.sql`
		SELECT p."lessonSlug" AS "lessonSlug", p."via" AS "via",
			NULL AS "completionId", NULL AS "readOnlyLessons"
		FROM "LessonProgress" p
		WHERE p."userId" = ${userId} AND p."courseSlug" = ${course.slug}
		UNION ALL
		SELECT NULL, NULL, c."id", c."readOnlyLessons"
		FROM "CourseCompletion" c
		WHERE c."userId" = ${userId} AND c."courseSlug" = ${course.slug}`,
	)
	const records: { lessonSlug: string; via: string }[] = []
	let completion: { id: string; readOnlyLessons: number } | null = null
	for (const row of rows) {
		if (row.completionId !== null)
			completion = {
				id: row.completionId,
				readOnlyLessons: Number(row.readOnlyLessons),
			}
		else if (row.lessonSlug !== null && row.via !== null)
			records.push({ lessonSlug: row.lessonSlug, via: row.via })
	}
	const done = doneLessons(course, records)
	return {
		missing: course.lessons
			.filter((l) => l.required && !done.has(l.slug))
			.map((l) => l.slug),
		completion,
	}
}

/**
 * Records the lesson as done; returns whether it became done now. A lesson
 * counted by a read mark under the former rule becomes a quiz lesson done
 * properly once its quiz is passed, and the completion's flag follows.
 */
async function markLessonDone(
	sql: Sql,
	userId: string,
	course: CatalogCourse,
	lesson: CatalogLesson,
	via: 'read' | 'quiz',
) {
	const where = Prisma.sql`"userId" = ${userId} AND "courseSlug" = ${course.slug} AND "lessonSlug" = ${lesson.slug}`
	const [existing] = await sql.rows<{ via: string }>(
		Prisma.sql`SELECT "via" FROM "LessonProgress" WHERE ${where}`,
	)
	if (!existing) {
		await sql.run(Prisma.sql`
			INSERT INTO "LessonProgress" ("id", "userId", "courseSlug", "lessonSlug", "via", "contentVersion", "completedAt")
			VALUES (${newId()}, ${userId}, ${course.slug}, ${lesson.slug}, ${via}, ${lesson.version}, ${new Date()})`)
		return true
	}
	if (countsAsDone(lesson, existing.via)) return false
	await sql.run(Prisma.sql`
		UPDATE "LessonProgress" SET "via" = ${via}, "contentVersion" = ${lesson.version}, "completedAt" = ${new Date()}
		WHERE ${where}`)
	await sql.run(Prisma.sql`
		UPDATE "CourseCompletion" SET "readOnlyLessons" = "readOnlyLessons" - 1
		WHERE "userId" = ${userId} AND "courseSlug" = ${course.slug} AND "readOnlyLessons" > 0`)
	return true
}

async function prepareListeners(event: Omit<CourseCompleted, 'completionId'>) {
	return Promise.all(completionListeners.map((l) => l.prepare(event)))
}

/** The completion and what its listeners record, in the caller's transaction. */
async function recordCompletion(
	tx: Prisma.TransactionClient,
	userId: string,
	course: CatalogCourse,
	completedAt: Date,
	prepared: unknown[],
) {
	const completion = await tx.courseCompletion.create({
		data: {
			userId,
			courseSlug: course.slug,
			contentVersion: course.version,
			completedAt,
		},
		select: { id: true, completedAt: true },
	})
	const event: CourseCompleted = {
		completionId: completion.id,
		userId,
		courseSlug: course.slug,
		completedAt,
	}
	for (const [i, listener] of completionListeners.entries())
		await listener.record(tx, event, prepared[i])
	return completion
}

type LessonEvent<W> = {
	userId: string
	course: CatalogCourse
	lesson: CatalogLesson
	/** Whether this event completes the lesson, and as what. */
	completes: false | 'read' | 'quiz'
	/** The event's own record, written first in the transaction; `null` stops there (nothing written). */
	write: (sql: Sql) => Promise<W | null>
}

type Completion = LessonOutcome['courseCompletion']

async function writeLessonEvent<W>(
	sql: Sql,
	event: LessonEvent<W>,
	finish: ((sql: Sql) => Promise<Completion>) | null,
): Promise<{ written: W | null } & LessonOutcome> {
	const { userId, course, lesson, completes } = event
	const written = await event.write(sql)
	if (written === null)
		return {
			written,
			lessonDone: false,
			lessonCompleted: false,
			courseCompletion: null,
		}
	const lessonCompleted = completes
		? await markLessonDone(sql, userId, course, lesson, completes)
		: false
	return {
		written,
		lessonDone: Boolean(completes),
		lessonCompleted,
		courseCompletion: finish ? await finish(sql) : null,
	}
}

/**
 * Writes a lesson event, the lesson it completes and, when it is the last
 * required lesson, the course completion with everything its listeners
 * record, in one transaction: a crash leaves all of them or none. The
 * listeners' slow work (signing the certificate) is done beforehand, when
 * the event is expected to finish the course.
 */
async function commitLessonEvent<W>(
	event: LessonEvent<W>,
): Promise<{ written: W | null } & LessonOutcome> {
	const { userId, course, lesson, completes } = event
	for (let round = 0; ; round++) {
		const before = await courseState(outside, userId, course)
		const finishes =
			Boolean(completes) &&
			!before.completion &&
			before.missing.every((slug) => slug === lesson.slug)
		const completedAt = new Date()
		const prepared = finishes
			? await prepareListeners({
					userId,
					courseSlug: course.slug,
					completedAt,
				})
			: null
		try {
			// Only the event expected to finish the course needs Prisma's
			// transaction, for what the completion's listeners write; the
			// others are SQL alone (see writeTransaction).
			const outcome = prepared
				? await prisma.$transaction((tx) =>
						writeLessonEvent(transactionSql(tx), event, async (sql) => {
							const now = await courseState(sql, userId, course)
							return now.completion || now.missing.length
								? null
								: recordCompletion(tx, userId, course, completedAt, prepared)
						}),
					)
				: await writeTransaction((sql) => writeLessonEvent(sql, event, null))
			// Two last lessons done at once: the one that ends second completes the course.
			if (
				outcome.lessonCompleted &&
				!outcome.courseCompletion &&
				!before.completion
			)
				outcome.courseCompletion = await settleCourse(userId, course)
			return outcome
		} catch (error) {
			// Another process wrote the same record first: look again, once.
			if (!isUniqueViolation(error) || round > 0) throw error
		}
	}
}

/**
 * Records a graded quiz attempt under its number. A passed attempt completes
 * the lesson (and, if it was the last, the course). An attempt number already
 * recorded (a form sent twice) writes nothing and returns that attempt, so it
 * is shown again rather than graded twice.
 */
export async function recordQuizAttempt(input: {
	userId: string
	course: CatalogCourse
	lesson: CatalogLesson
	number: number
	draw: QuizDraw
	answers: Record<string, string[]>
	graded: GradedQuiz
	/** The phone's id for these answers (app/offline): recorded once per learner. */
	clientId?: string | null
}) {
	const { userId, course, lesson, number, graded } = input
	const clientId = input.clientId ?? null
	const outcome = await commitLessonEvent({
		userId,
		course,
		lesson,
		completes: graded.passed && lessonHasQuiz(lesson) ? 'quiz' : false,
		write: async (sql) => {
			const [existing] = await sql.rows(Prisma.sql`
				SELECT "id" FROM "QuizAttempt"
				WHERE "userId" = ${userId} AND "courseSlug" = ${course.slug} AND "lessonSlug" = ${lesson.slug} AND "number" = ${number}`)
			if (existing) return null
			// The same id with another number: a form edited by hand, never the phone's queue.
			if (
				clientId &&
				(
					await sql.rows(Prisma.sql`
						SELECT "id" FROM "QuizAttempt" WHERE "userId" = ${userId} AND "clientId" = ${clientId}`)
				).length
			)
				return null
			const id = newId()
			const { shown, answers } = serializeAttempt(input.draw, input.answers)
			await sql.run(Prisma.sql`
				INSERT INTO "QuizAttempt" ("id", "userId", "courseSlug", "lessonSlug", "number", "clientId",
					"correct", "total", "score", "passed", "answers", "shown", "createdAt")
				VALUES (${id}, ${userId}, ${course.slug}, ${lesson.slug}, ${number}, ${clientId},
					${graded.correct}, ${graded.total}, ${graded.score}, ${graded.passed}, ${answers}, ${shown}, ${new Date()})`)
			return { id }
		},
	})
	return { ...outcome, duplicate: outcome.written === null }
}

/**
 * "I have read this lesson": always kept as a reading record; it completes
 * the lesson only when the lesson has no quiz.
 */
export async function recordReadMark(input: {
	userId: string
	course: CatalogCourse
	lesson: CatalogLesson
	/** The phone's id for this mark (app/offline): recorded once per learner. */
	clientId?: string | null
}) {
	const { userId, course, lesson } = input
	return commitLessonEvent({
		userId,
		course,
		lesson,
		completes: lessonHasQuiz(lesson) ? false : 'read',
		write: async (sql) => {
			// An id already given to another mark (a form edited by hand) is not kept twice.
			const taken =
				input.clientId &&
				(
					await sql.rows(Prisma.sql`
						SELECT "id" FROM "LessonRead" WHERE "userId" = ${userId} AND "clientId" = ${input.clientId}`)
				).length
			const clientId = input.clientId && !taken ? input.clientId : null
			// A lesson read before stays as it was first recorded.
			await sql.run(Prisma.sql`
				INSERT INTO "LessonRead" ("id", "userId", "courseSlug", "lessonSlug", "contentVersion", "readAt", "clientId")
				VALUES (${newId()}, ${userId}, ${course.slug}, ${lesson.slug}, ${lesson.version}, ${new Date()}, ${clientId})
				ON CONFLICT ("userId", "courseSlug", "lessonSlug") DO NOTHING`)
			return true
		},
	})
}

/**
 * Records the completion of a course whose required lessons are all done but
 * whose completion is not (two last lessons done at once, or a crash between
 * two requests). Returns it if this call recorded it.
 */
export async function settleCourse(userId: string, course: CatalogCourse) {
	const before = await courseState(outside, userId, course)
	if (before.completion || before.missing.length) return null
	const completedAt = new Date()
	const prepared = await prepareListeners({
		userId,
		courseSlug: course.slug,
		completedAt,
	})
	try {
		return await prisma.$transaction(async (tx) => {
			const now = await courseState(transactionSql(tx), userId, course)
			if (now.completion || now.missing.length) return null
			return recordCompletion(tx, userId, course, completedAt, prepared)
		})
	} catch (error) {
		if (!isUniqueViolation(error)) throw error
		return null
	}
}
