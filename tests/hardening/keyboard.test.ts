import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { readContent } from '#app/content/source.server.ts'
import { prisma } from '#app/db.server.ts'
import { launchBrowser } from '#tests/support/browser.ts'
import {
	createWorld,
	WORLD_COURSE,
	WORLD_LESSON,
	type World,
	type WorldRole,
} from '#tests/support/world.ts'
import { signedInContext, type Lang } from './a11y-support.ts'

/**
 * The keyboard alone: a learner completes a lesson quiz with Tab, Shift+Tab,
 * the arrow keys, Space and Enter (no mouse, no `.click()`, no `.check()`);
 * every Tab stop of the main page types shows a visible focus indicator; the
 * skip link is the first Tab stop and moves focus to the content.
 */

const baseURL = inject('baseURL')
let browser: Browser
let world: World
const contexts = new Map<string, BrowserContext>()

beforeAll(async () => {
	;[browser, world] = await Promise.all([launchBrowser(), createWorld()])
})
afterAll(async () => {
	await browser?.close()
})

async function openPage(
	role: WorldRole,
	lang: Lang,
	url: string,
): Promise<Page> {
	const key = `${role}:${lang}`
	let context = contexts.get(key)
	if (!context) {
		context = await signedInContext(browser, baseURL, lang, world.cookies[role])
		contexts.set(key, context)
	}
	const page = await context.newPage()
	const response = await page.goto(`${baseURL}${url}`)
	expect(response?.status(), url).toBe(200)
	// Hydrated pages: let React take over before pressing keys (reading pages have no script).
	if (await page.locator('script[type=module]').count())
		await page.waitForLoadState('networkidle')
	return page
}

type Focused = {
	tag: string
	type: string
	name: string
	value: string
	checked: boolean
	text: string
	inQuiz: boolean
	isSubmit: boolean
}

function focused(page: Page): Promise<Focused | null> {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null
		if (!el || el === document.body) return null
		const input = el as HTMLInputElement
		return {
			tag: el.tagName.toLowerCase(),
			type: input.type ?? '',
			name: input.name ?? '',
			value: input.value ?? '',
			checked: Boolean(input.checked),
			text: (el.textContent ?? '').trim(),
			inQuiz: Boolean(el.closest('#quiz')),
			isSubmit: el.matches('#quiz button[type=submit]'),
		}
	})
}

/** The right answers, from the lesson's source (the same text the built catalog was compiled from). */
function correctAnswers(lang: Lang) {
	const { courses } = readContent(
		path.resolve(import.meta.dirname, '../../content'),
	)
	const lesson = courses
		.find((c) => c.slug === WORLD_COURSE)
		?.lessons.find((l) => l.slug === WORLD_LESSON)
	const frontmatter = lesson?.files[lang]?.frontmatter
	if (!frontmatter)
		throw new Error(`No ${lang} source for ${WORLD_COURSE}/${WORLD_LESSON}`)
	return frontmatter.quiz.map((q) => ({
		name: `q-${q.id}`,
		multiple: q.multiple,
		choices: q.choices.map((c) => c.id),
		correct: q.choices.filter((c) => c.correct).map((c) => c.id),
	}))
}

describe('a lesson quiz with the keyboard alone', () => {
	test.for(['fr', 'en'] as const)(
		'%s: Tab to the quiz, answer with arrows and Space, submit with Enter, read the result',
		async (lang) => {
			const questions = correctAnswers(lang)
			expect(
				questions.some((q) => q.multiple) && questions.some((q) => !q.multiple),
				'the quiz has radio and checkbox questions',
			).toBe(true)
			const page = await openPage(
				'learner',
				lang,
				`/courses/${WORLD_COURSE}/${WORLD_LESSON}`,
			)
			const before = await prisma.quizAttempt.count({
				where: { userId: world.users.learner.id, lessonSlug: WORLD_LESSON },
			})

			let presses = 0
			const press = async (key: string) => {
				presses++
				expect(
					presses,
					'too many key presses: focus is stuck or the quiz is unreachable',
				).toBeLessThan(250)
				await page.keyboard.press(key)
			}
			const answered = new Set<string>()
			let checkedShiftTab = false
			for (;;) {
				await press('Tab')
				let el = await focused(page)
				if (!el?.inQuiz) continue
				if (el.isSubmit) break
				const question = questions.find((q) => q.name === el!.name)
				if (!question) continue
				if (question.multiple) {
					// Each checkbox is its own Tab stop: Space ticks the right ones.
					if (question.correct.includes(el.value) !== el.checked)
						await press('Space')
					if (el.value === question.choices.at(-1)) answered.add(question.name)
					continue
				}
				// A radio group is one Tab stop; the arrow keys move and select within it.
				// Choices are shuffled per attempt: the order is the one on the page.
				const target = question.correct[0]!
				const shown = await page
					.locator(`#quiz input[name="${question.name}"]`)
					.evaluateAll((inputs) =>
						inputs.map((i) => (i as HTMLInputElement).value),
					)
				while (el!.value !== target) {
					await press(
						shown.indexOf(target) > shown.indexOf(el!.value)
							? 'ArrowDown'
							: 'ArrowUp',
					)
					el = await focused(page)
				}
				if (!el!.checked) await press('Space')
				expect(
					(await focused(page))?.checked,
					`${question.name}: ${target} selected`,
				).toBe(true)
				answered.add(question.name)
				if (answered.size === 2 && !checkedShiftTab) {
					// Shift+Tab goes back to the previous question's chosen answer, Tab returns.
					checkedShiftTab = true
					await press('Shift+Tab')
					const previous = await focused(page)
					expect([previous?.name, previous?.value, previous?.checked]).toEqual([
						questions[0]!.name,
						questions[0]!.correct[0],
						true,
					])
					await press('Tab')
					expect((await focused(page))?.name).toBe(question.name)
				}
			}
			expect([...answered].sort()).toEqual(questions.map((q) => q.name).sort())
			expect(checkedShiftTab).toBe(true)

			await Promise.all([page.waitForURL(/#quiz$/), press('Enter')])
			await page.waitForLoadState('load')
			const result = page.locator('#quiz-result')
			expect(await result.getAttribute('role')).toBe('status')
			const text = await result.innerText()
			const total = questions.length
			expect(text).toContain(
				lang === 'fr'
					? `${total} bonne(s) réponse(s) sur ${total} (100 %)`
					: `${total} right answer(s) out of ${total} (100%)`,
			)
			expect(text).toContain(lang === 'fr' ? 'Quiz réussi' : 'Quiz passed')
			expect(await page.locator('#quiz .quiz__q--right').count()).toBe(total)
			const after = await prisma.quizAttempt.findMany({
				where: { userId: world.users.learner.id, lessonSlug: WORLD_LESSON },
				orderBy: { createdAt: 'desc' },
			})
			expect(after).toHaveLength(before + 1)
			expect(after[0]).toMatchObject({ passed: true, correct: total, total })
			await page.close()
		},
	)
})

/**
 * Tabs through the whole page (until focus wraps around to the first stop)
 * and, for each stop, checks that the element is not hidden or off the page,
 * and looks different from its unfocused self: an outline (at least 3:1
 * against the background around it), a box shadow, or a change of
 * colours/border. Each stop is measured in the page as it gets focus, so the
 * keys can be pressed in batches.
 */
async function walkFocus(page: Page) {
	type Stop = { label: string; problem: string | null }
	await page.evaluate(() => {
		const props = [
			'outline-style',
			'outline-width',
			'outline-color',
			'box-shadow',
			'background-color',
			'color',
			'border-color',
			'text-decoration-line',
		]
		const snapshot = (el: Element) => {
			const style = getComputedStyle(el)
			return props.map((p) => style.getPropertyValue(p)).join('|')
		}
		const base = new WeakMap<Element, string>()
		for (const el of document.querySelectorAll(
			'a[href], button, input, select, textarea, summary, [tabindex]',
		))
			base.set(el, snapshot(el))
		const rgba = (color: string) => {
			const m = color.match(/rgba?\(([^)]+)\)/)
			if (!m) return null
			const [r, g, b, a = 1] = m[1]!
				.split(/[\s,/]+/)
				.filter(Boolean)
				.map(Number)
			return { r: r!, g: g!, b: b!, a }
		}
		const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
			const c = [r, g, b].map((v) => {
				const s = v / 255
				return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
			})
			return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!
		}
		const backgroundAround = (el: Element) => {
			for (let node = el.parentElement; node; node = node.parentElement) {
				const bg = rgba(getComputedStyle(node).backgroundColor)
				if (bg && bg.a > 0.5) return bg
			}
			return { r: 255, g: 255, b: 255, a: 1 }
		}
		const state = { stops: [] as Stop[], wrapped: false }
		let first: Element | null = null
		;(window as unknown as { focusWalk: typeof state }).focusWalk = state
		document.addEventListener('focusin', (event) => {
			const el = event.target as Element
			if (state.wrapped || el === document.body) return
			if (first === el) {
				state.wrapped = true
				return
			}
			first ??= el
			const style = getComputedStyle(el)
			const rect = el.getBoundingClientRect()
			const text = (
				el.textContent ||
				(el as HTMLInputElement).value ||
				el.getAttribute('aria-label') ||
				''
			)
				.trim()
				.slice(0, 40)
			const label = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''} "${text}"`
			// Measured before the browser scrolls it into view: on the page, not necessarily in the viewport.
			const onPage =
				rect.width > 1 &&
				rect.height > 1 &&
				rect.bottom + scrollY > 0 &&
				rect.right + scrollX > 0
			let problem: string | null = null
			if (!onPage) problem = 'hidden or off the page when focused'
			else if (base.get(el) === undefined || base.get(el) === snapshot(el))
				problem = 'looks the same focused and unfocused'
			else if (
				style.outlineStyle !== 'none' &&
				parseFloat(style.outlineWidth) >= 1
			) {
				const outline = rgba(style.outlineColor)
				if (outline && outline.a > 0.5) {
					const [l1, l2] = [
						luminance(outline),
						luminance(backgroundAround(el)),
					].sort((a, b) => b - a)
					const ratio = Math.round(((l1! + 0.05) / (l2! + 0.05)) * 100) / 100
					if (ratio < 3) problem = `focus outline contrast ${ratio}:1 < 3:1`
				}
			}
			state.stops.push({ label, problem })
		})
	})
	for (let batch = 0; batch < 20; batch++) {
		for (let i = 0; i < 10; i++) await page.keyboard.press('Tab')
		const { wrapped, count } = await page.evaluate(() => {
			const state = (
				window as unknown as {
					focusWalk: { stops: unknown[]; wrapped: boolean }
				}
			).focusWalk
			return { wrapped: state.wrapped, count: state.stops.length }
		})
		if (wrapped) break
		if (batch === 19)
			throw new Error(
				`Focus never came back to the first Tab stop after ${count} stops: a keyboard trap?`,
			)
	}
	return page.evaluate(
		() =>
			(window as unknown as { focusWalk: { stops: Stop[] } }).focusWalk.stops,
	)
}

describe('visible focus on every Tab stop, and a working skip link', () => {
	const pages: {
		name: string
		role: WorldRole
		lang: Lang
		url: (w: World) => string
	}[] = [
		{ name: 'home', role: 'visitor', lang: 'fr', url: () => '/' },
		{
			name: 'lesson with quiz',
			role: 'learner',
			lang: 'en',
			url: () => `/courses/${WORLD_COURSE}/${WORLD_LESSON}`,
		},
		{ name: 'sign-in', role: 'visitor', lang: 'en', url: () => '/login' },
		{ name: 'account', role: 'learner', lang: 'fr', url: () => '/account' },
		{
			name: 'cohort dashboard',
			role: 'trainer',
			lang: 'en',
			url: (w) => `/cohorts/${w.cohortA.id}`,
		},
		{
			name: 'import preview',
			role: 'trainer',
			lang: 'fr',
			url: (w) => `/cohorts/${w.cohortA.id}/import?batch=${w.params.batchId}`,
		},
	]
	test.for(pages)('$name ($role, $lang)', async ({ role, lang, url }) => {
		const page = await openPage(role, lang, url(world))
		const stops = await walkFocus(page)
		expect(stops.length, 'Tab stops found').toBeGreaterThan(5)
		const problems = stops
			.filter((s) => s.problem)
			.map((s) => `${s.label}: ${s.problem}`)
		expect(
			problems.length,
			`Tab stops without a visible focus indicator on ${url(world)}:\n${problems.join('\n')}`,
		).toBe(0)
		await page.close()
	})

	test.for(['fr', 'en'] as const)(
		'the skip link (%s) is the first Tab stop, is visible, and moves focus to the content',
		async (lang) => {
			const page = await openPage('visitor', lang, `/courses/${WORLD_COURSE}`)
			await page.keyboard.press('Tab')
			const skip = await page.evaluate(() => {
				const el = document.activeElement as HTMLAnchorElement
				const rect = el.getBoundingClientRect()
				return {
					text: el.textContent,
					href: el.getAttribute('href'),
					visible:
						rect.top >= 0 && rect.bottom <= innerHeight && rect.height > 1,
				}
			})
			expect(skip).toEqual({
				text: lang === 'fr' ? 'Aller au contenu' : 'Skip to content',
				href: '#main',
				visible: true,
			})
			await page.keyboard.press('Enter')
			await page.waitForURL(/#main$/)
			expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
			await page.keyboard.press('Tab')
			const next = await page.evaluate(() => {
				const el = document.activeElement!
				return {
					inMain: Boolean(el.closest('main')),
					inHeader: Boolean(el.closest('header')),
				}
			})
			expect(next).toEqual({ inMain: true, inHeader: false })
			await page.close()
		},
	)
})
