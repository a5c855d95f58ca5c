import type { QuizQuestion } from '#app/content/schema.ts'

export type QuestionResult = {
	id: string
	correct: boolean
	chosen: string[]
	rightChoices: string[]
	/** feedback for every choice the learner picked, and for the right ones */
	feedback: { choiceId: string; text: string; right: boolean }[]
}

export type QuizResult = {
	correct: number
	total: number
	score: number
	passed: boolean
	questions: QuestionResult[]
}

/** Reads `q-<questionId>` fields (several values for multiple-answer questions). */
export function readAnswers(
	form: FormData,
	quiz: QuizQuestion[],
): Record<string, string[]> {
	return Object.fromEntries(
		quiz.map((q) => [
			q.id,
			form
				.getAll(`q-${q.id}`)
				.filter((v): v is string => typeof v === 'string'),
		]),
	)
}

/** Grades on the server: a question is right only when exactly the right choices are picked. */
export function gradeQuiz(
	quiz: QuizQuestion[],
	answers: Record<string, string[]>,
	passMark: number,
): QuizResult {
	const questions = quiz.map((q) => {
		const valid = new Set(q.choices.map((c) => c.id))
		const chosen = [...new Set(answers[q.id] ?? [])].filter((id) =>
			valid.has(id),
		)
		const right = q.choices.filter((c) => c.correct).map((c) => c.id)
		const correct =
			chosen.length === right.length && right.every((id) => chosen.includes(id))
		const shown = q.choices.filter((c) => chosen.includes(c.id) || c.correct)
		return {
			id: q.id,
			correct,
			chosen,
			rightChoices: right,
			feedback: shown.map((c) => ({
				choiceId: c.id,
				text: c.feedback,
				right: c.correct,
			})),
		}
	})
	const correct = questions.filter((q) => q.correct).length
	const score = quiz.length ? Math.round((correct / quiz.length) * 100) : 0
	return {
		correct,
		total: quiz.length,
		score,
		passed: score >= passMark,
		questions,
	}
}

export function unansweredQuestions(
	quiz: QuizQuestion[],
	answers: Record<string, string[]>,
) {
	return quiz.filter((q) => !answers[q.id]?.length).map((q) => q.id)
}
