import crypto from 'node:crypto'
import type { QuizQuestion } from '#app/content/schema.ts'
import { prng } from '#app/utils/prng.ts'

/**
 * Quizzes: which questions an attempt asks (drawn from the lesson's pool,
 * choices shuffled), grading on the server, and what the learner is shown
 * afterwards. Right answers never leave the server before the learner
 * submits, and after a failed attempt only once the course allows it.
 */

/** One attempt's questions in the order shown, each with its choice ids in the order shown. */
export type QuizDraw = { id: string; choices: string[] }[]

/** Who takes the quiz: a signed-in learner (attempts are numbered and kept) or a visitor (nothing kept). */
export type QuizTaker = { userId: string } | { visitor: true }

/** Attempts a form may carry: more would be a forged number (or a learner who never stops). */
export const MAX_ATTEMPT = 10_000

/**
 * The same learner, lesson and attempt number always give the same draw, so
 * a form sent again without JavaScript is graded against what it showed.
 * The number is checked against the attempts stored (see the lesson route),
 * so a learner cannot pick another draw by changing it.
 */
export function attemptSeed(
	taker: QuizTaker,
	courseSlug: string,
	lessonSlug: string,
	attempt: number,
): number {
	const who = 'userId' in taker ? `user:${taker.userId}` : 'visitor'
	return crypto
		.createHash('sha256')
		.update(`${who}\0${courseSlug}\0${lessonSlug}\0${attempt}`)
		.digest()
		.readUInt32BE(0)
}

function shuffle<T>(items: T[], random: () => number): T[] {
	const out = [...items]
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1))
		;[out[i], out[j]] = [out[j]!, out[i]!]
	}
	return out
}

/** The questions of attempt `attempt` of this lesson for this person: drawn from the pool, choices shuffled. */
export function attemptDraw(
	taker: QuizTaker,
	courseSlug: string,
	lesson: {
		slug: string
		quizSize: number | null
		i18n: { fr: { quiz: QuizQuestion[] } }
	},
	attempt: number,
) {
	return drawQuiz(
		lesson.i18n.fr.quiz,
		lesson.quizSize,
		attemptSeed(taker, courseSlug, lesson.slug, attempt),
	)
}

/**
 * `size` questions drawn from the pool (all when null), kept in the order the
 * author wrote them (a lesson's questions often build on each other), each
 * with its choices shuffled.
 */
export function drawQuiz(
	pool: QuizQuestion[],
	size: number | null,
	seed: number,
): QuizDraw {
	const random = prng(seed)
	const count = Math.min(size ?? pool.length, pool.length)
	const picked = new Set(
		shuffle(
			pool.map((q) => q.id),
			random,
		).slice(0, count),
	)
	return pool
		.filter((q) => picked.has(q.id))
		.map((q) => ({
			id: q.id,
			choices: shuffle(
				q.choices.map((c) => c.id),
				random,
			),
		}))
}

/** A question as the browser gets it before submission: no right answer, no feedback. */
export type PublicQuizQuestion = {
	id: string
	question: string
	multiple: boolean
	choices: { id: string; text: string }[]
}

/** The drawn questions, in the learner's language, in the order drawn. */
export function publicQuestions(
	pool: QuizQuestion[],
	draw: QuizDraw,
): PublicQuizQuestion[] {
	const byId = new Map(pool.map((q) => [q.id, q]))
	return draw.flatMap(({ id, choices }) => {
		const q = byId.get(id)
		if (!q) return []
		const choice = new Map(q.choices.map((c) => [c.id, c]))
		return [
			{
				id: q.id,
				question: q.question,
				multiple: q.multiple,
				// NOTE: right answers and feedback stay on the server until the learner submits.
				choices: choices.flatMap((cid) => {
					const c = choice.get(cid)
					return c ? [{ id: c.id, text: c.text }] : []
				}),
			},
		]
	})
}

/** Reads `q-<questionId>` fields of the drawn questions (several values for multiple-answer questions). */
export function readAnswers(
	form: FormData,
	draw: QuizDraw,
): Record<string, string[]> {
	return Object.fromEntries(
		draw.map((q) => [
			q.id,
			form
				.getAll(`q-${q.id}`)
				.filter((v): v is string => typeof v === 'string'),
		]),
	)
}

export function unansweredQuestions(
	draw: QuizDraw,
	answers: Record<string, string[]>,
) {
	return draw.filter((q) => !answers[q.id]?.length).map((q) => q.id)
}

/** Server-side grading of one question; holds the right answers (never sent as such). */
export type GradedQuestion = {
	id: string
	correct: boolean
	chosen: string[]
	rightChoices: string[]
}

export type GradedQuiz = {
	correct: number
	total: number
	score: number
	passed: boolean
	questions: GradedQuestion[]
}

/** Grades the drawn questions only: a question is right when exactly its right choices are picked. */
export function gradeQuiz(
	pool: QuizQuestion[],
	draw: QuizDraw,
	answers: Record<string, string[]>,
	passMark: number,
): GradedQuiz {
	const byId = new Map(pool.map((q) => [q.id, q]))
	const questions = draw.flatMap(({ id }) => {
		const q = byId.get(id)
		if (!q) return []
		const valid = new Set(q.choices.map((c) => c.id))
		const chosen = [...new Set(answers[q.id] ?? [])].filter((c) => valid.has(c))
		const right = q.choices.filter((c) => c.correct).map((c) => c.id)
		const correct =
			chosen.length === right.length && right.every((c) => chosen.includes(c))
		return [{ id: q.id, correct, chosen, rightChoices: right }]
	})
	const correct = questions.filter((q) => q.correct).length
	const score = questions.length
		? Math.round((correct / questions.length) * 100)
		: 0
	return {
		correct,
		total: questions.length,
		score,
		passed: questions.length > 0 && score >= passMark,
		questions,
	}
}

/** Whether the right answers may be shown: once passed, or after the course's number of attempts. */
export function mayRevealAnswers({
	passed,
	attempts,
	revealAnswersAfter,
}: {
	passed: boolean
	attempts: number
	revealAnswersAfter: number | null
}) {
	return (
		passed || (revealAnswersAfter !== null && attempts >= revealAnswersAfter)
	)
}

/** What the learner sees after submitting. */
export type QuizFeedback = {
	attempt: number
	correct: number
	total: number
	score: number
	passed: boolean
	revealed: boolean
	questions: {
		id: string
		question: string
		multiple: boolean
		correct: boolean
		/** every choice in the order shown; `right` only when answers are revealed */
		choices: {
			id: string
			text: string
			chosen: boolean
			/** the feedback of a chosen choice, and of the right ones once revealed */
			feedback: string | null
			right?: boolean
		}[]
	}[]
}

/**
 * The graded attempt as shown to the learner: which questions were wrong and
 * the feedback of the choices they picked. The right choices (and the
 * feedback of choices not picked) only when `reveal`.
 */
export function quizFeedback(
	pool: QuizQuestion[],
	draw: QuizDraw,
	graded: GradedQuiz,
	{ attempt, reveal }: { attempt: number; reveal: boolean },
): QuizFeedback {
	const byId = new Map(pool.map((q) => [q.id, q]))
	const outcome = new Map(graded.questions.map((q) => [q.id, q]))
	return {
		attempt,
		correct: graded.correct,
		total: graded.total,
		score: graded.score,
		passed: graded.passed,
		revealed: reveal,
		questions: draw.flatMap(({ id, choices }) => {
			const q = byId.get(id)
			const result = outcome.get(id)
			if (!q || !result) return []
			const choice = new Map(q.choices.map((c) => [c.id, c]))
			return [
				{
					id: q.id,
					question: q.question,
					multiple: q.multiple,
					correct: result.correct,
					choices: choices.flatMap((cid) => {
						const c = choice.get(cid)
						if (!c) return []
						const chosen = result.chosen.includes(cid)
						return [
							{
								id: c.id,
								text: c.text,
								chosen,
								feedback: chosen || (reveal && c.correct) ? c.feedback : null,
								...(reveal ? { right: c.correct } : {}),
							},
						]
					}),
				},
			]
		}),
	}
}

/** How an attempt is stored: the answers and the draw, as JSON. */
export function serializeAttempt(
	draw: QuizDraw,
	answers: Record<string, string[]>,
) {
	return { shown: JSON.stringify(draw), answers: JSON.stringify(answers) }
}

function isDraw(value: unknown): value is QuizDraw {
	return (
		Array.isArray(value) &&
		value.every(
			(q) =>
				typeof q === 'object' &&
				q !== null &&
				typeof (q as { id?: unknown }).id === 'string' &&
				Array.isArray((q as { choices?: unknown }).choices),
		)
	)
}

/** A stored attempt's draw and answers, or null when it predates stored draws. */
export function parseStoredAttempt(stored: { shown: string; answers: string }) {
	try {
		const draw: unknown = JSON.parse(stored.shown)
		const answers: unknown = JSON.parse(stored.answers)
		if (!isDraw(draw) || typeof answers !== 'object' || answers === null)
			return null
		return {
			draw,
			answers: Object.fromEntries(
				Object.entries(answers).map(([id, chosen]) => [
					id,
					Array.isArray(chosen)
						? chosen.filter((c): c is string => typeof c === 'string')
						: [],
				]),
			),
		}
	} catch {
		return null
	}
}
