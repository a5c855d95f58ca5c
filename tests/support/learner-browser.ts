import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import {
	buildCatalog,
	type CatalogCourse,
} from '#app/content/catalog.server.ts'

/** What a learner does in the browser, for end-to-end tests (French pages). */

let catalog: Promise<CatalogCourse[]> | undefined
/** The courses with their answers, read from the content the server was built from. */
export async function courseWithAnswers(slug: string) {
	catalog ??= buildCatalog().then((c) => c.courses)
	const course = (await catalog).find((c) => c.slug === slug)
	if (!course) throw new Error(`No course ${slug}`)
	return course
}

/**
 * Creates an account through the sign-up form, then signs in on the page it
 * leads to (sign-up never signs in by itself: it answers the same whether
 * the identifier was free); the browser then follows `redirectTo` or lands on
 * the learner's home.
 */
export async function signUp(
	page: Page,
	baseURL: string,
	name: string,
	redirectTo?: string,
) {
	const email = `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@exemple.cm`
	await page.goto(
		`${baseURL}/signup${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ''}`,
	)
	await page.getByLabel('Nom et prénom').fill(name)
	await page.getByLabel('Adresse e-mail ou numéro de téléphone').fill(email)
	await page
		.getByLabel('Mot de passe', { exact: true })
		.fill('Une-phrase-facile-2026')
	await page
		.getByLabel('Confirmation du mot de passe')
		.fill('Une-phrase-facile-2026')
	await page.getByRole('button', { name: 'Créer mon compte' }).click()
	await page.waitForURL((url) => url.pathname === '/login')
	expect(
		await page.getByLabel('Adresse e-mail ou numéro de téléphone').inputValue(),
	).toBe(email)
	await page
		.getByLabel('Mot de passe', { exact: true })
		.fill('Une-phrase-facile-2026')
	await page.getByRole('button', { name: 'Se connecter' }).click()
	await page.waitForURL((url) => url.pathname !== '/login')
	return email
}

/**
 * On a lesson page: ticks, for each question the attempt shows, the right
 * choices (or one wrong choice), and submits. Returns the questions shown.
 */
export async function answerQuiz(
	page: Page,
	courseSlug: string,
	lessonSlug: string,
	{ right = true }: { right?: boolean } = {},
) {
	const course = await courseWithAnswers(courseSlug)
	const lesson = course.lessons.find((l) => l.slug === lessonSlug)!
	const shown = await page
		.locator('#quiz fieldset[data-question]')
		.evaluateAll((sets) => sets.map((s) => s.getAttribute('data-question')!))
	expect(shown.length).toBeGreaterThan(0)
	for (const id of shown) {
		const question = lesson.i18n.fr.quiz.find((q) => q.id === id)!
		const choices = right
			? question.choices.filter((c) => c.correct)
			: [question.choices.find((c) => !c.correct)!]
		for (const c of choices) await page.locator(`#q-${id}-${c.id}`).check()
	}
	await page.getByRole('button', { name: 'Valider mes réponses' }).click()
	await page.waitForSelector('#quiz-result')
	return shown
}

/** Passes every lesson's quiz of a course, from its first lesson to its last. */
export async function passCourse(page: Page, baseURL: string, slug: string) {
	const course = await courseWithAnswers(slug)
	for (const lesson of course.lessons) {
		await page.goto(`${baseURL}/courses/${slug}/${lesson.slug}`)
		await answerQuiz(page, slug, lesson.slug)
		expect(await page.locator('#quiz-result').innerText()).toContain(
			'Quiz réussi',
		)
	}
}
