import type { AddressInfo } from 'node:net'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { loggedPath, requestLog, routePatterns } from './request-log.ts'

// The shape of Remix's route manifest (build.routes), for a few of Essor's routes.
const route = (id: string, path?: string, parentId = 'root', index = false) => [
	id,
	{ id, path, parentId, index, caseSensitive: undefined, module: {} },
]
const routes = Object.fromEntries([
	['root', { id: 'root', path: '', module: {} }],
	route('routes/_index', undefined, 'root', true),
	route('routes/$', '*'),
	route('routes/reset-password.$token', 'reset-password/:token'),
	route('routes/courses.$course.$lesson', 'courses/:course/:lesson'),
	route('routes/certificates.$code[.]pdf', 'certificates/:code.pdf'),
	route('routes/cohorts.$cohortId._index', 'cohorts/:cohortId', 'root', true),
	route('routes/cohorts.new', 'cohorts/new'),
	route('routes/account', 'account'),
	route('routes/account._index', undefined, 'routes/account', true),
	route('routes/account.sessions', 'sessions', 'routes/account'),
]) as unknown as ServerBuild['routes']

const lines: string[] = []
let base = ''
let close: () => void

beforeAll(async () => {
	const app = express()
	app.use(
		requestLog({
			build: { routes } as ServerBuild,
			write: (line) => lines.push(line),
		}),
	)
	app.get('/assets/*', (_req, res) => res.type('js').send('//'))
	app.post('/account/sessions', (_req, res) => res.redirect(302, '/account'))
	app.get(/^\/(reset-password|courses|certificates|cohorts)\//, (_req, res) =>
		res.send('ok'),
	)
	app.get('/', (_req, res) => res.send('home'))
	app.use((_req, res) => res.status(404).send('not found'))
	const server = app.listen(0, '127.0.0.1')
	await new Promise((r) => server.once('listening', r))
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
	close = () => server.close()
})

afterAll(() => close())

async function waitForLines(n: number) {
	for (let i = 0; i < 200 && lines.length < n; i++)
		await new Promise((r) => setTimeout(r, 10))
	return lines
}

test('one line per request: method, route pattern, status, duration; no query string, cookie, address or secret', async () => {
	const personal = {
		Cookie: 'essor_session=SESSIONSECRET; lng=fr',
		Authorization: 'Bearer AUTHSECRET',
		'X-Forwarded-For': '198.51.100.77',
		'User-Agent': 'Mozilla/5.0 (Awa phone)',
	}
	const requests: [string, RequestInit?][] = [
		[
			'/reset-password/abcdefghijklmnopqrstuvwxyz234567?email=awa%40example.test',
		],
		['/courses/loi-cadre/intro?q=mon-nom'],
		['/certificates/ESR-AB12-CD34.pdf'],
		['/cohorts/clx0cohort0id0secret'],
		['/cohorts/new?name=Promo'],
		['/account/sessions', { method: 'POST', body: 'sessionId=SESSIONID42' }],
		['/aminata.diallo@example.test'],
		['/assets/entry.client-abc123.js'],
		['/'],
	]
	for (const [path, init] of requests) {
		const response = await fetch(`${base}${path}`, {
			redirect: 'manual',
			...init,
			headers: personal,
		})
		await response.arrayBuffer()
	}
	const log = await waitForLines(requests.length)
	expect(log).toHaveLength(requests.length)
	for (const line of log)
		expect(line).toMatch(/^(GET|POST) \/\S* \d{3} \d+\.\d ms$/)
	expect(log.map((l) => l.replace(/ \d+\.\d ms$/, ''))).toEqual([
		'GET /reset-password/:token 200',
		'GET /courses/loi-cadre/intro 200',
		'GET /certificates/:code.pdf 200',
		'GET /cohorts/:cohortId 200',
		'GET /cohorts/new 200',
		'POST /account/sessions 302',
		'GET /* 404',
		'GET /assets/* 200',
		'GET / 200',
	])
	const all = log.join('\n')
	for (const secret of [
		'?',
		'awa',
		'mon-nom',
		'abcdefghij',
		'ESR-AB12',
		'clx0cohort',
		'Promo',
		'SESSIONSECRET',
		'SESSIONID42',
		'AUTHSECRET',
		'198.51.100.77',
		'Mozilla',
		'aminata',
	])
		expect(all, secret).not.toContain(secret)
})

test('static segments outrank parameters, parameters outrank the catch-all', () => {
	const patterns = routePatterns(routes)
	expect(loggedPath('/cohorts/new', patterns)).toBe('/cohorts/new')
	expect(loggedPath('/cohorts/abc', patterns)).toBe('/cohorts/:cohortId')
	expect(loggedPath('/account', patterns)).toBe('/account')
	expect(loggedPath('/ACCOUNT/Sessions', patterns)).toBe('/account/sessions')
	expect(loggedPath('/certificates/ESR-1.json', patterns)).toBe('/*')
	expect(loggedPath('/courses/a/b/c', patterns)).toBe('/*')
})
