import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { buildCatalog } from '#app/content/catalog.server.ts'
import { launchBrowser, newPage } from '#tests/support/browser.ts'

const baseURL = inject('baseURL')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

function decode(html: string) {
	return html
		.replace(/&#x27;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
}

test('every lesson of every course is served in both languages, with its title, quiz and sources, and no answers', async () => {
	const catalog = await buildCatalog()
	let pages = 0
	for (const lang of ['fr', 'en'] as const) {
		const headers = { Cookie: `lng=${lang}` }
		const catalogPage = await fetch(`${baseURL}/courses`, { headers })
		expect(catalogPage.status).toBe(200)
		const catalogHtml = decode(await catalogPage.text())
		for (const course of catalog.courses) {
			expect(catalogHtml).toContain(course.i18n[lang].title)
			const coursePage = await fetch(`${baseURL}/courses/${course.slug}`, {
				headers,
			})
			expect(coursePage.status).toBe(200)
			for (const lesson of course.lessons) {
				const text = lesson.i18n[lang]
				const res = await fetch(
					`${baseURL}/courses/${course.slug}/${lesson.slug}`,
					{ headers },
				)
				expect(res.status, `${lang} ${course.slug}/${lesson.slug}`).toBe(200)
				const html = decode(await res.text())
				expect(html).toContain(`<html lang="${lang}"`)
				expect(html).toContain(`<h1>${text.title}</h1>`)
				expect(html).toContain('id="quiz"')
				// An attempt asks quizSize questions of the pool (all when unset).
				const asked = text.quiz.filter((q) => html.includes(q.question))
				expect(asked.length, `${lang} ${course.slug}/${lesson.slug}`).toBe(
					lesson.quizSize ?? text.quiz.length,
				)
				expect(html).toContain('id="sources-title"')
				for (const s of text.sources) expect(html).toContain(`href="${s.url}"`)
				// Right answers and feedback stay on the server until the learner submits.
				for (const q of text.quiz)
					for (const c of q.choices) expect(html).not.toContain(c.feedback)
				expect(html).not.toMatch(/"correct"\s*:/)
				pages++
			}
		}
	}
	// Every course of the programme is in the walk, new ones included.
	expect(catalog.courses.map((c) => c.slug).sort()).toEqual(
		[
			'apres-la-creation',
			'creer-son-entreprise',
			'entreprendre-apres-migration',
			'genre-et-inclusion',
			'guide-formateurs',
			'loi-cadre-economie-sociale',
			'vie-associative-cooperative',
		].sort(),
	)
	expect(pages).toBe(
		2 * catalog.courses.reduce((n, c) => n + c.lessons.length, 0),
	)
})

test('an unknown course or lesson is a 404 page in the visitor’s language', async () => {
	const res = await fetch(
		`${baseURL}/courses/loi-cadre-economie-sociale/nope`,
		{ headers: { Cookie: 'lng=en' } },
	)
	expect(res.status).toBe(404)
	expect(await res.text()).toContain('Page not found')
})

test('a lesson renders its text and grades its quiz with JavaScript disabled', async () => {
	const { page, context } = await newPage(browser, { javaScriptEnabled: false })
	await page.goto(
		`${baseURL}/courses/creer-son-entreprise/couts-et-seuil-de-rentabilite`,
	)
	expect(await page.locator('h1').textContent()).toBe(
		'Coûts, prix et seuil de rentabilité',
	)
	// No JavaScript of the page's own: only the offline registration script (app/offline), which reading does not need.
	expect(
		await page
			.locator('script')
			.evaluateAll((s) => s.map((e) => e.getAttribute('src'))),
	).toEqual(['/offline.js'])
	const bodyText = await page.locator('.prose').innerText()
	expect(bodyText.length).toBeGreaterThan(1500)
	expect(
		await page.locator('.lesson__pager a[rel=next]').getAttribute('href'),
	).toBe('/courses/creer-son-entreprise/plan-de-financement')

	// Answer q2 right (3 000 FCFA) and everything else with the first choice.
	const asked = await page.locator('.quiz fieldset').all()
	for (const fieldset of asked) {
		await fieldset.locator('input').first().check()
	}
	await page.locator('#q-q2-a').check()
	await page.getByRole('button', { name: 'Valider mes réponses' }).click()
	const result = await page.locator('#quiz-result').innerText()
	expect(result).toMatch(
		new RegExp(`bonne\\(s\\) réponse\\(s\\) sur ${asked.length}\\b`),
	)
	expect(await page.locator('.quiz__q').nth(1).getAttribute('class')).toContain(
		'quiz__q--right',
	)
	expect(await page.locator('.quiz__q').nth(1).innerText()).toContain(
		'marge unitaire = prix de vente',
	)
	await context.close()
})

test('a page without JavaScript comes whole and plain; a page with JavaScript still carries the data it hydrates from', async () => {
	const lesson = await fetch(
		`${baseURL}/courses/genre-et-inclusion/pourquoi-l-egalite`,
	).then((r) => r.text())
	expect(lesson.startsWith('<!DOCTYPE html><html lang="fr"')).toBe(true)
	expect(lesson).toContain('</body></html>')
	// Nothing left for a script to fill in (a Suspense fallback), no Remix data, no NUL byte (see html-stream.server.ts).
	expect(lesson).not.toContain('<!--$!-->')
	expect(lesson).not.toContain('__remixContext')
	expect(lesson).not.toContain('\u0000')
	expect(lesson).toContain('égalité')

	const login = await fetch(`${baseURL}/login`).then((r) => r.text())
	expect(login.startsWith('<!DOCTYPE html><html lang="fr"')).toBe(true)
	expect(login).toContain('window.__remixContext')
	expect(login).toMatch(/streamController\.enqueue\(/)
})

test('anonymous reading pages are served from the page cache, per language, and never to signed-in learners', async () => {
	const path = '/courses/genre-et-inclusion/pourquoi-l-egalite'
	const first = await fetch(`${baseURL}${path}`, {
		headers: { Cookie: 'lng=fr' },
	})
	const firstHtml = await first.text()
	const second = await fetch(`${baseURL}${path}`, {
		headers: { Cookie: 'lng=fr' },
	})
	expect(second.headers.get('X-Page-Cache')).toBe('hit')
	expect(second.headers.get('Content-Encoding')).toBe('gzip')
	expect(await second.text()).toBe(firstHtml)
	expect(second.headers.get('Content-Security-Policy')).toContain(
		"frame-ancestors 'none'",
	)

	const english = await fetch(`${baseURL}${path}`, {
		headers: { Cookie: 'lng=en' },
	})
	expect(await english.text()).toContain('<html lang="en"')

	const signedIn = await fetch(`${baseURL}${path}`, {
		headers: {
			Cookie: 'lng=fr; essor_session=abcdefghijklmnopqrstuvwxyz234567',
		},
	})
	expect(signedIn.headers.get('X-Page-Cache')).toBeNull()
	const withQuery = await fetch(`${baseURL}${path}?x=1`, {
		headers: { Cookie: 'lng=fr' },
	})
	expect(withQuery.headers.get('X-Page-Cache')).toBeNull()
})

test('a signed-in lesson is served from a kept render only for the same data: each learner sees their own name and progress, and a change shows at once', async () => {
	const { signUp } = await import('#tests/support/learner-browser.ts')
	const path = '/courses/genre-et-inclusion/pourquoi-l-egalite'
	const learner = async (name: string) => {
		const { page, context } = await newPage(browser, {
			javaScriptEnabled: false,
		})
		await signUp(page, baseURL, name)
		return { page, context }
	}
	const awa = await learner('Awa Kaptue')
	const paul = await learner('Paul Etoundi')
	type Visit = { render: string; header: string; status: string }
	const visit = async (page: (typeof awa)['page']): Promise<Visit> => {
		const response = await page.goto(`${baseURL}${path}`)
		return {
			render: response!.headers()['x-page-render'] ?? 'fresh',
			header: await page.locator('header').innerText(),
			status: await page.getByTestId('lesson-status').innerText(),
		}
	}
	// Each server process keeps its own renders: visit until one is kept.
	const visitsUntilKept = async (page: (typeof awa)['page']) => {
		const visits: Visit[] = []
		while (visits.at(-1)?.render !== 'kept' && visits.length < 6)
			visits.push(await visit(page))
		expect(visits.at(-1)!.render).toBe('kept')
		return visits
	}

	const awaVisits = await visitsUntilKept(awa.page)
	expect(awaVisits[0]!.render).toBe('fresh')
	for (const v of awaVisits) expect(v.header).toContain('Awa Kaptue')
	// The same lesson for another learner: their own page, never Awa's.
	const paulVisits = await visitsUntilKept(paul.page)
	expect(paulVisits[0]!.render).toBe('fresh')
	for (const v of paulVisits) {
		expect(v.header).toContain('Paul Etoundi')
		expect(v.header).not.toContain('Awa')
	}

	// Awa marks the lesson read: the page she is sent back to shows it, and
	// so does every visit after it, kept or not.
	const before = awaVisits[0]!.status
	await awa.page.getByRole('button', { name: "J'ai lu cette leçon" }).click()
	await awa.page.waitForURL(/#quiz$/)
	expect(await awa.page.getByTestId('lesson-status').innerText()).toContain(
		'il reste à réussir le quiz',
	)
	for (const v of await visitsUntilKept(awa.page)) {
		expect(v.status).toContain('il reste à réussir le quiz')
		expect(v.status).not.toBe(before)
	}
	// Paul's page is still his unread one.
	expect((await visit(paul.page)).status).toBe(paulVisits[0]!.status)

	// Without gzip, the same kept page, uncompressed and never stored by a cache.
	const cookie = (await awa.context.cookies())
		.map((c) => `${c.name}=${c.value}`)
		.join('; ')
	let plain: Response | undefined
	for (let i = 0; i < 6 && plain?.headers.get('X-Page-Render') !== 'kept'; i++)
		plain = await fetch(`${baseURL}${path}`, {
			headers: { Cookie: cookie, 'Accept-Encoding': 'identity' },
		})
	expect(plain!.headers.get('X-Page-Render')).toBe('kept')
	expect(plain!.headers.get('Content-Encoding')).toBeNull()
	expect(plain!.headers.get('Cache-Control')).toBe('private, no-store')
	expect(await plain!.text()).toContain('Awa Kaptue')
	await awa.context.close()
	await paul.context.close()
})

test('a page comes compressed once, as the client asks (brotli, gzip or plain), and reads the same', async () => {
	const { signUp } = await import('#tests/support/learner-browser.ts')
	const { page, context } = await newPage(browser, { javaScriptEnabled: false })
	await signUp(page, baseURL, 'Mireille Ngo')
	const cookie = (await context.cookies())
		.map((c) => `${c.name}=${c.value}`)
		.join('; ')
	await context.close()
	const course = (await buildCatalog()).courses[0]!
	const lesson = course.lessons[1]!
	const url = `${baseURL}/courses/${course.slug}/${lesson.slug}`
	// fetch decodes what the server names in Content-Encoding: a page
	// compressed twice would read as binary, not as the plain page.
	const open = async (acceptEncoding: string, form?: URLSearchParams) => {
		const res = await fetch(url, {
			method: form ? 'POST' : 'GET',
			headers: {
				Cookie: cookie,
				'Accept-Encoding': acceptEncoding,
				...(form
					? {
							Origin: baseURL,
							'Content-Type': 'application/x-www-form-urlencoded',
						}
					: {}),
			},
			body: form,
		})
		expect(res.status).toBe(200)
		return {
			encoding: res.headers.get('Content-Encoding'),
			vary: res.headers.get('Vary') ?? '',
			length: Number(res.headers.get('Content-Length')),
			html: await res.text(),
		}
	}
	const plain = await open('identity')
	expect(plain.encoding).toBeNull()
	expect(plain.html).toContain('Mireille Ngo')
	expect(plain.html).toContain('</body></html>')
	expect(Buffer.byteLength(plain.html)).toBe(plain.length)
	for (const [asked, expected] of [
		['gzip, deflate, br, zstd', 'br'],
		['gzip, deflate', 'gzip'],
		['br;q=0.5, gzip', 'gzip'],
		['gzip;q=0, br;q=0', null],
	] as const) {
		const got = await open(asked)
		expect(got.encoding, asked).toBe(expected)
		expect(got.vary).toMatch(/Accept-Encoding/i)
		expect(got.html, asked).toBe(plain.html)
		if (expected) expect(got.length).toBeLessThan(plain.length / 2)
	}

	// A quiz answered: a page rendered for this answer alone, compressed the same way.
	const { passingQuizForm, loadCatalog } =
		await import('#tests/stress/support.ts')
	const answers = loadCatalog()
		.find((c) => c.slug === course.slug)!
		.lessons.find((l) => l.slug === lesson.slug)!
	const answered = await open('gzip, deflate, br', passingQuizForm(answers))
	expect(answered.encoding).toBe('br')
	expect(answered.html).toContain('Mireille Ngo')
	expect(answered.html).toContain('</body></html>')
	expect(answered.html).not.toBe(plain.html)
})
