import crypto from 'node:crypto'
import { recordQuizAttempt } from '#app/completion/completion.server.ts'
import type { CatalogLesson } from '#app/content/catalog.server.ts'
import { findCourse, findLesson } from '#app/courses/catalog.server.ts'
import { nextAttemptNumber } from '#app/courses/progress.server.ts'
import { attemptDraw, gradeQuiz } from '#app/courses/quiz.server.ts'
import { prisma } from '#app/db.server.ts'
import { signedInCookie } from './auth.ts'
import { TEST_ORIGIN } from './test-env.ts'

export { settle } from './auth.ts'

/** Test data factories: each call makes distinct records, so tests never collide. */

export async function createUser(
	data: {
		role?: 'learner' | 'trainer' | 'admin'
		name?: string
		email?: string | null
		phone?: string | null
		language?: string
		gender?: string
		birthYear?: number
		commune?: string
	} = {},
) {
	const id = crypto.randomBytes(6).toString('hex')
	return prisma.user.create({
		data: {
			name: data.name ?? `Test ${id}`,
			email: data.email === undefined ? `${id}@test.essor` : data.email,
			phone: data.phone ?? null,
			role: data.role ?? 'learner',
			language: data.language ?? 'fr',
			gender: data.gender ?? null,
			birthYear: data.birthYear ?? null,
			commune: data.commune ?? null,
		},
	})
}

/** A request carrying a real session cookie for `userId`, from our own origin. */
export async function requestAs(
	userId: string | null,
	url: string,
	init: RequestInit = {},
) {
	const headers = new Headers(init.headers)
	if (userId) headers.set('Cookie', (await signedInCookie(userId)).cookie)
	return new Request(new URL(url, TEST_ORIGIN), {
		...init,
		headers,
	})
}

export function form(values: Record<string, string | string[]>) {
	const body = new FormData()
	for (const [k, v] of Object.entries(values))
		for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
	return body
}

/** The right answers to every question of a lesson's pool, keyed by question id. */
export function rightAnswers(lesson: CatalogLesson) {
	return Object.fromEntries(
		lesson.i18n.fr.quiz.map((q) => [
			q.id,
			q.choices.filter((c) => c.correct).map((c) => c.id),
		]),
	)
}

/**
 * A quiz attempt through the completion service, as the lesson page records
 * it: attempt `number` (default: the next one) of this learner, answered
 * right (or with the first wrong choice of each question when `pass` is false).
 */
export async function takeQuiz(
	userId: string,
	courseSlug: string,
	lessonSlug: string,
	{ pass = true, number }: { pass?: boolean; number?: number } = {},
) {
	const found = await findLesson(courseSlug, lessonSlug)
	if (!found) throw new Error(`No lesson ${courseSlug}/${lessonSlug}`)
	const { course, lesson } = found
	const attempt =
		number ?? (await nextAttemptNumber(userId, courseSlug, lessonSlug))
	const pool = lesson.i18n.fr.quiz
	const draw = attemptDraw({ userId }, courseSlug, lesson, attempt)
	const answers = pass
		? rightAnswers(lesson)
		: Object.fromEntries(
				pool.map((q) => [q.id, [q.choices.find((c) => !c.correct)!.id]]),
			)
	return recordQuizAttempt({
		userId,
		course,
		lesson,
		number: attempt,
		draw,
		answers,
		graded: gradeQuiz(pool, draw, answers, course.passMark),
	})
}

/** Passes the quiz of every lesson of a course, in order (the last one completes it). */
export async function completeCourse(userId: string, courseSlug: string) {
	const course = await findCourse(courseSlug)
	if (!course) throw new Error(`No course ${courseSlug}`)
	let last
	for (const lesson of course.lessons)
		last = await takeQuiz(userId, courseSlug, lesson.slug)
	return last!
}
