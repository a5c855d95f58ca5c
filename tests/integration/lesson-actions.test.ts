import { expect, test } from 'vitest'
import { findLesson } from '#app/courses/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import { action, loader } from '#app/routes/courses.$course.$lesson.tsx'
import {
	createUser,
	form,
	requestAs,
	rightAnswers,
	settle,
} from '#tests/support/factories.ts'

const params = {
	course: 'creer-son-entreprise',
	lesson: 'couts-et-seuil-de-rentabilite',
}
const url = `/courses/${params.course}/${params.lesson}`

async function post(
	userId: string | null,
	values: Record<string, string | string[]>,
) {
	return settle(
		(async () =>
			action({
				request: await requestAs(userId, url, {
					method: 'POST',
					body: form(values),
				}),
				params,
				context: {} as never,
			}))(),
	)
}

test('a worksheet is saved, found again with its calculation, and a bad number is named without losing what was typed', async () => {
	const learner = await createUser()
	const bad = await post(learner.id, {
		intent: 'worksheet',
		worksheetId: 'seuil-de-rentabilite',
		'f-product': 'Tenues',
		'f-fixedCosts': 'beaucoup',
		'f-unitPrice': '5000',
		'f-unitVariableCost': '2000',
	})
	expect(bad.status).toBe(400)
	expect(await bad.json()).toMatchObject({
		errors: [{ field: 'fixedCosts', problem: 'notANumber' }],
		values: { product: 'Tenues', unitPrice: '5000' },
	})
	expect(
		await prisma.worksheetEntry.count({ where: { userId: learner.id } }),
	).toBe(0)

	const ok = await post(learner.id, {
		intent: 'worksheet',
		worksheetId: 'seuil-de-rentabilite',
		'f-product': 'Tenues',
		'f-fixedCosts': '60 000',
		'f-unitPrice': '5000',
		'f-unitVariableCost': '2000',
	})
	expect(ok.status).toBe(302)
	expect(ok.headers.get('Location')).toBe(
		`${url}?saved=seuil-de-rentabilite#worksheet-seuil-de-rentabilite`,
	)

	const page = await settle(
		(async () =>
			loader({
				request: await requestAs(learner.id, url),
				params,
				context: {} as never,
			}))(),
	)
	const data = (await page.json()) as {
		entries: Record<string, { values: Record<string, string> }>
	}
	expect(data.entries['seuil-de-rentabilite']!.values).toMatchObject({
		fixedCosts: '60 000',
		product: 'Tenues',
	})
})

type QuizReply = {
	feedback: {
		attempt: number
		passed: boolean
		score: number
		revealed: boolean
		questions: {
			id: string
			correct: boolean
			choices: {
				id: string
				chosen: boolean
				feedback: string | null
				right?: boolean
			}[]
		}[]
	} | null
	unanswered: string[]
	stale: boolean
}

type LessonData = {
	completed: boolean
	readAt: string | null
	quiz: {
		attempt: number
		questions: { id: string; choices: { id: string }[] }[]
	}
}

async function lessonData(userId: string | null, query = '') {
	const res = await settle(
		(async () =>
			loader({
				request: await requestAs(userId, `${url}${query}`),
				params,
				context: {} as never,
			}))(),
	)
	return (await res.json()) as LessonData
}

const lesson = (await findLesson(params.course, params.lesson))!.lesson
const quiz = lesson.i18n.fr.quiz
const wrongAnswers = Object.fromEntries(
	quiz.map((q) => [`q-${q.id}`, q.choices.find((c) => !c.correct)!.id]),
)
const rightAnswerForm = Object.fromEntries(
	Object.entries(rightAnswers(lesson)).map(([id, chosen]) => [
		`q-${id}`,
		chosen,
	]),
)

test('a visitor is asked to sign in to save a worksheet or mark a lesson read, but can take the quiz', async () => {
	const save = await post(null, {
		intent: 'worksheet',
		worksheetId: 'seuil-de-rentabilite',
	})
	expect(save.status).toBe(302)
	expect(save.headers.get('Location')).toBe(
		`/login?redirectTo=${encodeURIComponent(url)}`,
	)
	// A form without its attempt number is refused by name.
	const noAttempt = await post(null, { intent: 'quiz', 'q-q1': 'a' })
	expect(noAttempt.status).toBe(400)
	expect(((await noAttempt.json()) as QuizReply).stale).toBe(true)
	const partial = await post(null, {
		intent: 'quiz',
		attempt: '1',
		'q-q1': 'a',
	})
	expect(partial.status).toBe(400)
	expect(
		((await partial.json()) as QuizReply).unanswered.length,
	).toBeGreaterThan(0)
	const graded = await post(null, {
		intent: 'quiz',
		attempt: '1',
		...rightAnswerForm,
	})
	expect(graded.status).toBe(200)
	expect(((await graded.json()) as QuizReply).feedback).toMatchObject({
		passed: true,
		score: 100,
	})
	expect(
		await prisma.quizAttempt.count({ where: { lessonSlug: params.lesson } }),
	).toBe(0)
})

test('a failed attempt shows which questions were wrong and the feedback of the choices picked, never the right choice', async () => {
	const learner = await createUser()
	const before = await lessonData(learner.id)
	expect(before.quiz.attempt).toBe(1)
	const wrong = await post(learner.id, {
		intent: 'quiz',
		attempt: '1',
		...wrongAnswers,
	})
	expect(wrong.status).toBe(200)
	const { feedback } = (await wrong.json()) as QuizReply
	expect(feedback).toMatchObject({ attempt: 1, passed: false, revealed: false })
	expect(feedback!.questions.every((q) => !q.correct)).toBe(true)
	for (const q of feedback!.questions) {
		const pool = quiz.find((p) => p.id === q.id)!
		const rightIds = pool.choices.filter((c) => c.correct).map((c) => c.id)
		for (const c of q.choices) {
			expect(c).not.toHaveProperty('right')
			if (c.chosen)
				expect(c.feedback).toBe(
					pool.choices.find((x) => x.id === c.id)!.feedback,
				)
			else expect(c.feedback).toBeNull()
			if (rightIds.includes(c.id)) expect(c.chosen).toBe(false)
		}
	}
	// Nothing of the right choices reaches the page: their feedback is not in the reply.
	const text = JSON.stringify(feedback)
	for (const q of quiz)
		for (const c of q.choices.filter((c) => c.correct))
			expect(text).not.toContain(c.feedback)
	expect(
		await prisma.lessonProgress.count({ where: { userId: learner.id } }),
	).toBe(0)
	expect(
		await prisma.quizAttempt.findFirstOrThrow({
			where: { userId: learner.id },
		}),
	).toMatchObject({ number: 1, passed: false })

	// Retake: a new, empty attempt (number 2), shuffled anew.
	const after = await lessonData(learner.id)
	expect(after.quiz.attempt).toBe(2)
	expect(
		after.quiz.questions.map((q) => q.choices.map((c) => c.id)),
	).not.toEqual(before.quiz.questions.map((q) => q.choices.map((c) => c.id)))
})

test('a form sent twice is graded once against what it showed; a forged attempt number is refused', async () => {
	const learner = await createUser()
	const first = await post(learner.id, {
		intent: 'quiz',
		attempt: '1',
		...wrongAnswers,
	})
	const again = await post(learner.id, {
		intent: 'quiz',
		attempt: '1',
		...rightAnswerForm,
	})
	// The resubmitted attempt 1 is shown as it was graded, not graded again.
	expect(((await again.json()) as QuizReply).feedback).toEqual(
		((await first.json()) as QuizReply).feedback,
	)
	const forged = await post(learner.id, {
		intent: 'quiz',
		attempt: '5',
		...rightAnswerForm,
	})
	expect(forged.status).toBe(400)
	expect(((await forged.json()) as QuizReply).stale).toBe(true)
	expect(
		await prisma.quizAttempt.count({ where: { userId: learner.id } }),
	).toBe(1)
	expect(
		await prisma.lessonProgress.count({ where: { userId: learner.id } }),
	).toBe(0)
})

test('"I have read this lesson" on a lesson with a quiz is a reading record, not a completion; passing the quiz completes it', async () => {
	const learner = await createUser()
	const read = await post(learner.id, { intent: 'read' })
	expect(read.status).toBe(302)
	expect(read.headers.get('Location')).toBe(`${url}#quiz`)
	expect(await prisma.lessonRead.count({ where: { userId: learner.id } })).toBe(
		1,
	)
	expect(
		await prisma.lessonProgress.count({ where: { userId: learner.id } }),
	).toBe(0)
	const state = await lessonData(learner.id)
	expect(state.completed).toBe(false)
	expect(state.readAt).not.toBeNull()

	const right = await post(learner.id, {
		intent: 'quiz',
		attempt: '1',
		...rightAnswerForm,
	})
	const { feedback } = (await right.json()) as QuizReply
	expect(feedback).toMatchObject({ passed: true, score: 100, revealed: true })
	expect(
		feedback!.questions.every((q) =>
			q.choices.some((c) => c.right && c.chosen),
		),
	).toBe(true)
	expect(
		await prisma.lessonProgress.findFirst({ where: { userId: learner.id } }),
	).toMatchObject({ lessonSlug: params.lesson, via: 'quiz' })
	expect((await lessonData(learner.id)).completed).toBe(true)
})

test("the lesson state's one statement brings the learner's own worksheet entries for the lesson, none of another learner or course", async () => {
	const { getLessonState, saveWorksheetEntry } =
		await import('#app/courses/progress.server.ts')
	const found = (await findLesson(params.course, params.lesson))!
	const [learner, other] = [await createUser(), await createUser()]
	await saveWorksheetEntry(learner.id, params.course, 'seuil-de-rentabilite', {
		product: 'Savon',
	})
	await saveWorksheetEntry(learner.id, params.course, 'plan-de-financement', {
		need: '100 000',
	})
	await saveWorksheetEntry(learner.id, 'autre-cours', 'sans-entree', {
		product: 'Autre cours',
	})
	await saveWorksheetEntry(other.id, params.course, 'sans-entree', {
		product: 'Autre personne',
	})
	const state = await getLessonState(learner.id, found.course, found.lesson, [
		'seuil-de-rentabilite',
		'sans-entree',
		'plan-de-financement',
	])
	expect(state.entries).toEqual({
		'seuil-de-rentabilite': {
			values: { product: 'Savon' },
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		},
		'plan-de-financement': {
			values: { need: '100 000' },
			updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		},
	})
	expect(
		(await getLessonState(learner.id, found.course, found.lesson)).entries,
	).toEqual({})
	expect(state.nextAttempt).toBe(1)
})
