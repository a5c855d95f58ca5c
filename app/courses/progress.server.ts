import {
	getCatalog,
	type CatalogCourse,
	type CatalogLesson,
} from '#app/content/catalog.server.ts'
import { Prisma } from '#app/.server/prisma/client.ts'
import { prisma, readRows, runStatement } from '#app/db.server.ts'
import { lessonHasQuiz } from './catalog.server.ts'
import type { WorksheetValues } from './worksheets.ts'

/**
 * A learner's progress through courses, read only: lessons done, quiz
 * attempts, reading marks, worksheets. What completes a lesson or a course is
 * decided in one place, app/completion.
 */

const VISIT_PRECISION_MS = 5 * 60 * 1000

/**
 * Remembers where the learner is, to resume there. Re-reading the same lesson
 * within minutes writes nothing: "last activity" needs no finer grain, and
 * every page view of a busy course is spared a database write.
 */
export async function recordLessonVisit(
	userId: string,
	courseSlug: string,
	lessonSlug: string,
	previous?: { lessonSlug: string | null; lastSeenAt: string | null },
) {
	if (
		previous?.lessonSlug === lessonSlug &&
		previous.lastSeenAt &&
		Date.now() - Date.parse(previous.lastSeenAt) < VISIT_PRECISION_MS
	)
		return
	await runStatement(Prisma.sql`
		INSERT INTO "CourseActivity" ("userId", "courseSlug", "lessonSlug", "lastSeenAt")
		VALUES (${userId}, ${courseSlug}, ${lessonSlug}, ${new Date()})
		ON CONFLICT ("userId", "courseSlug")
		DO UPDATE SET "lessonSlug" = excluded."lessonSlug", "lastSeenAt" = excluded."lastSeenAt"`)
}

/** Whether a lesson record counts: a lesson with a quiz is done only through its quiz. */
export function countsAsDone(lesson: CatalogLesson, via: string) {
	return via === 'quiz' || !lessonHasQuiz(lesson)
}

/**
 * The lessons of a course that count as done, from a learner's lesson
 * records (LessonProgress rows) in that course: the one place the rule is
 * applied to a list.
 */
export function doneLessons(
	course: CatalogCourse,
	records: Iterable<{ lessonSlug: string; via: string }>,
) {
	const via = new Map<string, string>()
	for (const r of records) via.set(r.lessonSlug, r.via)
	return new Set(
		course.lessons
			.filter((l) => {
				const v = via.get(l.slug)
				return v !== undefined && countsAsDone(l, v)
			})
			.map((l) => l.slug),
	)
}

/** The lesson slugs of a course that count as done for this learner. */
export async function lessonsDone(userId: string, course: CatalogCourse) {
	const rows = await prisma.lessonProgress.findMany({
		where: { userId, courseSlug: course.slug },
		select: { lessonSlug: true, via: true },
	})
	return doneLessons(course, rows)
}

type AttemptCount = {
	maxNumber: number | bigint | null
	attempts: number | bigint
}

/** The columns `maxNumber` and `attempts` of a learner's attempts at a lesson (scalar subqueries, usable in any SELECT). */
function attemptColumns(
	userId: string,
	courseSlug: string,
	lessonSlug: string,
) {
	return Prisma.sql`
			(SELECT MAX(q."number") FROM "QuizAttempt" q
				WHERE q."userId" = ${userId} AND q."courseSlug" = ${courseSlug} AND q."lessonSlug" = ${lessonSlug}) AS "maxNumber",
			(SELECT COUNT(*) FROM "QuizAttempt" q
				WHERE q."userId" = ${userId} AND q."courseSlug" = ${courseSlug} AND q."lessonSlug" = ${lessonSlug}) AS "attempts"`
}

// Attempts made before numbering have a number from the migration; none is null.
const attemptAfter = ({ maxNumber, attempts }: AttemptCount) =>
	Math.max(Number(maxNumber ?? 0), Number(attempts)) + 1

/** The number the next quiz attempt at this lesson gets (1 for the first). */
export async function nextAttemptNumber(
	userId: string,
	courseSlug: string,
	lessonSlug: string,
) {
	const [count] = await readRows<AttemptCount>(
		Prisma.sql`SELECT ${attemptColumns(userId, courseSlug, lessonSlug)}`,
	)
	return attemptAfter(count!)
}

export function findQuizAttempt(
	userId: string,
	courseSlug: string,
	lessonSlug: string,
	number: number,
) {
	return prisma.quizAttempt.findUnique({
		where: {
			userId_courseSlug_lessonSlug_number: {
				userId,
				courseSlug,
				lessonSlug,
				number,
			},
		},
	})
}

export async function hasPassedQuiz(
	userId: string,
	course: CatalogCourse,
	lesson: CatalogLesson,
) {
	return (
		(await prisma.quizAttempt.count({
			where: {
				userId,
				courseSlug: course.slug,
				lessonSlug: lesson.slug,
				passed: true,
			},
		})) > 0
	)
}

/** What a lesson page needs: is this lesson done or read, the next quiz attempt, and where the learner was last. */
type LessonStateRow = AttemptCount & {
	via: string | null
	readAt: Date | string | null
	lastLesson: string | null
	lastSeenAt: Date | string | null
}

type WorksheetEntries = Record<
	string,
	{ values: WorksheetValues; updatedAt: string }
>

const isoOrNull = (value: Date | string | null) =>
	value === null
		? null
		: (value instanceof Date ? value : new Date(value)).toISOString()

/**
 * What a lesson page shows of the learner: done or not, read or not, the
 * next attempt number, the course's last lesson and what they wrote in the
 * lesson's worksheets. One statement of indexed look-ups (it runs on every
 * lesson page), in portable SQL.
 */
export async function getLessonState(
	userId: string,
	course: CatalogCourse,
	lesson: CatalogLesson,
	worksheetIds: string[] = [],
) {
	const courseSlug = course.slug
	const lessonSlug = lesson.slug
	// Two columns per worksheet, named by position (never by the id itself).
	const worksheets = worksheetIds.map(
		(id, i) => Prisma.sql`,
			(SELECT w."data" FROM "WorksheetEntry" w
				WHERE w."userId" = ${userId} AND w."courseSlug" = ${courseSlug} AND w."worksheetId" = ${id}) AS ${Prisma.raw(`"w${i}Data"`)},
			(SELECT w."updatedAt" FROM "WorksheetEntry" w
				WHERE w."userId" = ${userId} AND w."courseSlug" = ${courseSlug} AND w."worksheetId" = ${id}) AS ${Prisma.raw(`"w${i}UpdatedAt"`)}`,
	)
	const [row] = await readRows<
		LessonStateRow & Record<string, string | Date | null>
	>(Prisma.sql`
		SELECT
			(SELECT p."via" FROM "LessonProgress" p
				WHERE p."userId" = ${userId} AND p."courseSlug" = ${courseSlug} AND p."lessonSlug" = ${lessonSlug}) AS "via",
			(SELECT r."readAt" FROM "LessonRead" r
				WHERE r."userId" = ${userId} AND r."courseSlug" = ${courseSlug} AND r."lessonSlug" = ${lessonSlug}) AS "readAt",
			(SELECT a."lessonSlug" FROM "CourseActivity" a
				WHERE a."userId" = ${userId} AND a."courseSlug" = ${courseSlug}) AS "lastLesson",
			(SELECT a."lastSeenAt" FROM "CourseActivity" a
				WHERE a."userId" = ${userId} AND a."courseSlug" = ${courseSlug}) AS "lastSeenAt",
			${attemptColumns(userId, courseSlug, lessonSlug)}
			${worksheets.length ? Prisma.join(worksheets, '') : Prisma.empty}`)
	const state = row!
	const entries: WorksheetEntries = {}
	worksheetIds.forEach((id, i) => {
		const data = state[`w${i}Data`]
		if (typeof data === 'string')
			entries[id] = {
				values: JSON.parse(data) as WorksheetValues,
				updatedAt: isoOrNull(state[`w${i}UpdatedAt`] ?? null)!,
			}
	})
	return {
		entries,
		completed: state.via !== null && countsAsDone(lesson, state.via),
		readAt: isoOrNull(state.readAt),
		nextAttempt: attemptAfter(state),
		lastLesson: state.lastLesson,
		lastSeenAt: isoOrNull(state.lastSeenAt),
	}
}

/** A learner's progress in one course (read only: completions are decided by app/completion). */
export async function getCourseProgress(userId: string, course: CatalogCourse) {
	const courseSlug = course.slug
	const [done, completion, activity] = await Promise.all([
		lessonsDone(userId, course),
		prisma.courseCompletion.findUnique({
			where: { userId_courseSlug: { userId, courseSlug } },
		}),
		prisma.courseActivity.findUnique({
			where: { userId_courseSlug: { userId, courseSlug } },
		}),
	])
	return {
		completedLessons: [...done],
		completedAt: completion?.completedAt.toISOString() ?? null,
		/** Lessons with a quiz that counted by a read mark alone (the former rule). */
		readOnlyLessons: completion?.readOnlyLessons ?? 0,
		/** Every required lesson is done but the completion is not recorded (see settleCourse). */
		completionOwed:
			!completion &&
			course.lessons.every((l) => !l.required || done.has(l.slug)),
		lastLesson: activity?.lessonSlug ?? null,
	}
}
export type CourseProgress = Awaited<ReturnType<typeof getCourseProgress>>

/** Lessons done per course, for progress bars on the catalog and the training page. */
export async function getProgressByCourse(userId: string) {
	const [catalog, rows, completions] = await Promise.all([
		getCatalog(),
		prisma.lessonProgress.findMany({
			where: { userId },
			select: { courseSlug: true, lessonSlug: true, via: true },
		}),
		prisma.courseCompletion.findMany({
			where: { userId },
			select: { courseSlug: true, completedAt: true },
		}),
	])
	const done = new Map(
		completions.map((c) => [c.courseSlug, c.completedAt.toISOString()]),
	)
	const out: Record<string, { completed: number; completedAt: string | null }> =
		{}
	for (const course of catalog.courses) {
		const count = doneLessons(
			course,
			rows.filter((r) => r.courseSlug === course.slug),
		).size
		if (count || done.has(course.slug))
			out[course.slug] = {
				completed: count,
				completedAt: done.get(course.slug) ?? null,
			}
	}
	return out
}

export async function saveWorksheetEntry(
	userId: string,
	courseSlug: string,
	worksheetId: string,
	values: WorksheetValues,
) {
	const data = JSON.stringify(values)
	const where: Prisma.WorksheetEntryWhereUniqueInput = {
		userId_courseSlug_worksheetId: { userId, courseSlug, worksheetId },
	}
	await prisma.worksheetEntry.upsert({
		where,
		create: { userId, courseSlug, worksheetId, data },
		update: { data },
	})
}
