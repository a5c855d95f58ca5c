import {
	completionIssueKey,
	prepareCompletionCertificate,
} from '#app/certificates/issue.server.ts'
import { markTrainedOnCompletion } from '#app/cohorts/stages.server.ts'
import { prisma } from '#app/db.server.ts'
import type { Prisma } from '#app/db.server.ts'
import type { CatalogCourse } from '#app/content/catalog.server.ts'
import { findCourse } from './catalog.server.ts'
import type { QuizResult } from './quiz.server.ts'
import type { WorksheetValues } from './worksheets.ts'

/** A learner's progress through courses: lessons done, quiz attempts, worksheets, completions. */

function isUniqueViolation(error: unknown) {
	return (
		typeof error === 'object' &&
		error !== null &&
		(error as { code?: string }).code === 'P2002'
	)
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
	if (
		previous?.lessonSlug === lessonSlug &&
		previous.lastSeenAt &&
		Date.now() - Date.parse(previous.lastSeenAt) < VISIT_PRECISION_MS
	)
		return
	await prisma.courseActivity.upsert({
		where: { userId_courseSlug: { userId, courseSlug } },
		create: { userId, courseSlug, lessonSlug },
		update: { lessonSlug, lastSeenAt: new Date() },
	})
}

type LessonDone = {
	userId: string
	courseSlug: string
	lessonSlug: string
	via: 'read' | 'quiz'
	contentVersion: string
}

async function recordLesson(lesson: LessonDone) {
	try {
		await prisma.lessonProgress.create({ data: lesson })
	} catch (error) {
		if (!isUniqueViolation(error)) throw error
	}
}

/** The required lessons of the course not done yet, and whether the completion is recorded. */
async function courseState(userId: string, course: CatalogCourse) {
	const required = course.lessons.filter((l) => l.required).map((l) => l.slug)
	const [done, completion] = await Promise.all([
		prisma.lessonProgress.findMany({
			where: { userId, courseSlug: course.slug, lessonSlug: { in: required } },
			select: { lessonSlug: true },
		}),
		prisma.courseCompletion.findUnique({
			where: { userId_courseSlug: { userId, courseSlug: course.slug } },
			select: { id: true },
		}),
	])
	const doneSlugs = new Set(done.map((d) => d.lessonSlug))
	return {
		missing: required.filter((slug) => !doneSlugs.has(slug)),
		completed: Boolean(completion),
	}
}

/**
 * Records a course completion, its certificate and the cohort stage it earns
 * in one transaction (with `lesson`, the last lesson too): a crash leaves all
 * of them or none, never a completion without its certificate nor a finished
 * course without its completion. The certificate is signed beforehand, out
 * of the transaction. Returns null when a concurrent request completed first.
 */
async function recordCompletion(
	userId: string,
	course: CatalogCourse,
	lesson?: LessonDone,
) {
	const completedAt = new Date()
	for (let attempt = 0; ; attempt++) {
		const recorded = await tryRecordCompletion(
			userId,
			course,
			completedAt,
			lesson,
		)
		// NOTE: a clash that is not the completion's own key is the certificate's
		// random code or status index, taken meanwhile: sign a fresh one and retry.
		if (recorded !== 'certificateClash' || attempt >= 3)
			return recorded === 'certificateClash' ? null : recorded
	}
}

async function tryRecordCompletion(
	userId: string,
	course: CatalogCourse,
	completedAt: Date,
	lesson?: LessonDone,
) {
	const certificate = await prepareCompletionCertificate({
		userId,
		courseSlug: course.slug,
		completedAt,
	})
	try {
		return await prisma.$transaction(async (tx) => {
			if (lesson) {
				const where = {
					userId_courseSlug_lessonSlug: {
						userId,
						courseSlug: course.slug,
						lessonSlug: lesson.lessonSlug,
					},
				}
				if (
					!(await tx.lessonProgress.findUnique({ where, select: { id: true } }))
				)
					await tx.lessonProgress.create({ data: lesson })
			}
			const completion = await tx.courseCompletion.create({
				data: {
					userId,
					courseSlug: course.slug,
					contentVersion: course.version,
					completedAt,
				},
			})
			if (certificate)
				await tx.certificate.create({
					data: { ...certificate, issueKey: completionIssueKey(completion.id) },
				})
			await markTrainedOnCompletion(completion, tx)
			return completion
		})
	} catch (error) {
		if (!isUniqueViolation(error)) throw error
		const completed = await prisma.courseCompletion.findUnique({
			where: { userId_courseSlug: { userId, courseSlug: course.slug } },
			select: { id: true },
		})
		if (!completed) return 'certificateClash' as const
		// The completion was recorded by another request; the lesson still counts.
		if (lesson) await recordLesson(lesson)
		return null
	}
}

/**
 * Records the course completion once all required lessons are complete.
 * Returns the completion if this call created it; concurrent calls race on
 * the unique (userId, courseSlug) key and only one wins.
 */
export async function completeCourseIfDone(userId: string, courseSlug: string) {
	const course = await findCourse(courseSlug)
	if (!course) return null
	const { missing, completed } = await courseState(userId, course)
	if (completed || missing.length) return null
	return recordCompletion(userId, course)
}

export async function markLessonComplete(
	userId: string,
	courseSlug: string,
	lessonSlug: string,
	via: 'read' | 'quiz',
	contentVersion: string,
) {
	const lesson: LessonDone = {
		userId,
		courseSlug,
		lessonSlug,
		via,
		contentVersion,
	}
	const course = await findCourse(courseSlug)
	if (!course) return recordLesson(lesson).then(() => null)
	const { missing, completed } = await courseState(userId, course)
	const others = missing.filter((slug) => slug !== lessonSlug)
	// The last lesson of the course: recorded with the completion and its certificate.
	if (!completed && !others.length)
		return recordCompletion(userId, course, lesson)
	await recordLesson(lesson)
	if (completed) return null
	// Two last lessons done at once: whichever request ends second completes the course.
	const othersDone = await prisma.lessonProgress.count({
		where: { userId, courseSlug, lessonSlug: { in: others } },
	})
	return othersDone === others.length
		? completeCourseIfDone(userId, courseSlug)
		: null
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
			answers: JSON.stringify(
				Object.fromEntries(result.questions.map((q) => [q.id, q.chosen])),
			),
		},
	})
	if (result.passed)
		return markLessonComplete(
			userId,
			courseSlug,
			lessonSlug,
			'quiz',
			contentVersion,
		)
	return null
}

/** What a lesson page needs: is this lesson done, and where the learner was last. */
export async function getLessonState(
	userId: string,
	courseSlug: string,
	lessonSlug: string,
) {
	const [done, activity] = await Promise.all([
		prisma.lessonProgress.findUnique({
			where: {
				userId_courseSlug_lessonSlug: { userId, courseSlug, lessonSlug },
			},
			select: { id: true },
		}),
		prisma.courseActivity.findUnique({
			where: { userId_courseSlug: { userId, courseSlug } },
			select: { lessonSlug: true, lastSeenAt: true },
		}),
	])
	return {
		completed: Boolean(done),
		lastLesson: activity?.lessonSlug ?? null,
		lastSeenAt: activity?.lastSeenAt.toISOString() ?? null,
	}
}

export async function getCourseProgress(userId: string, courseSlug: string) {
	const [lessons, completion, activity] = await Promise.all([
		prisma.lessonProgress.findMany({
			where: { userId, courseSlug },
			select: { lessonSlug: true, completedAt: true },
		}),
		prisma.courseCompletion.findUnique({
			where: { userId_courseSlug: { userId, courseSlug } },
		}),
		prisma.courseActivity.findUnique({
			where: { userId_courseSlug: { userId, courseSlug } },
		}),
	])
	let completedAt = completion?.completedAt ?? null
	if (!completedAt) {
		// All lessons done but no completion: a crash between two requests
		// (see markLessonComplete) left it unrecorded. It is recorded now.
		const course = await findCourse(courseSlug)
		const done = new Set(lessons.map((l) => l.lessonSlug))
		if (course?.lessons.every((l) => !l.required || done.has(l.slug)))
			completedAt =
				(await completeCourseIfDone(userId, courseSlug))?.completedAt ?? null
	}
	return {
		completedLessons: lessons.map((l) => l.lessonSlug),
		completedAt: completedAt?.toISOString() ?? null,
		lastLesson: activity?.lessonSlug ?? null,
	}
}
export type CourseProgress = Awaited<ReturnType<typeof getCourseProgress>>

/** Completed lesson counts per course, for progress bars on the catalog. */
export async function getProgressByCourse(userId: string) {
	const [counts, completions] = await Promise.all([
		prisma.lessonProgress.groupBy({
			by: ['courseSlug'],
			where: { userId },
			_count: { _all: true },
		}),
		prisma.courseCompletion.findMany({
			where: { userId },
			select: { courseSlug: true, completedAt: true },
		}),
	])
	const done = new Map(
		completions.map((c) => [c.courseSlug, c.completedAt.toISOString()]),
	)
	return Object.fromEntries(
		counts.map((c) => [
			c.courseSlug,
			{ completed: c._count._all, completedAt: done.get(c.courseSlug) ?? null },
		]),
	)
}

export async function getWorksheetEntries(
	userId: string,
	courseSlug: string,
	worksheetIds: string[],
) {
	if (!worksheetIds.length) return {}
	const rows = await prisma.worksheetEntry.findMany({
		where: { userId, courseSlug, worksheetId: { in: worksheetIds } },
	})
	return Object.fromEntries(
		rows.map((r) => [
			r.worksheetId,
			{
				values: JSON.parse(r.data) as WorksheetValues,
				updatedAt: r.updatedAt.toISOString(),
			},
		]),
	)
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
