import http from 'node:http'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { launchBrowser, newPage } from '#tests/support/browser.ts'
import { startAppServer, type RunningServer } from '#tests/support/server.ts'
import { DEMO_JOIN_CODE, DEMO_PASSWORD } from '../../prisma/seed.ts'

/**
 * Trust findings of an outside test, against the production server: a
 * public start never opens a known password; X-Forwarded-For cannot be
 * forged past TRUST_PROXY; cached pages run their scripts; no empty 500 for
 * a foreign Origin or an odd method.
 */

const baseURL = inject('baseURL')

/** A raw HTTP request (fetch refuses TRACE and a Host of our choosing). */
function raw(
	url: string,
	{
		method = 'GET',
		headers = {},
		body,
	}: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{
	status: number
	headers: http.IncomingHttpHeaders
	text: string
}> {
	return new Promise((resolve, reject) => {
		const target = new URL(url)
		const req = http.request(
			{
				host: '127.0.0.1',
				port: target.port,
				path: target.pathname + target.search,
				method,
				headers,
			},
			(res) => {
				let text = ''
				res.setEncoding('utf8')
				res.on('data', (d: string) => (text += d))
				res.on('end', () =>
					resolve({ status: res.statusCode!, headers: res.headers, text }),
				)
			},
		)
		req.on('error', reject)
		if (body) req.write(body)
		req.end()
	})
}

async function signIn(
	url: string,
	identifier: string,
	password: string,
	headers: Record<string, string> = {},
) {
	return fetch(`${url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			...headers,
		},
		body: new URLSearchParams({ identifier, password }),
	})
}

const sessionCookie = (res: Response) =>
	res.headers
		.getSetCookie()
		.find((c) => c.startsWith('essor_session='))
		?.split(';')[0] ?? null

describe('no empty 500s (point 10)', () => {
	test('a POST whose Origin is ours but not the host the request names gets the named 403', async () => {
		const origin = new URL(baseURL).origin
		const cases: Record<string, string>[] = [
			{ Origin: origin, Host: 'other.example' },
			{ Origin: origin, 'X-Forwarded-Host': 'other.example' },
			{ Origin: 'not a url' },
			{ Origin: 'https://evil.example' },
		]
		for (const headers of cases) {
			const res = await raw(`${baseURL}/login`, {
				method: 'POST',
				headers: {
					...headers,
					'Content-Type': 'application/x-www-form-urlencoded',
					'Content-Length': '13',
				},
				body: 'identifier=x&',
			})
			expect(res.status, JSON.stringify(headers)).toBe(403)
			expect(res.text).toBe('Requête d’une autre origine refusée.')
		}
	})

	test('TRACE, PUT, DELETE and OPTIONS get a named 405 with Allow, in the visitor’s language', async () => {
		for (const method of ['TRACE', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
			const res = await raw(`${baseURL}/login`, {
				method,
				headers: { 'Accept-Language': 'en' },
			})
			expect(res.status, method).toBe(405)
			expect(res.headers.allow).toBe('GET, HEAD, POST')
			expect(res.text).toBe('Method not allowed: only GET, HEAD, POST are.')
		}
	})
})

describe('cached pages run their scripts (point 6)', () => {
	test('the home page hydrates on a page-cache hit: its scripts carry this response’s nonce', async () => {
		const browser = await launchBrowser()
		let hits = 0
		try {
			// Each server worker has its own cache: visit until one serves a hit.
			for (let visit = 0; visit < 6 && hits < 2; visit++) {
				const { context, page } = await newPage(browser)
				const refused: string[] = []
				page.on('console', (m) => {
					if (/Content Security Policy|Refused to/i.test(m.text()))
						refused.push(m.text())
				})
				const response = await page.goto(`${baseURL}/`)
				if (response!.headers()['x-page-cache'] === 'hit') hits++
				const csp = response!.headers()['content-security-policy']!
				const nonce = /'nonce-([^']+)'/.exec(csp)![1]!
				await page.waitForFunction(
					() =>
						typeof (window as { __remixRouter?: unknown }).__remixRouter ===
						'object',
					undefined,
					{ timeout: 15_000 },
				)
				const nonces = await page.$$eval('script', (scripts) =>
					scripts.map((s) => s.nonce).filter(Boolean),
				)
				expect(nonces.length).toBeGreaterThan(0)
				expect(new Set(nonces)).toEqual(new Set([nonce]))
				expect(refused).toEqual([])
				await context.close()
			}
		} finally {
			await browser.close()
		}
		expect(hits).toBeGreaterThan(0)
	})
})

describe('client addresses behind a proxy (point 4)', () => {
	let server: RunningServer
	beforeAll(async () => {
		server = await startAppServer({ TRUST_PROXY: '1' })
	})
	afterAll(() => server?.stop())

	test('with one trusted proxy, changing the left-most X-Forwarded-For does not escape the lockout', async () => {
		for (let i = 0; i < 10; i++) {
			const res = await signIn(server.url, 'admin@essor.demo', `faux-${i}`, {
				'X-Forwarded-For': `10.9.8.${i}, 198.51.100.9`,
			})
			expect(res.status, `attempt ${i + 1}`).toBe(400)
		}
		const refused = await signIn(
			server.url,
			'admin@essor.demo',
			DEMO_PASSWORD,
			{
				'X-Forwarded-For': '10.9.8.200, 198.51.100.9',
			},
		)
		expect(refused.status).toBe(429)
		// The address the proxy saw is another person: not locked out.
		const owner = await signIn(server.url, 'admin@essor.demo', DEMO_PASSWORD, {
			'X-Forwarded-For': '198.51.100.10',
		})
		expect(owner.status).toBe(302)
	})

	test('TRUST_PROXY as an address list: a peer on the list is a proxy, one not on it is the client whatever it writes', async () => {
		// The test's requests come from 127.0.0.1: named by the list (as
		// `loopback`), the address before it in X-Forwarded-For is the client's.
		const listed = await startAppServer({ TRUST_PROXY: '10.0.0.2, loopback' })
		try {
			for (let i = 0; i < 10; i++)
				await signIn(listed.url, 'admin@essor.demo', `faux-${i}`, {
					'X-Forwarded-For': `10.9.8.${i}, 198.51.100.9`,
				})
			const refused = await signIn(
				listed.url,
				'admin@essor.demo',
				DEMO_PASSWORD,
				{ 'X-Forwarded-For': '10.9.8.200, 198.51.100.9' },
			)
			expect(refused.status).toBe(429)
			const owner = await signIn(
				listed.url,
				'admin@essor.demo',
				DEMO_PASSWORD,
				{ 'X-Forwarded-For': '198.51.100.10' },
			)
			expect(owner.status).toBe(302)
		} finally {
			await listed.stop()
		}
		// Not on the list: X-Forwarded-For is ignored, so writing another
		// address there does not escape the lockout of 127.0.0.1.
		const unlisted = await startAppServer({ TRUST_PROXY: '10.0.0.2' })
		try {
			for (let i = 0; i < 10; i++)
				await signIn(unlisted.url, 'admin@essor.demo', `faux-${i}`, {
					'X-Forwarded-For': `198.51.100.${i}`,
				})
			const forged = await signIn(
				unlisted.url,
				'admin@essor.demo',
				DEMO_PASSWORD,
				{ 'X-Forwarded-For': '198.51.100.77' },
			)
			expect(forged.status).toBe(429)
		} finally {
			await unlisted.stop()
		}
	})

	test('TRUST_PROXY with something that is neither a hop count nor addresses is refused at start, naming it', async () => {
		await expect(
			startAppServer({ TRUST_PROXY: '10.0.0.2, proxy.example.org' }),
		).rejects.toThrow(
			/TRUST_PROXY: must be a hop count or a comma-separated list/,
		)
	})

	test('TRUST_PROXY=true is refused at start with a message naming it', async () => {
		await expect(startAppServer({ TRUST_PROXY: 'true' })).rejects.toThrow(
			/TRUST_PROXY: trusting every proxy would let any client forge its address/,
		)
	})
})

describe('a public start never opens a known password (point 1)', () => {
	const PUBLIC = { APP_URL: 'https://essor.example.org' }

	test('a first start on a public address seeds nothing, says how to create the first admin, and the demo code does not work', async () => {
		const server = await startAppServer(PUBLIC)
		try {
			expect(server.output()).not.toMatch(/Seeded the demo data/)
			expect(server.output()).toContain(
				'npm run user:create -- --role admin --email',
			)
			const res = await signIn(server.url, 'admin@essor.demo', DEMO_PASSWORD)
			expect(res.status).toBe(400)
			expect(sessionCookie(res)).toBeNull()
			const join = await fetch(`${server.url}/join/${DEMO_JOIN_CODE}`)
			expect(join.status).toBe(404)
		} finally {
			await server.stop()
		}
	})

	test('demo data made on a local start is switched off when the same data is served publicly, old sessions included', async () => {
		const local = await startAppServer()
		const dataDir = local.dataDir
		let session: string | null
		try {
			const res = await signIn(
				local.url,
				'formatrice@essor.demo',
				DEMO_PASSWORD,
			)
			expect(res.status).toBe(302)
			session = sessionCookie(res)
			const page = await (
				await fetch(`${local.url}/courses`, { headers: { Cookie: session! } })
			).text()
			// Demo accounts are marked as such.
			expect(page).toContain('class="demo-badge"')
			expect((await fetch(`${local.url}/join/${DEMO_JOIN_CODE}`)).status).toBe(
				200,
			)
		} finally {
			await local.kill()
		}
		const exposed = await startAppServer(PUBLIC, { dataDir })
		try {
			expect(exposed.output()).toMatch(/Demo accounts exist but are disabled/)
			const res = await signIn(
				exposed.url,
				'formatrice@essor.demo',
				DEMO_PASSWORD,
			)
			expect(res.status).toBe(400)
			const account = await fetch(`${exposed.url}/account`, {
				headers: { Cookie: session! },
				redirect: 'manual',
			})
			expect(account.status).toBe(302)
			expect(account.headers.get('location')).toMatch(/^\/login/)
			expect(
				(await fetch(`${exposed.url}/join/${DEMO_JOIN_CODE}`)).status,
			).toBe(404)
		} finally {
			await exposed.kill()
		}
		// Asked for explicitly on a public server: the README password is replaced by a printed one.
		const asked = await startAppServer(
			{ ...PUBLIC, SEED_DEMO: '1' },
			{ dataDir },
		)
		try {
			const printed = /on this public server it is now (\S+)/.exec(
				asked.output(),
			)?.[1]
			expect(printed).toBeDefined()
			expect(printed).not.toBe(DEMO_PASSWORD)
			expect(
				(await signIn(asked.url, 'formatrice@essor.demo', DEMO_PASSWORD))
					.status,
			).toBe(400)
			expect(
				(await signIn(asked.url, 'formatrice@essor.demo', printed!)).status,
			).toBe(302)
		} finally {
			await asked.stop()
		}
	})
})
