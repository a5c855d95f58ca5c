import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { createTestUser, TEST_PASSWORD } from '#tests/support/auth.ts'
import {
	HOSTILE_REDIRECTS,
	leavesOrigin,
} from '#tests/support/hostile-redirects.ts'
import { createWorld, type World } from '#tests/support/world.ts'

/**
 * Every route that takes a `redirectTo` (sign-in, sign-up, language, join),
 * against the production server: no hostile value may come back as a
 * Location header, a form's redirect value or a link's redirectTo that a
 * browser would follow to another site.
 */

const baseURL = inject('baseURL')
const origin = new URL(baseURL).origin
let world: World
let identifier: string

beforeAll(async () => {
	world = await createWorld()
	const user = await createTestUser({ name: 'Redirect Tester' })
	identifier = user.email!
})

afterAll(() => {})

function post(path: string, values: Record<string, string>, cookie?: string) {
	return fetch(new URL(path, baseURL), {
		method: 'POST',
		redirect: 'manual',
		headers: {
			Origin: origin,
			'Content-Type': 'application/x-www-form-urlencoded',
			...(cookie ? { Cookie: cookie } : {}),
		},
		body: new URLSearchParams(values),
	})
}

function get(path: string, cookie?: string) {
	return fetch(new URL(path, baseURL), {
		redirect: 'manual',
		headers: cookie ? { Cookie: cookie } : {},
	})
}

/**
 * Every place in a page a browser may be sent to: the redirect value a form
 * posts back, and every link and form target. (A query parameter inside a
 * same-site link is not followed by the browser: the page it opens applies
 * safeRedirect again.)
 */
function redirectTargets(html: string): string[] {
	const decode = (v: string) =>
		v
			.replace(/&amp;/g, '&')
			.replace(/&quot;/g, '"')
			.replace(/&#x27;|&#39;/g, "'")
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
	const targets: string[] = []
	for (const m of html.matchAll(/<input[^>]*name="redirectTo"[^>]*>/g)) {
		const value = /value="([^"]*)"/.exec(m[0])?.[1]
		if (value !== undefined) targets.push(decode(value))
	}
	for (const m of html.matchAll(/(?:href|action)="([^"]*)"/g))
		targets.push(decode(m[1]!))
	return targets
}

function expectStaysOnSite(targets: (string | null)[], label: string) {
	for (const target of targets) {
		if (target === null) continue
		expect(leavesOrigin(target, origin), `${label}: ${target}`).toBe(false)
	}
}

/**
 * A Location header, and the redirect a sign-in page will post back when the
 * Location is one (the value it carries in its form).
 */
async function locationOf(response: Response) {
	const location = response.headers.get('location')
	if (!location) return [location]
	const next = new URL(location, baseURL)
	if (next.origin !== origin || !/^\/(login|signup)$/.test(next.pathname))
		return [location]
	const page = await (await get(next.pathname + next.search)).text()
	return [location, ...redirectTargets(page)]
}

describe.each(HOSTILE_REDIRECTS)('redirectTo %j', (value) => {
	test('sign-in page and sign-in', async () => {
		const page = await get(
			`/login?${new URLSearchParams({ redirectTo: value })}`,
		)
		expect(page.status).toBe(200)
		expectStaysOnSite(redirectTargets(await page.text()), 'GET /login')
		const signedIn = await post('/login', {
			identifier,
			password: TEST_PASSWORD,
			redirectTo: value,
		})
		expect(signedIn.status).toBe(302)
		expectStaysOnSite(await locationOf(signedIn), 'POST /login')
	})

	test('sign-up page and sign-up', async () => {
		const page = await get(
			`/signup?${new URLSearchParams({ redirectTo: value })}`,
		)
		expect(page.status).toBe(200)
		expectStaysOnSite(redirectTargets(await page.text()), 'GET /signup')
		// An identifier that is taken: the answer is the same as for a new one.
		const signedUp = await post('/signup', {
			name: 'Redirect Tester',
			identifier,
			password: 'Another-Long-Passphrase-7',
			confirmPassword: 'Another-Long-Passphrase-7',
			language: 'fr',
			redirectTo: value,
		})
		expect(signedUp.status).toBe(302)
		expectStaysOnSite(await locationOf(signedUp), 'POST /signup')
		const next = await get(signedUp.headers.get('location')!)
		expectStaysOnSite(
			redirectTargets(await next.text()),
			'sign-in after sign-up',
		)
	})

	test('language switch', async () => {
		const switched = await post('/language', { lng: 'en', redirectTo: value })
		expect(switched.status).toBe(302)
		expectStaysOnSite(await locationOf(switched), 'POST /language')
		const unknown = await post('/language', { lng: 'xx', redirectTo: value })
		expectStaysOnSite(
			await locationOf(unknown),
			'POST /language (unknown language)',
		)
	})

	test('join page and joining', async () => {
		const path = `/join/${encodeURIComponent(value)}`
		const page = await get(path)
		expect([200, 404]).toContain(page.status)
		expectStaysOnSite(redirectTargets(await page.text()), `GET ${path}`)
		const joined = await post(path, {})
		expectStaysOnSite(await locationOf(joined), `POST ${path}`)
		const real = await get(
			`/join/${world.params.joinCode}?${new URLSearchParams({ redirectTo: value })}`,
		)
		expectStaysOnSite(redirectTargets(await real.text()), 'GET /join/<code>')
	})
})
