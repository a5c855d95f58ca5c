import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { createSession, SESSION_COOKIE } from '#app/auth/session.server.ts'
import { issueInPerson } from '#app/certificates/issue.server.ts'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import {
	addFollowUp,
	createTrainingSession,
} from '#app/cohorts/enrollments.server.ts'
import { previewImport } from '#app/cohorts/import.server.ts'
import { prisma } from '#app/db.server.ts'
import { launchBrowser } from '#tests/support/browser.ts'
import {
	createWorld,
	WORLD_COURSE,
	type World,
	type WorldRole,
} from '#tests/support/world.ts'

/**
 * Stored XSS: every text a person can store and another person sees (names,
 * places, cohort fields, session titles and notes, follow-up notes,
 * certificate titles, imported names and file names, the browser's
 * User-Agent of a session) holds a script payload. Chromium then opens every
 * page that shows them, as the person the page is for: the payload shows as
 * text, no injected element exists, nothing runs. Each page is opened twice:
 * with the app's CSP, and with the CSP bypassed, so that escaping alone is
 * proven (the CSP is a second wall, not the only one). A last test shows the
 * CSP itself blocks inline script and event-handler attributes.
 */

const baseURL = inject('baseURL')

/** A payload for field `key`: breaks out of attributes, opens a script, and an image whose error handler runs. */
const payload = (key: string) =>
	`${key}"'><script>alert('${key}')</script><img src=x onerror=alert('${key}')>`
/** Without double quotes or separators, for a CSV cell. */
const csvPayload = (key: string) =>
	`${key}'><script>alert('${key}')</script><img src=x onerror=alert('${key}')>`

let browser: Browser
let world: World
let stored: {
	cohortId: string
	enrollmentId: string
	sessionId: string
	joinCode: string
	certCode: string
	batchId: string
}

beforeAll(async () => {
	;[browser, world] = await Promise.all([launchBrowser(), createWorld()])
	const { learner, trainer } = world.users
	await prisma.user.update({
		where: { id: learner.id },
		data: {
			name: payload('NAME'),
			region: payload('REGION').slice(0, 80),
			commune: payload('COMMUNE').slice(0, 80),
		},
	})
	// A session signed in from a browser whose User-Agent is a payload (the account page lists sessions).
	const { token } = await createSession(learner.id, {
		userAgent: payload('AGENT'),
	})
	world.cookies.learner = `${SESSION_COOKIE}=${token}`

	const cohort = await createCohort(trainer, {
		name: payload('COHORT'),
		programme: payload('PROGRAMME'),
		kind: 'entrepreneurship',
		courses: [WORLD_COURSE],
		country: 'CM',
		region: payload('CREGION'),
		communes: [payload('CCOMMUNE')],
		startDate: new Date('2026-01-05'),
		endDate: new Date('2026-12-18'),
		capacity: null,
	})
	const enrollment = await prisma.enrollment.create({
		data: { cohortId: cohort.id, userId: learner.id },
	})
	const session = await createTrainingSession(trainer, cohort.id, {
		kind: 'workshop',
		title: payload('STITLE'),
		date: new Date('2026-03-02'),
		notes: payload('SNOTES'),
	})
	await addFollowUp(
		trainer,
		cohort.id,
		enrollment.id,
		new Date('2026-06-01'),
		payload('FOLLOWUP'),
	)
	await issueInPerson(trainer, cohort.id, {
		userIds: [learner.id],
		title: payload('CERT'),
		description: payload('CERTDESC'),
		hours: 3,
		date: new Date('2026-02-02'),
	})
	const cert = await prisma.certificate.findFirstOrThrow({
		where: { userId: learner.id, kind: 'in_person', cohortId: cohort.id },
	})
	// One valid row (its name is listed) and one with a wrong e-mail (the problem quotes it).
	const roster = `nom;email;commune\n${csvPayload('IMPORTED')};importe@example.test;Douala 1\nAwa Fouda;${csvPayload('IEMAIL')};Douala 2\n`
	const preview = await previewImport(trainer, cohort.id, {
		name: `${csvPayload('FILE')}.csv`,
		bytes: new TextEncoder().encode(roster),
	})
	if (!preview?.ok || !session)
		throw new Error(
			`The payloads could not be stored: ${JSON.stringify(preview)}`,
		)
	stored = {
		cohortId: cohort.id,
		enrollmentId: enrollment.id,
		sessionId: session.id,
		joinCode: cohort.joinCode,
		certCode: cert.code,
		batchId: preview.batchId,
	}
})

afterAll(async () => {
	await browser?.close()
})

type PageCase = {
	name: string
	url: () => string
	role: WorldRole
	shows: string[]
}
const PAGES: PageCase[] = [
	{
		name: 'account',
		role: 'learner',
		url: () => '/account',
		shows: ['NAME'],
	},
	{
		name: 'account profile',
		role: 'learner',
		url: () => '/account/profile',
		shows: ['NAME', 'REGION', 'COMMUNE'],
	},
	{
		name: 'account sessions',
		role: 'learner',
		url: () => '/account/sessions',
		shows: ['NAME', 'AGENT'],
	},
	{
		name: 'my certificates',
		role: 'learner',
		url: () => '/account/certificates',
		shows: ['CERT'],
	},
	{
		name: 'join page',
		role: 'learner',
		url: () => `/join/${stored.joinCode}`,
		shows: ['COHORT'],
	},
	{
		name: 'course',
		role: 'learner',
		url: () => `/courses/${WORLD_COURSE}`,
		shows: ['NAME'],
	},
	{
		name: 'verification',
		role: 'visitor',
		url: () => `/verify/${stored.certCode}`,
		shows: ['CERT', 'NAME'],
	},
	{
		name: 'cohort list',
		role: 'trainer',
		url: () => '/cohorts',
		shows: ['COHORT', 'PROGRAMME'],
	},
	{
		name: 'cohort dashboard',
		role: 'trainer',
		url: () => `/cohorts/${stored.cohortId}`,
		shows: ['COHORT', 'NAME'],
	},
	{
		name: 'cohort settings',
		role: 'trainer',
		url: () => `/cohorts/${stored.cohortId}/settings`,
		shows: ['COHORT', 'PROGRAMME', 'CREGION', 'CCOMMUNE'],
	},
	{
		name: 'learner in cohort',
		role: 'trainer',
		url: () => `/cohorts/${stored.cohortId}/learners/${stored.enrollmentId}`,
		shows: ['NAME', 'FOLLOWUP'],
	},
	{
		name: 'training sessions',
		role: 'trainer',
		url: () => `/cohorts/${stored.cohortId}/sessions`,
		shows: ['STITLE'],
	},
	{
		name: 'training session',
		role: 'trainer',
		url: () => `/cohorts/${stored.cohortId}/sessions/${stored.sessionId}`,
		shows: ['STITLE', 'SNOTES', 'NAME'],
	},
	{
		name: 'cohort certificates',
		role: 'trainer',
		url: () => `/cohorts/${stored.cohortId}/certificates`,
		shows: ['NAME', 'CERT'],
	},
	{
		name: 'import preview',
		role: 'trainer',
		url: () => `/cohorts/${stored.cohortId}/import?batch=${stored.batchId}`,
		shows: ['IMPORTED', 'IEMAIL', 'FILE'],
	},
	{
		name: 'people',
		role: 'admin',
		url: () => `/admin/users?q=${encodeURIComponent('NAME"')}`,
		shows: ['NAME'],
	},
	{
		name: 'reports',
		role: 'admin',
		url: () => '/reports',
		shows: ['PROGRAMME', 'CREGION'],
	},
]

/** Everything a person can read on the page: its text, what the form fields and menus hold, and tooltips. */
async function pageText(context: BrowserContext, role: WorldRole, url: string) {
	const page = await context.newPage()
	const dialogs: string[] = []
	const errors: string[] = []
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message())
		void dialog.dismiss()
	})
	page.on('pageerror', (error) => errors.push(error.message))
	const cookie = world.cookies[role]
	await context.clearCookies()
	if (cookie) {
		const [name, value] = cookie.split('=', 2) as [string, string]
		await context.addCookies([{ name, value, url: baseURL }])
	}
	const response = await page.goto(`${baseURL}${url}`)
	await page.waitForLoadState('load')
	// Images fail and their handlers would run right after load: give them the time to.
	await page.waitForTimeout(100)
	const seen = await page.evaluate(() => ({
		text: [
			document.body.innerText,
			...[
				...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
					'input, textarea',
				),
			].map((f) => f.value),
			...[...document.querySelectorAll('option')].map((o) => o.text),
			...[...document.querySelectorAll('[title]')].map((el) =>
				el.getAttribute('title'),
			),
		].join('\n'),
		injected: [
			...document.querySelectorAll(
				'img[src="x"], svg[onload], [onerror], [onload]',
			),
		].map((el) => el.outerHTML.slice(0, 120)),
		// The app's own inline script (Remix's data, nonced) holds the payloads as JSON strings: only a script that *is* a payload counts.
		scripts: [...document.scripts]
			.filter((s) => /^alert\(/.test(s.textContent?.trim() ?? ''))
			.map((s) => s.outerHTML.slice(0, 120)),
		violations:
			(window as unknown as { __cspViolations?: string[] }).__cspViolations ??
			[],
	}))
	await page.close()
	return { status: response?.status(), dialogs, errors, ...seen }
}

for (const mode of [
	'with the CSP',
	'with the CSP bypassed (escaping alone)',
] as const) {
	describe(`stored payloads are shown as text, ${mode}`, () => {
		let context: BrowserContext
		beforeAll(async () => {
			context = await browser.newContext({
				locale: 'fr-FR',
				bypassCSP: mode !== 'with the CSP',
			})
			await context.addInitScript(() => {
				const found: string[] = []
				;(window as unknown as { __cspViolations: string[] }).__cspViolations =
					found
				document.addEventListener('securitypolicyviolation', (e) =>
					found.push(`${e.violatedDirective}: ${e.sample || e.blockedURI}`),
				)
			})
		})
		afterAll(async () => {
			await context?.close()
		})

		test.for(PAGES)('$name ($role)', async ({ url, role, shows }) => {
			const path = url()
			const seen = await pageText(context, role, path)
			expect(seen.status, path).toBe(200)
			expect(seen.dialogs, `alert() ran on ${path}`).toEqual([])
			expect(seen.injected, `elements made from a payload on ${path}`).toEqual(
				[],
			)
			expect(
				seen.scripts,
				`script elements made from a payload on ${path}`,
			).toEqual([])
			expect(
				seen.violations,
				`CSP violations on ${path} (something tried to run)`,
			).toEqual([])
			expect(seen.errors, `script errors on ${path}`).toEqual([])
			for (const key of shows) {
				// Shown literally, as typed (a field limited to 80 characters holds the start of it).
				const expected =
					key === 'REGION' || key === 'COMMUNE'
						? payload(key).slice(0, 80)
						: key === 'IMPORTED' || key === 'IEMAIL' || key === 'FILE'
							? csvPayload(key)
							: payload(key)
				expect(seen.text, `${key} as text on ${path}`).toContain(expected)
			}
		})
	})
}

describe('the Content-Security-Policy', () => {
	test('every page type sends a strict policy with a fresh nonce', async () => {
		const paths = [
			'/',
			'/courses',
			`/courses/${WORLD_COURSE}`,
			'/login',
			'/verify',
			`/verify/${world.params.code}`,
		]
		const nonces = new Set<string>()
		for (const path of [...paths, '/']) {
			const response = await fetch(`${baseURL}${path}`, {
				headers: { Cookie: 'lng=fr' },
			})
			expect(response.status, path).toBe(200)
			const policy = response.headers.get('content-security-policy') ?? ''
			const directives: Record<string, string[]> = Object.fromEntries(
				policy
					.split(';')
					.map((d) => d.trim().split(/\s+/))
					.map(([name, ...values]) => [name, values]),
			)
			expect(directives['script-src'], `${path}: ${policy}`).toContain("'self'")
			expect(directives['script-src']!.join(' '), path).not.toMatch(
				/unsafe-inline|unsafe-eval|\*|data:/,
			)
			const nonce = directives['script-src']!.find((v) =>
				v.startsWith("'nonce-"),
			)
			expect(nonce, `${path}: a nonce`).toBeTruthy()
			nonces.add(nonce!)
			expect(directives['object-src']).toEqual(["'none'"])
			expect(directives['base-uri']).toEqual(["'self'"])
			expect(directives['frame-ancestors']).toEqual(["'none'"])
			expect(directives['form-action']).toEqual(["'self'"])
		}
		expect(nonces.size, 'one nonce per response').toBe(paths.length + 1)
	})

	test('in Chromium, inline script and event-handler attributes added to a page are blocked (and run when the CSP is bypassed)', async () => {
		const inject = async (bypassCSP: boolean) => {
			const context = await browser.newContext({ bypassCSP })
			const page = await context.newPage()
			// The lesson page has no script of its own; the cohort dashboard is hydrated by React: both kinds.
			const results = []
			for (const path of [
				`/courses/${WORLD_COURSE}/${world.params.lesson}`,
				'/login',
			]) {
				await page.goto(`${baseURL}${path}`)
				results.push(
					await page.evaluate(async () => {
						const w = window as unknown as {
							inlineRan?: boolean
							attributeRan?: boolean
						}
						const violations: string[] = []
						document.addEventListener('securitypolicyviolation', (e) =>
							violations.push(e.violatedDirective),
						)
						const script = document.createElement('script')
						script.textContent = 'window.inlineRan = true'
						document.body.append(script)
						const img = document.createElement('img')
						img.setAttribute('onerror', 'window.attributeRan = true')
						img.src = 'data:,not-an-image'
						document.body.append(img)
						await new Promise((resolve) => setTimeout(resolve, 200))
						return {
							inline: Boolean(w.inlineRan),
							attribute: Boolean(w.attributeRan),
							violations: [...new Set(violations)].sort(),
						}
					}),
				)
			}
			await context.close()
			return results
		}
		for (const result of await inject(false))
			expect(result).toEqual({
				inline: false,
				attribute: false,
				violations: ['script-src-attr', 'script-src-elem'],
			})
		for (const result of await inject(true))
			expect(result).toEqual({ inline: true, attribute: true, violations: [] })
	})
})
