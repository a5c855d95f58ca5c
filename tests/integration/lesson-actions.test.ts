import { expect, test } from 'vitest'
import { getCatalog } from '#app/content/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import { action, loader } from '#app/routes/courses.$course.$lesson.tsx'
import {
	createUser,
	form,
	requestAs,
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

test('a visitor is asked to sign in to save a worksheet or mark a lesson read, but can take the quiz', async () => {
	const save = await post(null, {
		intent: 'worksheet',
		worksheetId: 'seuil-de-rentabilite',
	})
	expect(save.status).toBe(302)
	expect(save.headers.get('Location')).toBe(
		`/login?redirectTo=${encodeURIComponent(url)}`,
	)
	const quiz = await post(null, { intent: 'quiz', 'q-q1': 'a' })
	expect(quiz.status).toBe(400)
	expect(
		((await quiz.json()) as { unanswered: string[] }).unanswered.length,
	).toBeGreaterThan(0)
})

/** Every question's right and wrong answers, read from the lesson itself. */
async function answers() {
	const catalog = await getCatalog()
	const lesson = catalog.courses
		.find((c) => c.slug === params.course)!
		.lessons.find((l) => l.slug === params.lesson)!
	const right: Record<string, string[]> = {}
	const wrong: Record<string, string> = {}
	for (const q of lesson.i18n.fr.quiz) {
		right[`q-${q.id}`] = q.choices.filter((c) => c.correct).map((c) => c.id)
		wrong[`q-${q.id}`] = q.choices.find((c) => !c.correct)!.id
	}
	return { right, wrong }
}

test('a passed quiz is kept and completes the lesson; a failed one is kept too', async () => {
	const learner = await createUser()
	const { right: rightAnswers, wrong: wrongAnswers } = await answers()
	const wrong = await post(learner.id, { intent: 'quiz', ...wrongAnswers })
	expect(
		((await wrong.json()) as { result: { passed: boolean } }).result.passed,
	).toBe(false)
	expect(
		await prisma.lessonProgress.count({ where: { userId: learner.id } }),
	).toBe(0)
	const right = await post(learner.id, { intent: 'quiz', ...rightAnswers })
	const result = (
		(await right.json()) as { result: { passed: boolean; score: number } }
	).result
	expect(result).toMatchObject({ passed: true, score: 100 })
	expect(
		await prisma.quizAttempt.count({ where: { userId: learner.id } }),
	).toBe(2)
	expect(
		await prisma.lessonProgress.findFirst({ where: { userId: learner.id } }),
	).toMatchObject({ lessonSlug: params.lesson, via: 'quiz' })
})
