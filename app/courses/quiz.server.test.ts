import { expect, test } from 'vitest'
import type { QuizQuestion } from '#app/content/schema.ts'
import { gradeQuiz, readAnswers, unansweredQuestions } from './quiz.server.ts'

const quiz: QuizQuestion[] = [
	{
		id: 'q1',
		question: 'Single',
		multiple: false,
		choices: [
			{ id: 'a', text: 'A', correct: true, feedback: 'yes A' },
			{ id: 'b', text: 'B', correct: false, feedback: 'no B' },
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

test('a multiple-answer question is right only with exactly the right choices', () => {
	expect(gradeQuiz(quiz, { q1: ['a'], q2: ['a', 'b'] }, 70)).toMatchObject({
		correct: 2,
		score: 100,
		passed: true,
	})
	expect(gradeQuiz(quiz, { q1: ['a'], q2: ['a'] }, 70)).toMatchObject({
		correct: 1,
		score: 50,
		passed: false,
	})
	expect(
		gradeQuiz(quiz, { q1: ['a'], q2: ['a', 'b', 'c'] }, 70).questions[1]!
			.correct,
	).toBe(false)
})

test('feedback covers the chosen and the right choices, not the others', () => {
	const result = gradeQuiz(quiz, { q1: ['b'], q2: ['a', 'b'] }, 70)
	expect(result.questions[0]!.feedback.map((f) => f.choiceId)).toEqual([
		'a',
		'b',
	])
	expect(result.questions[1]!.feedback.map((f) => f.choiceId)).toEqual([
		'a',
		'b',
	])
})

test('unknown choice ids are ignored and unanswered questions are named', () => {
	const form = new FormData()
	form.append('q-q1', 'zzz')
	const answers = readAnswers(form, quiz)
	expect(gradeQuiz(quiz, answers, 70).questions[0]!.chosen).toEqual([])
	expect(unansweredQuestions(quiz, { q1: ['a'] })).toEqual(['q2'])
})
