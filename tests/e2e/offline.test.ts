import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import type { OfflinePack } from '#app/offline/protocol.ts'
import { launchBrowser, newPage } from '#tests/support/browser.ts'
import { courseWithAnswers, signUp } from '#tests/support/learner-browser.ts'

/**
 * Offline use in Chromium against the production server, with the network
 * cut by the browser (context.setOffline) or by route interception: pages
 * visited and courses saved open without a connection, quiz answers made
 * offline wait on the phone and are recorded once when they arrive (also
 * when the same request reaches the server twice), and nothing personal
 * stays on the phone after sign-out.
 */

const baseURL = inject('baseURL')
const databaseFile = path.join(inject('serverDataDir'), 'essor.db')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

const VISITED = { course: 'genre-et-inclusion', lesson: 'pourquoi-l-egalite' }
const SAVED = {
	course: 'loi-cadre-economie-sociale',
	lesson: 'textes-d-application',
}
const lessonPath = ({ course, lesson }: { course: string; lesson: string }) =>
	`/courses/${course}/${lesson}`

/** Reads the server's database (read only) as the test sees it. */
function query<T>(sql: string, ...params: unknown[]): T[] {
	const db = new Database(databaseFile, { readonly: true })
	try {
		return db.prepare(sql).all(...params) as T[]
	} finally {
		db.close()
	}
}

function attemptsOf(email: string, lesson: string) {
	return query<{ number: number; clientId: string | null; passed: number }>(
		`SELECT a.number, a.clientId, a.passed FROM QuizAttempt a JOIN User u ON u.id = a.userId
		 WHERE u.email = ? AND a.lessonSlug = ?`,
		email,
		lesson,
	)
}

/** Waits until the service worker controls the page (it claims pages once active). */
async function serviceWorkerReady(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready
		if (!navigator.serviceWorker.controller)
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, {
					once: true,
				}),
			)
	})
}

/** Ticks the right choices of every question the page's quiz shows, then submits. */
async function answerRight(page: Page, courseSlug: string, lessonSlug: string) {
	const course = await courseWithAnswers(courseSlug)
	const lesson = course.lessons.find((l) => l.slug === lessonSlug)!
	const shown = await page
		.locator('#quiz fieldset[data-question]')
		.evaluateAll((sets) => sets.map((s) => s.getAttribute('data-question')!))
	expect(shown.length).toBeGreaterThan(0)
	for (const id of shown)
		for (const c of lesson.i18n.fr.quiz
			.find((q) => q.id === id)!
			.choices.filter((c) => c.correct))
			await page.locator(`#q-${id}-${c.id}`).check()
	await page.getByRole('button', { name: 'Valider mes réponses' }).click()
}

async function saveCourse(page: Page, course: string) {
	await page.goto(`${baseURL}/courses/${course}`)
	const section = page.locator('section[data-offline-pack]')
	const status = section.getByRole('status')
	// The size comes first, as the server measured the pack.
	await expect
		.poll(() => status.innerText())
		.toMatch(/^Taille du téléchargement : \d+\sko\.$/)
	const pack = (await (
		await page.request.get(`${baseURL}/courses/${course}/offline-pack.json`)
	).json()) as OfflinePack
	expect(await status.innerText()).toContain(
		`${Math.round(pack.bytes / 1000)}\u202fko`,
	)
	await section
		.getByRole('button', {
			name: 'Enregistrer pour une utilisation hors connexion',
		})
		.click()
	await expect
		.poll(() => status.innerText(), { timeout: 30_000 })
		.toMatch(/^Enregistrée sur ce téléphone le .+\(\d+\sko\)\.$/)
	expect(
		await section.getByRole('button').innerText(),
		'the button now updates the saved copy',
	).toBe('Mettre à jour')
	return pack
}

function readMarksOf(email: string) {
	return query<{ lessonSlug: string; clientId: string | null }>(
		`SELECT r.lessonSlug, r.clientId FROM LessonRead r JOIN User u ON u.id = r.userId WHERE u.email = ?`,
		email,
	)
}

async function expectOfflinePage(page: Page) {
	expect(await page.locator('h1').innerText()).toBe('Vous êtes hors connexion')
}

async function styled(page: Page) {
	return page.evaluate(
		() =>
			getComputedStyle(document.querySelector('.site-header')!).backgroundColor,
	)
}

test('a learner reads a visited lesson and a saved course offline, answers a quiz offline, and the attempt is recorded once when the connection returns, also when the request reaches the server twice', async () => {
	const { page, context } = await newPage(browser)
	const email = await signUp(page, baseURL, 'Aïcha Bello')
	await page.goto(`${baseURL}/courses/${VISITED.course}`)
	await serviceWorkerReady(page)
	await page.goto(`${baseURL}${lessonPath(VISITED)}`)
	const visitedTitle = await page.locator('h1').innerText()
	const headerColour = await styled(page)
	const pack = await saveCourse(page, SAVED.course)
	expect(pack.items.filter((i) => i.kind === 'page')).toHaveLength(
		(await courseWithAnswers(SAVED.course)).lessons.length + 1,
	)
	expect(pack.items.map((i) => i.url)).toEqual(
		expect.arrayContaining([
			'/offline.js',
			expect.stringMatching(/^\/assets\/.+\.css$/),
		]),
	)

	await context.setOffline(true)
	// A lesson visited before: text, styles and the learner's own header.
	await page.goto(`${baseURL}${lessonPath(VISITED)}`)
	expect(await page.locator('h1').innerText()).toBe(visitedTitle)
	expect(await styled(page)).toBe(headerColour)
	expect(await page.getByTestId('account-link').innerText()).toBe('Aïcha Bello')
	// "I have read this lesson", without a connection: noted on the phone.
	await page.getByRole('button', { name: "J'ai lu cette leçon" }).click()
	await page.locator('#offline-read').waitFor()
	expect(await page.locator('#offline-read').innerText()).toMatch(
		/^Lecture notée sur ce téléphone le .+ : elle sera envoyée au retour de la connexion\.$/,
	)
	// A lesson never opened, saved with its course.
	await page.goto(`${baseURL}${lessonPath(SAVED)}`)
	const saved = (await courseWithAnswers(SAVED.course)).lessons.find(
		(l) => l.slug === SAVED.lesson,
	)!
	expect(await page.locator('h1').innerText()).toBe(saved.i18n.fr.title)
	expect(await styled(page)).toBe(headerColour)
	// A page never opened nor saved: the offline page, in French.
	await page.goto(`${baseURL}/courses/creer-son-entreprise`)
	await expectOfflinePage(page)
	expect(await styled(page)).toBe(headerColour)
	const savedHere = page.locator('[data-offline-saved]')
	expect(await savedHere.locator('h2').innerText()).toBe(
		'Formations enregistrées sur ce téléphone',
	)
	expect(
		await savedHere
			.getByRole('link', { name: pack.title })
			.getAttribute('href'),
	).toBe(`/courses/${SAVED.course}`)
	expect(await page.getByRole('link', { name: 'Réessayer' }).isVisible()).toBe(
		true,
	)

	// The quiz, answered without a connection: kept on the phone.
	await page.goto(`${baseURL}${lessonPath(SAVED)}`)
	await answerRight(page, SAVED.course, SAVED.lesson)
	const kept = page.locator('#offline-quiz')
	await kept.waitFor()
	expect(await kept.innerText()).toMatch(
		/^Vos réponses à la tentative 1 sont gardées sur ce téléphone depuis le .+\. Elles seront envoyées et corrigées au retour de la connexion\.$/,
	)
	expect(await page.locator('#quiz form').isHidden()).toBe(true)
	const queue = page.locator('#offline-queue')
	expect(await queue.locator('summary').innerText()).toBe(
		'Envois depuis ce téléphone : 2 en attente, 0 terminé(s)',
	)
	expect(attemptsOf(email, SAVED.lesson)).toEqual([])
	expect(readMarksOf(email)).toEqual([])

	// The connection returns, but the server's answer to the first send is
	// lost on the way: the phone sends the same request again.
	const sent: { body: string; headers: Record<string, string> }[] = []
	const lesson = `${baseURL}${lessonPath(SAVED)}`
	await context.route(lesson, async (route: Route) => {
		const request = route.request()
		if (request.method() !== 'POST') return route.fallback()
		sent.push({
			body: request.postData()!,
			headers: await request.allHeaders(),
		})
		const response = await route.fetch()
		if (sent.length === 1) return route.abort('connectionreset')
		await route.fulfill({ response })
	})
	await context.setOffline(false)
	await expect.poll(() => sent.length, { timeout: 15_000 }).toBeGreaterThan(0)
	// The next page opened online sends what is still waiting.
	await page.goto(`${baseURL}/courses/${SAVED.course}`)
	await expect
		.poll(() => queue.locator('li[data-state=sent]').count(), {
			timeout: 30_000,
		})
		.toBe(2)
	await context.unroute(lesson)
	expect(sent.length).toBe(2)
	expect(sent[1]!.body).toBe(sent[0]!.body)
	const clientId = new URLSearchParams(sent[0]!.body).get('clientId')
	expect(clientId).toMatch(/^[0-9a-f]{32}$/)
	const recorded = attemptsOf(email, SAVED.lesson)
	expect(recorded).toEqual([{ number: 1, clientId, passed: 1 }])
	const [mark] = readMarksOf(email)
	expect(mark).toMatchObject({ lessonSlug: VISITED.lesson })
	expect(mark!.clientId).toMatch(/^[0-9a-f]{32}$/)
	expect(readMarksOf(email)).toHaveLength(1)

	// The same request sent once more by hand: the first result, nothing new.
	const replayed = await page.evaluate(
		async ({ url, body, owner }) => {
			const res = await fetch(url, {
				method: 'POST',
				body,
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					'X-Essor-Offline-Owner': owner,
				},
			})
			return { status: res.status, text: await res.text() }
		},
		{
			url: lesson,
			body: sent[0]!.body,
			owner: sent[0]!.headers['x-essor-offline-owner']!,
		},
	)
	expect(replayed.status).toBe(200)
	expect(replayed.text).toContain('Quiz réussi')
	expect(attemptsOf(email, SAVED.lesson)).toHaveLength(1)

	// The learner sees when it was sent, and its result (kept on the phone too).
	expect(await queue.locator('summary').innerText()).toBe(
		'Envois depuis ce téléphone : 0 en attente, 2 terminé(s)',
	)
	await queue.locator('summary').click()
	const item = await queue.locator('li').nth(1).innerText()
	expect(item).toMatch(/ : envoyé le .+ Voir le résultat$/)
	expect(item).toContain(`Quiz « ${saved.i18n.fr.title} », tentative 1`)
	await queue.getByRole('link', { name: 'Voir le résultat' }).nth(1).click()
	await page.locator('#quiz-result').waitFor()
	expect(await page.locator('#quiz-result').innerText()).toContain(
		'Quiz réussi',
	)
	await context.setOffline(true)
	await page.reload()
	expect(await page.locator('#quiz-result').innerText()).toContain(
		'Quiz réussi',
	)
	await context.setOffline(false)
	// Opened online again, the lesson says it is validated.
	await page.goto(lesson)
	expect(await page.getByTestId('lesson-status').innerText()).toContain(
		'Leçon validée',
	)
	await context.close()
})

async function personalCaches(page: Page) {
	return page.evaluate(async () =>
		(await caches.keys()).filter(
			(k) => k.startsWith('essor-pages-') && k !== 'essor-pages-anon',
		),
	)
}

test('after sign-out, no personal page opens from the cache offline, and answers not yet sent are announced, then dropped', async () => {
	const { page, context } = await newPage(browser)
	const email = await signUp(page, baseURL, 'Joseph Ndongo')
	await page.goto(`${baseURL}/courses/${VISITED.course}`)
	await serviceWorkerReady(page)
	await saveCourse(page, VISITED.course)
	await page.goto(`${baseURL}/training`)
	await page.goto(`${baseURL}${lessonPath(VISITED)}`)
	expect(await personalCaches(page)).toHaveLength(1)

	// Online sign-out: the learner's pages leave the phone.
	await page.getByRole('button', { name: 'Se déconnecter' }).click()
	await page.waitForURL(`${baseURL}/`)
	expect(await personalCaches(page)).toEqual([])
	await context.setOffline(true)
	for (const url of [
		lessonPath(VISITED),
		`/courses/${VISITED.course}`,
		'/training',
	]) {
		await page.goto(`${baseURL}${url}`)
		const html = await page.content()
		expect(html, url).not.toContain('Joseph Ndongo')
		expect(await page.getByTestId('account-link').count(), url).toBe(0)
	}
	await context.setOffline(false)

	// Signed in again, an answer made offline, then a sign-out without a connection.
	await page.goto(`${baseURL}/login`)
	await page.getByLabel('Adresse e-mail ou numéro de téléphone').fill(email)
	await page
		.getByLabel('Mot de passe', { exact: true })
		.fill('Une-phrase-facile-2026')
	await page.getByRole('button', { name: 'Se connecter' }).last().click()
	await page.waitForURL((url) => url.pathname !== '/login')
	await page.goto(`${baseURL}${lessonPath(VISITED)}`)
	await context.setOffline(true)
	await answerRight(page, VISITED.course, VISITED.lesson)
	await page.locator('#offline-quiz').waitFor()
	const dialogs: string[] = []
	page.once('dialog', (dialog) => {
		dialogs.push(dialog.message())
		void dialog.accept()
	})
	await page.getByRole('button', { name: 'Se déconnecter' }).click()
	await page.waitForURL(`${baseURL}/`)
	expect(dialogs).toEqual([
		"1 envoi(s) n'ont pas encore pu partir. Vous déconnecter les efface de ce téléphone. Vous déconnecter quand même ?",
	])
	expect(await personalCaches(page)).toEqual([])
	await page.goto(`${baseURL}${lessonPath(VISITED)}`)
	expect(await page.content()).not.toContain('Joseph Ndongo')
	expect(await page.locator('#offline-queue').count()).toBe(0)

	// Back online: the session is ended on the server first; the answer was dropped.
	await context.setOffline(false)
	await page.goto(`${baseURL}/training`)
	expect(new URL(page.url()).pathname).toBe('/login')
	expect(attemptsOf(email, VISITED.lesson)).toEqual([])
	await context.close()
})

test('a new version of a saved lesson replaces the kept one the next time the phone is online; unchanged lessons are not downloaded again', async () => {
	const { page, context } = await newPage(browser)
	await signUp(page, baseURL, 'Fatou Mbarga')
	await page.goto(`${baseURL}/courses/${SAVED.course}`)
	await serviceWorkerReady(page)
	const pack = await saveCourse(page, SAVED.course)

	// The server now has a new version of one lesson.
	const changed = lessonPath(SAVED)
	const fetched: string[] = []
	await context.route(
		`${baseURL}/courses/${SAVED.course}/**`,
		async (route) => {
			const url = new URL(route.request().url())
			fetched.push(url.pathname)
			const response = await route.fetch()
			if (url.pathname.endsWith('/offline-pack.json')) {
				const next = (await response.json()) as OfflinePack
				for (const item of next.items)
					if (item.url === changed) item.version = 'nouvelle-version'
				return route.fulfill({ response, json: next })
			}
			if (url.pathname === changed)
				return route.fulfill({
					response,
					body: (await response.text()).replace('<h1>', '<h1>Version revue : '),
				})
			await route.fulfill({ response })
		},
	)
	await page.evaluate(
		() =>
			new Promise((resolve) => {
				const channel = new MessageChannel()
				channel.port1.onmessage = resolve
				navigator.serviceWorker.controller!.postMessage(
					{ type: 'refresh', force: true },
					[channel.port2],
				)
			}),
	)
	await context.unroute(`${baseURL}/courses/${SAVED.course}/**`)
	expect(fetched).toEqual([
		`/courses/${SAVED.course}/offline-pack.json`,
		changed,
	])
	expect(pack.items.length).toBeGreaterThan(2)

	await context.setOffline(true)
	await page.goto(`${baseURL}${changed}`)
	expect(await page.locator('h1').innerText()).toMatch(/^Version revue : /)
	await context.close()
})

test('the app is installable in the page’s language: manifest, icons, theme colour; the service worker is revalidated on every visit', async () => {
	for (const [lang, name] of [
		['fr', "Essor — se former à l'économie sociale et solidaire"],
		['en', 'Essor — learning the social and solidarity economy'],
	] as const) {
		const page = await fetch(`${baseURL}/courses`, {
			headers: { Cookie: `lng=${lang}` },
		}).then((r) => r.text())
		expect(page).toContain(
			`<link rel="manifest" href="/manifest.${lang}.webmanifest"/>`,
		)
		expect(page).toContain('<meta name="theme-color" content="#0b6e4f"/>')
		const res = await fetch(`${baseURL}/manifest.${lang}.webmanifest`)
		expect(res.headers.get('content-type')).toContain(
			'application/manifest+json',
		)
		const manifest = (await res.json()) as {
			name: string
			short_name: string
			lang: string
			start_url: string
			id: string
			theme_color: string
			icons: { src: string; sizes: string; purpose?: string }[]
		}
		expect(manifest).toMatchObject({
			name,
			short_name: 'Essor',
			lang,
			start_url: '/',
			id: '/',
			theme_color: '#0b6e4f',
		})
		for (const icon of manifest.icons.filter((i) => i.src.endsWith('.png'))) {
			const png = Buffer.from(
				await (await fetch(`${baseURL}${icon.src}`)).arrayBuffer(),
			)
			// PNG signature, then the IHDR chunk's width and height.
			expect(png.subarray(1, 4).toString()).toBe('PNG')
			expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes)
		}
		expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true)
	}
	for (const file of ['/sw.js', '/offline.js']) {
		const res = await fetch(`${baseURL}${file}`)
		expect(res.status).toBe(200)
		expect(res.headers.get('cache-control')).toBe('no-cache')
		expect(res.headers.get('content-type')).toContain('javascript')
	}
})

test('without JavaScript, reading and quizzes work as before and saving a course is not offered, but explained', async () => {
	const context: BrowserContext = await browser.newContext({
		locale: 'fr-FR',
		javaScriptEnabled: false,
	})
	const page = await context.newPage()
	await page.goto(`${baseURL}/courses/${SAVED.course}`)
	expect(await page.locator('section[data-offline-pack]').isHidden()).toBe(true)
	expect(
		await page.getByRole('button', { name: /hors connexion/ }).count(),
	).toBe(0)
	expect(await page.locator('noscript').innerText()).toContain(
		'demande JavaScript',
	)
	await page.goto(`${baseURL}${lessonPath(SAVED)}`)
	expect(
		await page
			.locator('script')
			.evaluateAll((s) => s.map((e) => e.getAttribute('src'))),
	).toEqual(['/offline.js'])
	expect(await page.locator('input[name=clientId]').count()).toBe(0)
	await context.close()
})

test('without a connection, a link followed on a hydrated page opens the kept page instead of an error', async () => {
	const { page, context } = await newPage(browser)
	await page.goto(`${baseURL}/`)
	await serviceWorkerReady(page)
	await page.goto(`${baseURL}/courses`)
	const catalogTitle = await page.locator('h1').innerText()
	await page.goto(`${baseURL}/`)
	// The home page is hydrated: its header links navigate on the client (a .data request).
	await page.waitForFunction(() => '__remixRouter' in window)
	await page.waitForLoadState('networkidle')
	await context.setOffline(true)
	await page
		.getByRole('navigation', { name: 'Navigation principale' })
		.getByRole('link', { name: 'Formations' })
		.click()
	await page.waitForURL(`${baseURL}/courses`)
	await expect.poll(() => page.locator('h1').innerText()).toBe(catalogTitle)
	await page.getByRole('link', { name: 'Vérifier un certificat' }).click()
	await page.waitForURL(`${baseURL}/verify`)
	await expectOfflinePage(page)
	await context.close()
})
