import { issueCertificateForCompletion } from '#app/certificates/issue.server.ts'
import { markTrainedOnCompletion } from '#app/cohorts/stages.server.ts'
import { prisma } from '#app/db.server.ts'
import type { Prisma } from '#app/db.server.ts'
import { findCourse } from './catalog.server.ts'
import type { QuizResult } from './quiz.server.ts'
import type { WorksheetValues } from './worksheets.ts'

/** A learner's progress through courses: lessons done, quiz attempts, worksheets, completions. */

function isUniqueViolation(error: unknown) {
	return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002'
}

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
	if (previous?.lessonSlug === lessonSlug && previous.lastSeenAt && Date.now() - Date.parse(previous.lastSeenAt) < VISIT_PRECISION_MS) return
	await prisma.courseActivity.upsert({
		where: { userId_courseSlug: { userId, courseSlug } },
		create: { userId, courseSlug, lessonSlug },
		update: { lessonSlug, lastSeenAt: new Date() },
	})
}

/**
 * Records the course completion once all required lessons are complete.
 * Returns the completion if this call created it; concurrent calls race on
 * the unique (userId, courseSlug) key and only one wins.
 */
export async function completeCourseIfDone(userId: string, courseSlug: string) {
	const course = await findCourse(courseSlug)
	if (!course) return null
	const required = course.lessons.filter((l) => l.required).map((l) => l.slug)
	const done = await prisma.lessonProgress.count({
		where: { userId, courseSlug, lessonSlug: { in: required } },
	})
	if (done < required.length) return null
	try {
		const completion = await prisma.courseCompletion.create({
			data: { userId, courseSlug, contentVersion: course.version },
		})
		await markTrainedOnCompletion(completion)
		await issueCertificateForCompletion(completion)
		return completion
	} catch (error) {
		if (isUniqueViolation(error)) return null
		throw error
	}
}

export async function markLessonComplete(
	userId: string,
	courseSlug: string,
	lessonSlug: string,
	via: 'read' | 'quiz',
	contentVersion: string,
) {
	try {
		await prisma.lessonProgress.create({ data: { userId, courseSlug, lessonSlug, via, contentVersion } })
	} catch (error) {
		if (!isUniqueViolation(error)) throw error
	}
	return completeCourseIfDone(userId, courseSlug)
}

export async function recordQuizAttempt(
	userId: string,
	courseSlug: string,
	lessonSlug: string,
	result: QuizResult,
	contentVersion: string,
) {
	await prisma.quizAttempt.create({
		data: {
			userId,
			courseSlug,
			lessonSlug,
			correct: result.correct,
			total: result.total,
			score: result.score,
			passed: result.passed,
			answers: JSON.stringify(Object.fromEntries(result.questions.map((q) => [q.id, q.chosen]))),
		},
	})
	if (result.passed) return markLessonComplete(userId, courseSlug, lessonSlug, 'quiz', contentVersion)
	return null
}

/** What a lesson page needs: is this lesson done, and where the learner was last. */
export async function getLessonState(userId: string, courseSlug: string, lessonSlug: string) {
	const [done, activity] = await Promise.all([
		prisma.lessonProgress.findUnique({ where: { userId_courseSlug_lessonSlug: { userId, courseSlug, lessonSlug } }, select: { id: true } }),
		prisma.courseActivity.findUnique({ where: { userId_courseSlug: { userId, courseSlug } }, select: { lessonSlug: true, lastSeenAt: true } }),
	])
	return {
		completed: Boolean(done),
		lastLesson: activity?.lessonSlug ?? null,
		lastSeenAt: activity?.lastSeenAt.toISOString() ?? null,
	}
}

export async function getCourseProgress(userId: string, courseSlug: string) {
	const [lessons, completion, activity] = await Promise.all([
		prisma.lessonProgress.findMany({ where: { userId, courseSlug }, select: { lessonSlug: true, completedAt: true } }),
		prisma.courseCompletion.findUnique({ where: { userId_courseSlug: { userId, courseSlug } } }),
		prisma.courseActivity.findUnique({ where: { userId_courseSlug: { userId, courseSlug } } }),
	])
	return {
		completedLessons: lessons.map((l) => l.lessonSlug),
		completedAt: completion?.completedAt.toISOString() ?? null,
		lastLesson: activity?.lessonSlug ?? null,
	}
}
export type CourseProgress = Awaited<ReturnType<typeof getCourseProgress>>

/** Completed lesson counts per course, for progress bars on the catalog. */
export async function getProgressByCourse(userId: string) {
	const [counts, completions] = await Promise.all([
		prisma.lessonProgress.groupBy({ by: ['courseSlug'], where: { userId }, _count: { _all: true } }),
		prisma.courseCompletion.findMany({ where: { userId }, select: { courseSlug: true, completedAt: true } }),
	])
	const done = new Map(completions.map((c) => [c.courseSlug, c.completedAt.toISOString()]))
	return Object.fromEntries(
		counts.map((c) => [c.courseSlug, { completed: c._count._all, completedAt: done.get(c.courseSlug) ?? null }]),
	)
}

export async function getWorksheetEntries(userId: string, courseSlug: string, worksheetIds: string[]) {
	if (!worksheetIds.length) return {}
	const rows = await prisma.worksheetEntry.findMany({ where: { userId, courseSlug, worksheetId: { in: worksheetIds } } })
	return Object.fromEntries(
		rows.map((r) => [r.worksheetId, { values: JSON.parse(r.data) as WorksheetValues, updatedAt: r.updatedAt.toISOString() }]),
	)
}

export async function saveWorksheetEntry(userId: string, courseSlug: string, worksheetId: string, values: WorksheetValues) {
	const data = JSON.stringify(values)
	const where: Prisma.WorksheetEntryWhereUniqueInput = { userId_courseSlug_worksheetId: { userId, courseSlug, worksheetId } }
	await prisma.worksheetEntry.upsert({ where, create: { userId, courseSlug, worksheetId, data }, update: { data } })
}
