import { expect, test } from 'vitest'
import type { QuizQuestion } from '#app/content/schema.ts'
import {
	attemptSeed,
	drawQuiz,
	gradeQuiz,
	mayRevealAnswers,
	parseStoredAttempt,
	publicQuestions,
	quizFeedback,
	readAnswers,
	serializeAttempt,
	unansweredQuestions,
	type QuizDraw,
} from './quiz.server.ts'

const quiz: QuizQuestion[] = [
	{
		id: 'q1',
		question: 'Single',
		multiple: false,
		choices: [
			{ id: 'a', text: 'A', correct: true, feedback: 'yes A' },
			{ id: 'b', text: 'B', correct: false, feedback: 'no B' },
			{ id: 'c', text: 'C', correct: false, feedback: 'no C' },
		],
	},
	{
		id: 'q2',
		question: 'Multiple',
		multiple: true,
		choices: [
			{ id: 'a', text: 'A', correct: true, feedback: 'yes A' },
			{ id: 'b', text: 'B', correct: true, feedback: 'yes B' },
			{ id: 'c', text: 'C', correct: false, feedback: 'no C' },
		],
	},
]
const whole: QuizDraw = quiz.map((q) => ({
	id: q.id,
	choices: q.choices.map((c) => c.id),
}))

/** A pool of ten single-choice questions of four choices each (the right one is always "a"). */
const pool: QuizQuestion[] = Array.from({ length: 10 }, (_, i) => ({
	id: `p${i + 1}`,
	question: `Question ${i + 1}`,
	multiple: false,
	choices: ['a', 'b', 'c', 'd'].map((id) => ({
		id,
		text: `${id.toUpperCase()}${i + 1}`,
		correct: id === 'a',
		feedback: `${id === 'a' ? 'yes' : 'no'} ${id}${i + 1}`,
	})),
}))

test('a multiple-answer question is right only with exactly the right choices', () => {
	expect(
		gradeQuiz(quiz, whole, { q1: ['a'], q2: ['a', 'b'] }, 70),
	).toMatchObject({ correct: 2, score: 100, passed: true })
	expect(gradeQuiz(quiz, whole, { q1: ['a'], q2: ['a'] }, 70)).toMatchObject({
		correct: 1,
		score: 50,
		passed: false,
	})
	expect(
		gradeQuiz(quiz, whole, { q1: ['a'], q2: ['a', 'b', 'c'] }, 70).questions[1]!
			.correct,
	).toBe(false)
})

test('the same learner, lesson and attempt always draw the same questions and order; another attempt another one', () => {
	const seed = (attempt: number, userId = 'u1') =>
		attemptSeed({ userId }, 'course', 'lesson', attempt)
	const first = drawQuiz(pool, 4, seed(1))
	expect(drawQuiz(pool, 4, seed(1))).toEqual(first)
	expect(first).toHaveLength(4)
	// Drawn questions keep the author's order; each keeps all its choices.
	const order = first.map((q) => Number(q.id.slice(1)))
	expect(order).toEqual([...order].sort((a, b) => a - b))
	for (const q of first)
		expect([...q.choices].sort()).toEqual(['a', 'b', 'c', 'd'])
	// Over 20 attempts, the pool is used and the right choice is not always first.
	const draws = Array.from({ length: 20 }, (_, i) =>
		drawQuiz(pool, 4, seed(i + 1)),
	)
	expect(new Set(draws.flatMap((d) => d.map((q) => q.id))).size).toBe(10)
	expect(new Set(draws.map((d) => JSON.stringify(d))).size).toBeGreaterThan(15)
	const positions = new Set(
		draws.flatMap((d) => d.map((q) => q.choices.indexOf('a'))),
	)
	expect(positions.size).toBe(4)
	// Another learner, same attempt number: another draw.
	expect(drawQuiz(pool, 4, seed(1, 'u2'))).not.toEqual(first)
	// No quizSize: the whole pool.
	expect(drawQuiz(quiz, null, seed(1)).map((q) => q.id)).toEqual(['q1', 'q2'])
})

test('only the drawn questions are shown, in the order drawn, without answers or feedback', () => {
	const draw = drawQuiz(pool, 3, 42)
	const shown = publicQuestions(pool, draw)
	expect(shown.map((q) => q.id)).toEqual(draw.map((q) => q.id))
	expect(shown[0]!.choices.map((c) => c.id)).toEqual(draw[0]!.choices)
	expect(JSON.stringify(shown)).not.toMatch(/correct|feedback|yes|no /)
})

test('an attempt is graded on its drawn questions only; answers to others are ignored', () => {
	const draw = drawQuiz(pool, 4, 7)
	const drawn = new Set(draw.map((q) => q.id))
	const answers = Object.fromEntries(
		pool.map((q) => [q.id, [drawn.has(q.id) ? 'a' : 'b']]),
	)
	const graded = gradeQuiz(pool, draw, answers, 70)
	expect(graded).toMatchObject({
		correct: 4,
		total: 4,
		score: 100,
		passed: true,
	})
	expect(gradeQuiz(pool, draw, {}, 70)).toMatchObject({
		correct: 0,
		passed: false,
	})
	const form = new FormData()
	for (const q of pool) form.append(`q-${q.id}`, 'a')
	form.append(`q-${draw[0]!.id}`, 'zzz')
	const read = readAnswers(form, draw)
	expect(Object.keys(read).sort()).toEqual([...drawn].sort())
	expect(gradeQuiz(pool, draw, read, 70).questions[0]!.chosen).toEqual(['a'])
	expect(unansweredQuestions(draw, { [draw[0]!.id]: ['a'] })).toEqual(
		draw.slice(1).map((q) => q.id),
	)
})

test('after a failed attempt: which questions were wrong and the feedback of the choices picked, never the right choice', () => {
	const graded = gradeQuiz(quiz, whole, { q1: ['b'], q2: ['a', 'c'] }, 70)
	const shown = quizFeedback(quiz, whole, graded, { attempt: 1, reveal: false })
	expect(shown.passed).toBe(false)
	expect(shown.revealed).toBe(false)
	expect(shown.questions.map((q) => q.correct)).toEqual([false, false])
	const q1 = shown.questions[0]!
	expect(q1.choices.filter((c) => c.feedback).map((c) => c.id)).toEqual(['b'])
	expect(q1.choices.find((c) => c.id === 'b')).toMatchObject({
		chosen: true,
		feedback: 'no B',
	})
	for (const q of shown.questions)
		for (const c of q.choices) expect(c).not.toHaveProperty('right')
	const text = JSON.stringify(shown)
	expect(text).not.toContain('yes B')
	expect(text).not.toContain('rightChoices')

	// Passed (or allowed by the course): the right choices and their feedback too.
	const revealed = quizFeedback(quiz, whole, graded, {
		attempt: 3,
		reveal: true,
	})
	expect(
		revealed.questions[0]!.choices.find((c) => c.id === 'a'),
	).toMatchObject({ chosen: false, right: true, feedback: 'yes A' })
	expect(
		revealed.questions[0]!.choices.find((c) => c.id === 'c'),
	).toMatchObject({ right: false, feedback: null })
})

test('answers are revealed once passed, or after the course’s number of attempts', () => {
	expect(
		mayRevealAnswers({ passed: false, attempts: 5, revealAnswersAfter: null }),
	).toBe(false)
	expect(
		mayRevealAnswers({ passed: true, attempts: 1, revealAnswersAfter: null }),
	).toBe(true)
	expect(
		mayRevealAnswers({ passed: false, attempts: 2, revealAnswersAfter: 3 }),
	).toBe(false)
	expect(
		mayRevealAnswers({ passed: false, attempts: 3, revealAnswersAfter: 3 }),
	).toBe(true)
})

test('a stored attempt is read back with its draw; a malformed one is not', () => {
	const draw = drawQuiz(pool, 3, 9)
	const stored = serializeAttempt(draw, { [draw[0]!.id]: ['b'] })
	expect(parseStoredAttempt(stored)).toEqual({
		draw,
		answers: { [draw[0]!.id]: ['b'] },
	})
	expect(parseStoredAttempt({ shown: '', answers: '{}' })).toBeNull()
	expect(parseStoredAttempt({ shown: '[{"id":1}]', answers: '{}' })).toBeNull()
	expect(
		parseStoredAttempt({ shown: JSON.stringify(draw), answers: '{"x":"a"}' }),
	).toEqual({ draw, answers: { x: [] } })
})
