import { afterAll, beforeAll, expect, test } from 'vitest'
import { startAppServer, type RunningServer } from '#tests/support/server.ts'

/**
 * The production server as `npm start` runs it, with REQUEST_LOG left at its
 * default (on in production) and a slow-query threshold of 1 ms: what its log
 * says about requests, and what it never says.
 */

let server: RunningServer

beforeAll(async () => {
	// An empty value is an unset one: the production default applies.
	server = await startAppServer({ REQUEST_LOG: '', SLOW_QUERY_MS: '1' })
})

afterAll(async () => {
	await server?.stop()
})

async function logLines(pattern: RegExp, count: number) {
	for (let i = 0; i < 200; i++) {
		const lines = server
			.output()
			.split('\n')
			.filter((l) => pattern.test(l))
		if (lines.length >= count) return lines
		await new Promise((r) => setTimeout(r, 25))
	}
	return server
		.output()
		.split('\n')
		.filter((l) => pattern.test(l))
}

test('each request is logged once with method, route pattern, status and duration; no query string, cookie, address or form value', async () => {
	const before = server.output().length
	const secrets = {
		token: 'abcdefghijklmnopqrstuvwxyz234567',
		email: 'aminata.secret@example.test',
		password: 'Mot-De-Passe-Secret-42',
		session: 'SESSIONCOOKIESECRET',
		address: '198.51.100.77',
	}
	const headers = {
		Cookie: `essor_session=${secrets.session}`,
		'X-Forwarded-For': secrets.address,
	}
	// An unknown reset link: 410, logged as the route's pattern.
	const reset = await fetch(
		`${server.url}/reset-password/${secrets.token}?email=${encodeURIComponent(secrets.email)}`,
		{ headers },
	)
	await reset.text()
	await (
		await fetch(`${server.url}/courses?q=${secrets.email}`, { headers })
	).text()
	const login = await fetch(`${server.url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			...headers,
			Origin: server.url,
			'Content-Type': 'application/x-www-form-urlencoded',
		},
		body: new URLSearchParams({
			identifier: secrets.email,
			password: secrets.password,
		}),
	})
	await login.text()
	const lines = await logLines(
		/^(GET|POST) \/(reset-password|courses|login)\S* \d{3} \d+\.\d ms$/,
		3,
	)
	expect(lines.map((l) => l.replace(/ \d+\.\d ms$/, ''))).toEqual([
		`GET /reset-password/:token ${reset.status}`,
		'GET /courses 200',
		`POST /login ${login.status}`,
	])
	const output = server.output().slice(before)
	for (const [what, secret] of Object.entries(secrets))
		expect(output, `the log shows the ${what}`).not.toContain(secret)
	for (const line of output.split('\n').filter((l) => /^(GET|POST) /.test(l)))
		expect(line, 'a query string').not.toContain('?')
	// Slow queries, if any came above 1 ms here, name their SQL, not their values.
	for (const line of output
		.split('\n')
		.filter((l) => l.startsWith('slow query')))
		expect(line).toMatch(/^slow query \d+\.\d ms: \S/)
})
