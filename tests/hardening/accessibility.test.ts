import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { confirmImport, previewImport } from '#app/cohorts/import.server.ts'
import { readContent } from '#app/content/source.server.ts'
import { launchBrowser } from '#tests/support/browser.ts'
import {
	createWorld,
	WORLD_COURSE,
	WORLD_LESSON,
	type World,
	type WorldRole,
} from '#tests/support/world.ts'
import {
	describeViolations,
	isBlocking,
	LANGUAGES,
	runAxe,
	signedInContext,
	type Lang,
} from './a11y-support.ts'

/**
 * axe-core (WCAG 2.1 A/AA + best practices) on every page type of the
 * production build, in French and English, as a visitor and as the person the
 * page is for: no serious or critical violation, and `<html lang>` is the
 * page's language.
 */

const baseURL = inject('baseURL')
const roster = path.resolve(
	import.meta.dirname,
	'../fixtures/roster/cohorte-20-3-erreurs.csv',
)
/** A wrong choice for every question of the world's lesson (the first one not right). */
const WRONG_CHOICES = Object.fromEntries(
	readContent(path.resolve(import.meta.dirname, '../../content'))
		.courses.find((c) => c.slug === WORLD_COURSE)!
		.lessons.find((l) => l.slug === WORLD_LESSON)!
		.files.fr!.frontmatter!.quiz.map((q) => [
			q.id,
			q.choices.find((c) => !c.correct)!.id,
		]),
)
const WORKSHEET_LESSON =
	'/courses/creer-son-entreprise/couts-et-seuil-de-rentabilite'

type PageSpec = {
	name: string
	roles: WorldRole[]
	url: (world: World, extra: Extra) => string
	status?: number
	/** Brings the page into the state to check (e.g. a submitted quiz), after it has loaded. */
	prepare?: (page: Page) => Promise<void>
	/** A CSS selector that must be on the page, so that the state checked is the one meant. */
	expect?: string
}
type Extra = { problemBatch: string; doneBatch: string }

/**
 * Submits the quiz, with the first choice of every question or with nothing
 * (a form error). Not a keyboard test: keyboard.test.ts is.
 */
async function submitQuiz(page: Page, { answer = true, wrong = false } = {}) {
	await Promise.all([
		page.waitForURL(/#quiz$/),
		page.evaluate(
			({ answer, wrongChoices }) => {
				const form = document.querySelector<HTMLFormElement>('#quiz form')!
				if (answer)
					for (const fieldset of form.querySelectorAll('fieldset')) {
						const id = fieldset.getAttribute('data-question')!
						const input = wrongChoices
							? fieldset.querySelector<HTMLInputElement>(
									`input[value="${wrongChoices[id]}"]`,
								)!
							: fieldset.querySelector('input')!
						input.checked = true
					}
				form.requestSubmit()
			},
			{ answer, wrongChoices: wrong ? WRONG_CHOICES : null },
		),
	])
	await page.waitForLoadState('load')
}

const PAGES: PageSpec[] = [
	{ name: 'home', roles: ['visitor', 'learner'], url: () => '/' },
	{ name: 'catalog', roles: ['visitor', 'learner'], url: () => '/courses' },
	{
		name: 'course',
		roles: ['visitor', 'learner'],
		url: () => `/courses/${WORLD_COURSE}`,
	},
	{
		name: 'lesson with quiz',
		roles: ['visitor', 'learner'],
		url: () => `/courses/${WORLD_COURSE}/${WORLD_LESSON}`,
		expect: '#quiz fieldset',
	},
	{
		name: 'lesson, quiz graded',
		roles: ['visitor', 'learner'],
		url: () => `/courses/${WORLD_COURSE}/${WORLD_LESSON}`,
		prepare: (page) => submitQuiz(page),
		expect: '#quiz-result',
	},
	{
		name: 'lesson, quiz not answered',
		roles: ['visitor'],
		url: () => `/courses/${WORLD_COURSE}/${WORLD_LESSON}`,
		prepare: (page) => submitQuiz(page, { answer: false }),
		expect: '#quiz [role=alert]',
	},
	{
		name: 'lesson with worksheet',
		roles: ['learner'],
		url: () => WORKSHEET_LESSON,
		expect: '.worksheet',
	},
	{
		name: 'sign-in',
		roles: ['visitor'],
		url: () => '/login',
		expect: 'input[type=password]',
	},
	{
		name: 'sign-up',
		roles: ['visitor'],
		url: () => '/signup',
		expect: 'input[type=password]',
	},
	{ name: 'account', roles: ['learner'], url: () => '/account' },
	{
		name: 'account profile',
		roles: ['learner'],
		url: () => '/account/profile',
		expect: 'select',
	},
	{
		name: 'account sessions',
		roles: ['learner'],
		url: () => '/account/sessions',
		expect: '.session-list',
	},
	{
		name: 'account certificates',
		roles: ['learner'],
		url: () => '/account/certificates',
		expect: '[data-code]',
	},
	{
		name: 'my training',
		roles: ['learner'],
		url: () => '/training',
		expect: '[data-testid=training-cohort]',
	},
	{
		name: 'lesson, quiz failed',
		roles: ['learner'],
		url: () => `/courses/${WORLD_COURSE}/${WORLD_LESSON}`,
		prepare: (page) => submitQuiz(page, { wrong: true }),
		expect: '#quiz-result.error-notice',
	},
	{ name: 'cohort list', roles: ['trainer'], url: () => '/cohorts' },
	{
		name: 'cohort settings',
		roles: ['trainer'],
		url: (w) => `/cohorts/${w.cohortA.id}/settings`,
		expect: 'input[name=trainedCourses]',
	},
	{
		name: 'learner in a cohort',
		roles: ['trainer'],
		url: (w) => `/cohorts/${w.cohortA.id}/learners/${w.enrollmentA.id}`,
		expect: '[data-testid=stage-history] li',
	},
	{
		name: 'cohort dashboard',
		roles: ['trainer'],
		url: (w) => `/cohorts/${w.cohortA.id}`,
		expect: '.bars__definition',
	},
	{
		name: 'programme report',
		roles: ['trainer'],
		url: () => '/reports',
		expect: '.bars__definition',
	},
	{
		name: 'admin users',
		roles: ['admin'],
		url: () => '/admin/users',
	},
	{
		name: 'import preview',
		roles: ['trainer'],
		url: (w, x) => `/cohorts/${w.cohortA.id}/import?batch=${x.problemBatch}`,
		expect: '[data-testid=import-problems] li',
	},
	{
		name: 'import done',
		roles: ['trainer'],
		url: (w, x) => `/cohorts/${w.cohortA.id}/import?done=${x.doneBatch}`,
		expect: '[data-testid=import-enrolled]',
	},
	{
		name: 'verification form',
		roles: ['visitor', 'learner'],
		url: () => '/verify',
	},
	{
		name: 'verification, valid',
		roles: ['visitor', 'learner'],
		url: (w) => `/verify/${w.params.code}`,
		expect: '[data-status=valid]',
	},
	{
		name: 'verification, revoked',
		roles: ['visitor'],
		url: (w) => `/verify/${w.params.revokedCode}`,
		expect: '[data-status=revoked]',
	},
	{
		name: 'offline page',
		roles: ['visitor', 'learner'],
		url: () => '/offline',
	},
	{
		name: 'not found',
		roles: ['visitor'],
		url: () => '/nulle-part',
		status: 404,
	},
]

let browser: Browser
let world: World
let extra: Extra
const minor: string[] = []

beforeAll(async () => {
	;[browser, world] = await Promise.all([launchBrowser(), createWorld()])
	const trainer = world.users.trainer
	const preview = await previewImport(trainer, world.cohortA.id, {
		name: 'cohorte.csv',
		bytes: new Uint8Array(fs.readFileSync(roster)),
	})
	if (!preview?.ok)
		throw new Error(`Import preview failed: ${JSON.stringify(preview)}`)
	const done = await confirmImport(
		trainer,
		world.cohortA.id,
		world.params.batchId!,
	)
	if (!done) throw new Error('Import confirmation failed')
	extra = { problemBatch: preview.batchId, doneBatch: world.params.batchId! }
})

afterAll(async () => {
	if (minor.length)
		console.info(
			`Moderate/minor axe findings (not failing):\n${minor.join('\n')}`,
		)
	await browser?.close()
})

/**
 * One browser context and one tab per role and language, with axe preloaded.
 * Tests run a few at a time; those that share a tab take turns.
 */
const tabs = new Map<string, { page: Promise<Page>; turn: Promise<unknown> }>()
function withTab<T>(
	role: WorldRole,
	lang: Lang,
	run: (page: Page) => Promise<T>,
): Promise<T> {
	const key = `${role}:${lang}`
	let tab = tabs.get(key)
	if (!tab) {
		const page = signedInContext(browser, baseURL, lang, world.cookies[role], {
			axe: true,
		}).then((context) => context.newPage())
		tab = { page, turn: page }
		tabs.set(key, tab)
	}
	const result = tab.turn.then(() => tab.page).then(run)
	tab.turn = result.catch(() => undefined)
	return result
}

const cases = PAGES.flatMap((spec) =>
	spec.roles.flatMap((role) =>
		LANGUAGES.map((lang) => ({
			title: `${spec.name} — ${role} — ${lang}`,
			spec,
			role,
			lang,
		})),
	),
)

// Concurrent: while one tab waits for the server, another runs axe.
describe.concurrent('axe: no serious or critical violation', () => {
	test.for(cases)('$title', async ({ spec, role, lang }, { expect }) => {
		const url = spec.url(world, extra)
		const { violations, htmlLang } = await withTab(role, lang, async (page) => {
			const response = await page.goto(`${baseURL}${url}`)
			expect(response?.status(), `${url} as ${role}`).toBe(spec.status ?? 200)
			expect(new URL(page.url()).pathname, 'no redirect (e.g. to /login)').toBe(
				url.split(/[?#]/)[0],
			)
			if (spec.prepare) await spec.prepare(page)
			if (spec.expect)
				expect(
					await page.locator(spec.expect).count(),
					`${spec.expect} on ${url}`,
				).toBeGreaterThan(0)
			return {
				violations: await runAxe(page),
				htmlLang: await page.locator('html').getAttribute('lang'),
			}
		})
		expect(htmlLang).toBe(lang)
		const blocking = violations.filter(isBlocking)
		const others = violations.filter((v) => !isBlocking(v))
		if (others.length)
			minor.push(
				`${spec.name} (${role}, ${lang}):\n${describeViolations(others)}`,
			)
		expect(
			blocking.length,
			`axe on ${url} (${role}, ${lang}):\n${describeViolations(blocking)}`,
		).toBe(0)
	})
})

test('every page type was checked in both languages', () => {
	const checked = new Set(cases.map((c) => `${c.spec.name}:${c.lang}`))
	for (const name of [
		'home',
		'catalog',
		'course',
		'lesson with quiz',
		'lesson, quiz failed',
		'my training',
		'learner in a cohort',
		'sign-in',
		'account',
		'cohort dashboard',
		'import preview',
		'verification, valid',
		'verification form',
	]) {
		for (const lang of LANGUAGES)
			expect(checked.has(`${name}:${lang}`), `${name} in ${lang}`).toBe(true)
	}
})

/**
 * What the offline script (app/offline) adds to pages: the saved state of
 * "save this course", answers kept on the phone (the lesson's notice and the
 * queue panel, opened), and the offline page as the service worker serves it.
 * A context of its own, closed while still offline: nothing is sent.
 */
test.for(LANGUAGES)(
	'axe on the offline states of pages (%s): no serious or critical violation',
	async (lang) => {
		const context = await signedInContext(
			browser,
			baseURL,
			lang,
			world.cookies.learner,
			{ axe: true },
		)
		const page = await context.newPage()
		const check = async (what: string) => {
			const blocking = (await runAxe(page)).filter(isBlocking)
			expect(
				blocking.length,
				`axe on ${what} (${lang}):\n${describeViolations(blocking)}`,
			).toBe(0)
		}
		await page.goto(`${baseURL}/courses/${WORLD_COURSE}`)
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready
			if (!navigator.serviceWorker.controller)
				await new Promise((resolve) =>
					navigator.serviceWorker.addEventListener(
						'controllerchange',
						resolve,
						{ once: true },
					),
				)
		})
		const save = page.locator('section[data-offline-pack]')
		await save.locator('button').click()
		await expect
			.poll(() => save.getByRole('status').innerText(), { timeout: 30_000 })
			.toMatch(lang === 'fr' ? /^Enregistrée/ : /^Saved/)
		await check('the course page, saved for offline use')

		await page.goto(`${baseURL}/courses/${WORLD_COURSE}/${WORLD_LESSON}`)
		await context.setOffline(true)
		await page.evaluate(() => {
			const form = document.querySelector<HTMLFormElement>('#quiz form')!
			for (const fieldset of form.querySelectorAll('fieldset'))
				fieldset.querySelector('input')!.checked = true
			form.requestSubmit()
		})
		await page.locator('#offline-quiz').waitFor()
		await page.locator('#offline-queue summary').click()
		await check('a lesson with answers kept on the phone')

		await page.goto(`${baseURL}/courses/creer-son-entreprise`)
		expect(await page.locator('h1').innerText()).toBe(
			lang === 'fr' ? 'Vous êtes hors connexion' : 'You are offline',
		)
		await check('the offline page served without a connection')
		await context.close()
	},
)
