import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, newPage } from '#tests/support/browser.ts'
import {
	answerQuiz,
	courseWithAnswers,
	passCourse,
	signUp,
} from '#tests/support/learner-browser.ts'

const baseURL = inject('baseURL')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

const GENDER = 'genre-et-inclusion'
const LAW = 'loi-cadre-economie-sociale'

async function signIn(page: Page, identifier: string, password: string) {
	await page.goto(`${baseURL}/login`)
	await page
		.getByLabel('Adresse e-mail ou numéro de téléphone')
		.fill(identifier)
	await page.getByLabel('Mot de passe', { exact: true }).fill(password)
	await page.getByRole('button', { name: 'Se connecter' }).last().click()
	await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

test('a learner who only clicks "I have read this lesson" gets no completion and no certificate on a course with quizzes', async () => {
	const { page, context } = await newPage(browser, { javaScriptEnabled: false })
	await signUp(page, baseURL, 'Moussa Oumarou')
	// A new learner lands on "my training".
	expect(new URL(page.url()).pathname).toBe('/training')
	const course = await courseWithAnswers(GENDER)
	for (const lesson of course.lessons) {
		await page.goto(`${baseURL}/courses/${GENDER}/${lesson.slug}`)
		const status = page.getByTestId('lesson-status')
		expect(await status.innerText()).toContain(
			'Cette leçon est validée quand vous réussissez son quiz',
		)
		await page.getByRole('button', { name: "J'ai lu cette leçon" }).click()
		await page.waitForURL(/#quiz$/)
		// Kept as a reading record, not as a completed lesson.
		expect(await status.innerText()).toContain('il reste à réussir le quiz')
		expect(await status.innerText()).not.toContain('✓')
	}
	await page.goto(`${baseURL}/courses/${GENDER}`)
	expect(await page.locator('main').innerText()).toContain(
		`0 sur ${course.lessons.length} leçons terminées`,
	)
	expect(await page.locator('main').innerText()).not.toContain(
		'Formation terminée',
	)
	await page.goto(`${baseURL}/account/certificates`)
	expect(await page.locator('[data-code]').count()).toBe(0)
	await context.close()
})

test('a failed attempt shows which answers were wrong but no right answer; "Retake the quiz" starts a new, empty attempt', async () => {
	const { page, context } = await newPage(browser, { javaScriptEnabled: false })
	await signUp(page, baseURL, 'Salma Tazi')
	const course = await courseWithAnswers(LAW)
	const lesson = course.lessons[1]!
	await page.goto(`${baseURL}/courses/${LAW}/${lesson.slug}`)
	expect(await page.getByTestId('quiz-attempt').innerText()).toBe(
		'Tentative n° 1',
	)
	const firstOrder = await page
		.locator('#quiz input')
		.evaluateAll((inputs) => inputs.map((i) => i.id))
	const shown = await answerQuiz(page, LAW, lesson.slug, { right: false })

	const result = page.locator('#quiz-result')
	expect(await result.getAttribute('class')).toContain('error-notice')
	expect(await result.innerText()).toContain(
		`0 bonne(s) réponse(s) sur ${shown.length}`,
	)
	const review = await page.getByTestId('quiz-review').innerText()
	expect(review).not.toContain('Bonne réponse')
	expect(
		await page.locator('[data-testid=quiz-review] .quiz__q--wrong').count(),
	).toBe(shown.length)
	for (const q of lesson.i18n.fr.quiz.filter((q) => shown.includes(q.id))) {
		// The feedback of the choice picked is there; nothing of the right ones.
		expect(review).toContain(q.choices.find((c) => !c.correct)!.feedback)
		for (const c of q.choices.filter((c) => c.correct)) {
			expect(review).not.toContain(c.feedback)
			expect(
				await page
					.locator(`li[data-question="${q.id}"] li[data-choice="${c.id}"]`)
					.count(),
			).toBe(0)
		}
	}
	const html = await page.content()
	for (const q of lesson.i18n.fr.quiz)
		for (const c of q.choices.filter((c) => c.correct))
			expect(html).not.toContain(c.feedback)

	await page.getByRole('link', { name: 'Refaire le quiz' }).click()
	await page.waitForURL(/attempt=2#quiz$/)
	expect(await page.getByTestId('quiz-attempt').innerText()).toBe(
		'Tentative n° 2',
	)
	expect(
		await page
			.locator('#quiz input[type=radio], #quiz input[type=checkbox]')
			.count(),
	).toBeGreaterThan(0)
	expect(await page.locator('#quiz input:checked').count()).toBe(0)
	expect(await page.locator('#quiz-result').count()).toBe(0)
	const secondOrder = await page
		.locator('#quiz input')
		.evaluateAll((inputs) => inputs.map((i) => i.id))
	// The same questions (no pool here), in another order of choices.
	expect([...secondOrder].sort()).toEqual([...firstOrder].sort())
	expect(secondOrder).not.toEqual(firstOrder)
	await context.close()
})

test('"trained" appears only once the designated course is complete, and the trainer sees why', async () => {
	const trainer = await newPage(browser)
	await signIn(trainer.page, 'formatrice@essor.demo', 'Essor-Demo-2026')
	await trainer.page.goto(`${baseURL}/cohorts/new`)
	await trainer.page
		.getByLabel('Nom de la cohorte')
		.fill('Bootcamp Bafoussam 2026')
	await trainer.page
		.getByLabel('Programme', { exact: true })
		.fill('Jeunes entrepreneurs Cameroun')
	await trainer.page.getByLabel('Type').selectOption('entrepreneurship')
	const courses = trainer.page.getByRole('group', {
		name: 'Formation(s) suivie(s)',
	})
	await courses.getByLabel('Égalité femmes-hommes', { exact: false }).check()
	await courses.getByLabel('La loi-cadre', { exact: false }).check()
	// Only the gender course counts for "trained".
	await trainer.page
		.getByRole('group', { name: /comptent pour l'étape/ })
		.getByLabel('Égalité femmes-hommes', { exact: false })
		.check()
	await trainer.page.getByLabel('Pays').fill('CM')
	await trainer.page.getByLabel('Date de début').fill('2026-09-01')
	await trainer.page.getByLabel('Date de fin').fill('2027-03-31')
	await trainer.page.getByRole('button', { name: 'Créer la cohorte' }).click()
	await trainer.page.waitForURL((url) =>
		/^\/cohorts\/(?!new$)[a-z0-9]+$/.test(url.pathname),
	)
	const dashboardUrl = trainer.page.url()
	const code = (await trainer.page
		.getByTestId('join-code')
		.textContent())!.trim()

	// The learner joins: their first page is "my training", with the cohort and the next lesson.
	const learner = await newPage(browser, { javaScriptEnabled: false })
	await signUp(learner.page, baseURL, 'Nadège Fotso', `/join/${code}`)
	expect(new URL(learner.page.url()).pathname).toBe(`/join/${code}`)
	await learner.page.getByRole('button', { name: /Rejoindre/ }).click()
	await learner.page.waitForURL(/\/training\?joined=/)
	expect(await learner.page.getByTestId('joined').innerText()).toContain(
		'Vous avez rejoint la cohorte « Bootcamp Bafoussam 2026 »',
	)
	const cohort = learner.page.getByTestId('training-cohort')
	expect(await cohort.locator('h2').innerText()).toBe('Bootcamp Bafoussam 2026')
	const law = await courseWithAnswers(LAW)
	const gender = await courseWithAnswers(GENDER)
	const next = cohort.locator(
		`[data-course="${LAW}"] [data-testid=next-lesson]`,
	)
	expect(await next.innerText()).toBe(
		`Continuer : leçon 1, ${law.lessons[0]!.i18n.fr.title}`,
	)
	expect(await next.getAttribute('href')).toBe(
		`/courses/${LAW}/${law.lessons[0]!.slug}`,
	)
	expect(
		await cohort
			.locator(`[data-course="${GENDER}"] [data-testid=next-lesson]`)
			.getAttribute('href'),
	).toBe(`/courses/${GENDER}/${gender.lessons[0]!.slug}`)

	// The other course complete: not trained.
	await passCourse(learner.page, baseURL, LAW)
	await trainer.page.goto(dashboardUrl)
	const row = trainer.page.locator('tr', { hasText: 'Nadège Fotso' })
	expect(await row.locator('td').nth(3).innerText()).toBe('Identifié·e')
	await row.getByRole('link', { name: 'Nadège Fotso' }).click()
	await trainer.page.waitForURL(/\/learners\//)
	const learnerPage = trainer.page.url()
	expect(
		await trainer.page
			.locator('[data-testid=stage-milestones] [data-stage=trained]')
			.innerText(),
	).toContain('pas atteinte')

	// The designated course complete: trained, by the completion, and not "selected".
	await passCourse(learner.page, baseURL, GENDER)
	await trainer.page.goto(learnerPage)
	const milestones = trainer.page.getByTestId('stage-milestones')
	expect(await milestones.locator('[aria-current=step]').innerText()).toContain(
		'Formé·e',
	)
	expect(
		await milestones.locator('[data-stage=selected]').innerText(),
	).toContain('pas atteinte')
	const history = await trainer.page.getByTestId('stage-history').innerText()
	expect(history).toContain('a rejoint la cohorte avec son code')
	expect(history).toMatch(
		/Formé·e le .+ — enregistrée automatiquement : formation\(s\) terminée\(s\) : Égalité femmes-hommes/,
	)
	await trainer.page.goto(dashboardUrl)
	expect(
		await trainer.page
			.locator('tr', { hasText: 'Nadège Fotso' })
			.locator('td')
			.nth(3)
			.innerText(),
	).toBe('Formé·e')

	// "My training": both courses done, each with its certificate.
	await learner.page.goto(`${baseURL}/training`)
	expect(await learner.page.getByTestId('course-done').count()).toBe(2)
	expect(
		await learner.page
			.locator('[data-testid=training-certificates] li')
			.count(),
	).toBe(2)
	await learner.context.close()
	await trainer.context.close()
})
