import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import {
	createWorld,
	ROLES,
	type World,
	type WorldRole,
} from '#tests/support/world.ts'
import { ACCESS, type Outcome, type RouteAccess } from './access-table.ts'

/**
 * Every route of the built app × every role, for GET and for each action,
 * against the production server. The route list comes from the server build's
 * manifest, so a new route that is not in access-table.ts fails here.
 */

const baseURL = inject('baseURL')
const RECORD = process.env.ACCESS_MATRIX_RECORD === '1'

type ManifestRoute = {
	id: string
	path?: string
	index?: boolean
	parentId?: string
	module: { loader?: unknown; action?: unknown }
}

async function manifest(): Promise<ManifestRoute[]> {
	const file = path.resolve(import.meta.dirname, '../../build/server/index.js')
	const build = (await import(/* @vite-ignore */ file)) as {
		routes: Record<string, ManifestRoute>
	}
	// A nested route's path is relative to its parent's: make every path whole.
	const fullPath = (route: ManifestRoute | undefined): string[] =>
		route
			? [
					...fullPath(
						route.parentId ? build.routes[route.parentId] : undefined,
					),
					...(route.path ? [route.path] : []),
				]
			: []
	return Object.values(build.routes).map((route) => {
		const whole = fullPath(route).join('/')
		return { ...route, path: whole || undefined }
	})
}

/** `cohorts/:cohortId/export.csv` → a regex that the table's concrete URL must match. */
function pathPattern(route: ManifestRoute): RegExp {
	if (!route.path) return /^\/$/
	if (route.path === '*') return /^\/.+$/
	const source = route.path
		.split('/')
		.map((segment) => {
			const param = segment.match(/^:[A-Za-z]+(.*)$/)
			if (param) return `[^/]+${param[1]!.replace(/[.]/g, '\\.')}`
			return segment.replace(/[.]/g, '\\.')
		})
		.join('/')
	return new RegExp(`^/${source}$`)
}

function fill(
	template: string,
	world: World,
	encode: (v: string) => string = encodeURIComponent,
) {
	return template.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = world.params[name]
		if (value === undefined)
			throw new Error(`No world parameter "${name}" for ${template}`)
		return encode(value)
	})
}

function classify(response: Response): Outcome {
	if (response.status >= 300 && response.status < 400) {
		const location = response.headers.get('location') ?? ''
		return new URL(location, baseURL).pathname === '/login'
			? 'login'
			: 'redirect'
	}
	return String(response.status) as Outcome
}

function parseRow(row: string): Record<WorldRole, Outcome> {
	const cells = row.trim().split(/\s+/)
	if (cells.length !== ROLES.length)
		throw new Error(
			`Expected ${ROLES.length} outcomes (${ROLES.join(' ')}), got "${row}"`,
		)
	return Object.fromEntries(ROLES.map((role, i) => [role, cells[i]])) as Record<
		WorldRole,
		Outcome
	>
}

async function send(
	world: World,
	role: WorldRole,
	url: string,
	method: 'GET' | 'POST',
	fields: Record<string, string> = {},
	multipart = false,
) {
	const headers: Record<string, string> = {}
	const cookie = world.cookies[role]
	if (cookie) headers.Cookie = cookie
	let body: BodyInit | undefined
	if (method === 'POST') {
		headers.Origin = baseURL
		if (multipart) {
			const form = new FormData()
			for (const [k, v] of Object.entries(fields)) form.append(k, v)
			body = form
		} else {
			headers['Content-Type'] = 'application/x-www-form-urlencoded'
			body = new URLSearchParams(fields)
		}
	}
	return fetch(`${baseURL}${url}`, {
		method,
		headers,
		body,
		redirect: 'manual',
	})
}

/**
 * What outsiders must never read: the learner of cohort A's contact details
 * and cohort A's name, join code and enrolment id.
 */
function secretsOf(world: World, entry: Exclude<RouteAccess, 'layout'>) {
	const secrets = {
		email: world.users.learner.email!,
		enrollmentId: world.enrollmentA.id,
		cohortName: world.cohortA.name,
		joinCode: world.cohortA.joinCode,
	}
	return Object.entries(secrets)
		.filter(
			([fact]) => !(entry.reveals as string[] | undefined)?.includes(fact),
		)
		.map(([, value]) => value)
}
const DENIALS: Outcome[] = ['login', '403', '404']
const OUTSIDERS: WorldRole[] = [
	'visitor',
	'otherLearner',
	'otherTrainer',
	'invited',
]

/**
 * Headers every answer carries: no page may be framed; nothing a signed-in
 * person receives is kept by a browser cache or a proxy.
 */
function expectSafeHeaders(
	response: Response,
	label: string,
	role: WorldRole,
	personal = false,
) {
	expect(response.headers.get('x-frame-options'), label).toBe('DENY')
	const csp = response.headers.get('content-security-policy') ?? ''
	expect(csp, label).toContain("frame-ancestors 'none'")
	if (role !== 'visitor' || personal)
		expect(response.headers.get('cache-control') ?? '', label).toMatch(
			/\bno-store\b/,
		)
	if (personal)
		expect(response.headers.get('x-robots-tag') ?? '', label).toMatch(
			/\bnoindex\b/,
		)
}

/** What the trainer must not see of a person who has not accepted their invitation: their account's own name and commune. */
function invitedSecrets(world: World) {
	return [world.users.invited.name, world.users.invited.commune!]
}

let routes: ManifestRoute[] = []
let shared: World
const observed: string[] = []
let checked = 0

beforeAll(async () => {
	routes = await manifest()
	shared = await createWorld()
})

afterAll(() => {
	if (RECORD)
		fs.writeFileSync(
			path.resolve(
				import.meta.dirname,
				'../../.cache/access-matrix.observed.txt',
			),
			observed.join('\n') + '\n',
		)
	console.log(`access matrix: ${checked} route × role × method cases checked`)
})

test('every route of the manifest is in the access table, and every table entry is a route', async () => {
	const ids = routes.map((r) => r.id).sort()
	expect(
		ids.filter((id) => !(id in ACCESS)),
		'routes missing from tests/hardening/access-table.ts',
	).toEqual([])
	expect(
		Object.keys(ACCESS).filter((id) => !ids.includes(id)),
		'table entries that are no longer routes',
	).toEqual([])
	for (const route of routes) {
		const entry: RouteAccess = ACCESS[route.id]!
		if (entry === 'layout') continue
		expect(
			pathPattern(route).test(fill(entry.url, shared)),
			`${route.id}: table URL ${entry.url} does not match route path ${route.path}`,
		).toBe(true)
		expect(
			Boolean(entry.get),
			`${route.id}: GET row present iff the route has a loader or a page`,
		).toBe(true)
		expect(
			Boolean(entry.post),
			`${route.id}: POST rows present iff the route has an action`,
		).toBe(Boolean(route.module.action))
	}
})

describe.each(Object.entries(ACCESS).filter(([, e]) => e !== 'layout'))(
	'%s',
	(id, entry) => {
		if (entry === 'layout') return
		test('GET', async () => {
			const expected = parseRow(entry.get)
			const got: string[] = []
			for (const role of ROLES) {
				const response = await send(
					shared,
					role,
					fill(entry.url, shared),
					'GET',
				)
				const outcome = classify(response)
				const text = await response.text()
				checked++
				got.push(outcome)
				if (!RECORD)
					expect(outcome, `GET ${entry.url} as ${role}`).toBe(expected[role])
				expectSafeHeaders(
					response,
					`GET ${entry.url} as ${role}`,
					role,
					entry.personal,
				)
				if (role !== 'invited' && role !== 'admin')
					for (const secret of invitedSecrets(shared))
						expect(
							text.includes(secret),
							`GET ${entry.url} as ${role} shows the invited person's "${secret}"`,
						).toBe(false)
				// React 18's streaming bug (app/utils/html-stream.server.ts): no page carries a NUL byte.
				if (response.headers.get('content-type')?.includes('text/html'))
					expect(
						text.includes('\u0000'),
						`GET ${entry.url} as ${role}: a NUL byte`,
					).toBe(false)
				if (OUTSIDERS.includes(role) && response.ok) {
					for (const secret of secretsOf(shared, entry))
						expect(
							text.includes(secret),
							`GET ${entry.url} as ${role} shows "${secret}"`,
						).toBe(false)
				}
			}
			observed.push(`${id} GET ${got.join(' ')}`)
		})

		for (const [intent, row] of Object.entries(entry.post ?? {})) {
			test(`POST ${intent}`, async () => {
				const expected = parseRow(row)
				const got: string[] = []
				for (const role of ROLES) {
					// A fresh world for each role: a permitted action (remove, revoke,
					// end sessions) must not change what the next role meets.
					const world = await createWorld()
					const extra = Object.entries(entry.fields?.[intent] ?? {}).map(
						([k, v]) => [k, fill(v, world, String)],
					)
					const fields = {
						...(intent === '-' ? {} : { intent }),
						...Object.fromEntries(extra),
					}
					const response = await send(
						world,
						role,
						fill(entry.url, world),
						'POST',
						fields,
						entry.multipart,
					)
					const outcome = classify(response)
					const text = await response.text()
					checked++
					got.push(outcome)
					if (!RECORD)
						expect(
							outcome,
							`POST ${entry.url} intent=${intent} as ${role}`,
						).toBe(expected[role])
					expectSafeHeaders(
						response,
						`POST ${entry.url} intent=${intent} as ${role}`,
						role,
					)
					if (OUTSIDERS.includes(role) && response.ok) {
						for (const secret of secretsOf(world, entry))
							expect(
								text.includes(secret),
								`POST ${entry.url} as ${role} shows "${secret}"`,
							).toBe(false)
					}
					// Whoever is refused is refused before the form is read: an
					// empty form gets the same answer as a valid one.
					// (A 404 for a record named in the form itself, not in the URL,
					// rightly becomes a 400 when the form names nothing.)
					const urlNamesTheRecord = entry.url.includes('{')
					if (
						!RECORD &&
						DENIALS.includes(expected[role]) &&
						(expected[role] !== '404' || urlNamesTheRecord) &&
						Object.keys(extra).length
					) {
						const bare = await send(
							world,
							role,
							fill(entry.url, world),
							'POST',
							intent === '-' ? {} : { intent },
							entry.multipart,
						)
						checked++
						expect(
							classify(bare),
							`POST ${entry.url} intent=${intent} with an empty form as ${role}`,
						).toBe(expected[role])
					}
				}
				observed.push(`${id} POST ${intent} ${got.join(' ')}`)
			})
		}
	},
)

test('a POST to a route without an action is refused with 405, whoever sends it', async () => {
	for (const route of routes.filter((r) => !r.module.action)) {
		const entry = ACCESS[route.id]
		if (!entry || entry === 'layout') continue
		for (const role of ROLES) {
			const response = await send(
				shared,
				role,
				fill(entry.url, shared),
				'POST',
				{ intent: 'x' },
			)
			checked++
			expect(response.status, `POST ${entry.url} as ${role}`).toBe(405)
		}
	}
})
