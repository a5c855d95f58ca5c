import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { matchRoutes as MatchRoutes } from '@remix-run/router'
import { expect, test } from 'vitest'

// The build Remix's server runtime loads (CommonJS), patched by
// patches/@remix-run+router+*.patch at npm install.
const require = createRequire(import.meta.url)
const routerFile = require.resolve('@remix-run/router')
const { matchRoutes } = require(routerFile) as {
	matchRoutes: typeof MatchRoutes
}

test('npm install patched the router: ranked routes, compiled paths and the matches of a path are kept, not rebuilt per request', () => {
	const source = fs.readFileSync(routerFile, 'utf8')
	expect(source).toContain('rankedBranchesCache')
	expect(source).toContain('compiledPathCache')
	expect(source).toContain('matchesCache')
})

test('npm install patched the files Remix renders pages with: one route tree per build, the hydration data encoded only when a page reads it, and no copy of a request with nothing to strip', () => {
	// Resolved from where Remix itself requires them.
	const fromRemixReact = createRequire(require.resolve('@remix-run/react'))
	const runtime = createRequire(require.resolve('@remix-run/node')).resolve(
		'@remix-run/server-runtime',
	)
	const patched = [
		[fromRemixReact.resolve('./server.js'), 'serverRoutesCache'],
		[fromRemixReact.resolve('react-router-dom/server'), 'dataRoutesCache'],
		[path.join(path.dirname(runtime), 'server.js'), 'lazyStream(() =>'],
		[path.join(path.dirname(runtime), 'data.js'), 'return request;'],
	] as const
	for (const [file, marker] of patched)
		expect(fs.readFileSync(file, 'utf8'), file).toContain(marker)
})

test('matching with the kept ranking gives what matching afresh gives, for each route tree', () => {
	const tree = [
		{
			id: 'root',
			path: '/',
			children: [
				{ id: 'course', path: 'courses/:course' },
				{ id: 'new', path: 'courses/new' },
				{ id: 'lesson', path: 'courses/:course/:lesson' },
				{ id: 'splat', path: '*' },
			],
		},
	]
	const ids = (routes: typeof tree, path: string) =>
		matchRoutes(routes, path)?.map((m) => m.route.id)
	for (let i = 0; i < 3; i++) {
		expect(ids(tree, '/courses/new')).toEqual(['root', 'new'])
		expect(ids(tree, '/courses/droit-ess')).toEqual(['root', 'course'])
		expect(ids(tree, '/courses/droit-ess/loi-cadre')).toEqual([
			'root',
			'lesson',
		])
		expect(ids(tree, '/nowhere/at/all')).toEqual(['root', 'splat'])
		expect(ids(tree, '/COURSES/NEW')).toEqual(['root', 'new'])
	}
	// Another tree (a rebuilt app in development) is ranked on its own.
	const other = [{ id: 'only', path: '/courses/:course' }]
	expect(ids(other as typeof tree, '/courses/new')).toEqual(['only'])
	expect(ids(tree, '/courses/new')).toEqual(['root', 'new'])
})

test('a path matched before gives each caller matches of its own: changing one does not change the next', () => {
	const tree = [
		{
			id: 'root',
			path: '/',
			children: [{ id: 'lesson', path: 'courses/:course/:lesson' }],
		},
	]
	const first = matchRoutes(tree, '/courses/droit-ess/loi-cadre')!
	;(first[1]!.params as Record<string, string>).lesson = 'changed'
	first.pop()
	const again = matchRoutes(tree, '/courses/droit-ess/loi-cadre')!
	expect(again.map((m) => m.route.id)).toEqual(['root', 'lesson'])
	expect(again[1]!.params).toEqual({ course: 'droit-ess', lesson: 'loi-cadre' })
	expect(again[1]!.pathname).toBe('/courses/droit-ess/loi-cadre')
	expect(matchRoutes(tree, '/courses/autre/lecon')![1]!.params).toEqual({
		course: 'autre',
		lesson: 'lecon',
	})
	expect(matchRoutes(tree, '/nowhere')).toBeNull()
	expect(matchRoutes(tree, '/nowhere')).toBeNull()
})

test('a loader or action gets the request itself when its URL has no query, and a copy without Remix’s own parameters when it has one', async () => {
	const runtime = createRequire(require.resolve('@remix-run/node')).resolve(
		'@remix-run/server-runtime',
	)
	const { callRouteLoader, callRouteAction } = require(
		path.join(path.dirname(runtime), 'data.js'),
	) as Record<
		'callRouteLoader' | 'callRouteAction',
		(args: {
			request: Request
			loader?: (a: { request: Request }) => unknown
			action?: (a: { request: Request }) => unknown
			params: object
			loadContext: object
			routeId: string
			singleFetch: boolean
		}) => Promise<unknown>
	>
	const seen = async (request: Request) => {
		let got: Request | undefined
		await callRouteLoader({
			request,
			loader: ({ request }) => (got = request),
			params: {},
			loadContext: {},
			routeId: 'r',
			singleFetch: true,
		})
		return got!
	}
	const plain = new Request('http://localhost/courses/a/b')
	expect(await seen(plain)).toBe(plain)
	const withQuery = new Request(
		'http://localhost/courses/a/b?index&_routes=root&attempt=2',
		{ headers: { Cookie: 'c=1' } },
	)
	const copy = await seen(withQuery)
	expect(copy).not.toBe(withQuery)
	expect(copy.url).toBe('http://localhost/courses/a/b?attempt=2')
	expect(copy.headers.get('Cookie')).toBe('c=1')

	const post = new Request('http://localhost/courses/a/b', {
		method: 'POST',
		body: 'intent=read',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
	})
	let form: FormData | undefined
	await callRouteAction({
		request: post,
		action: async ({ request }) => (form = await request.formData()),
		params: {},
		loadContext: {},
		routeId: 'r',
		singleFetch: true,
	})
	expect(form?.get('intent')).toBe('read')
})
