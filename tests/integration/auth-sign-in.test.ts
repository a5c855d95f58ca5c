import fs from 'node:fs'
import { afterEach, expect, test } from 'vitest'
import { verifyPassword } from '#app/auth/password.server.ts'
import { hashToken, SESSION_DURATION_MS } from '#app/auth/session.server.ts'
import { prisma } from '#app/db.server.ts'
import { databasePath } from '#app/env.server.ts'
import { loader as rootLoader } from '#app/root.tsx'
import {
	action as loginAction,
	loader as loginLoader,
} from '#app/routes/login.tsx'
import { action as logoutAction } from '#app/routes/logout.tsx'
import {
	context,
	createTestUser,
	getRequest,
	postRequest,
	replyErrors,
	sessionTokenFrom,
	settle,
	signedInCookie,
	TEST_PASSWORD,
} from '#tests/support/auth.ts'

afterEach(async () => {
	await prisma.signInFailure.deleteMany()
	await prisma.session.deleteMany()
	await prisma.user.deleteMany()
})

function signIn(fields: Record<string, string>, address = '203.0.113.10') {
	return settle(
		loginAction({
			request: postRequest('/login', fields, {
				headers: {
					'User-Agent':
						'Mozilla/5.0 (Linux; Android 10) Chrome/120.0 Mobile Safari/537.36',
				},
			}),
			params: {},
			context: context(address),
		}),
	)
}

test('a good password signs in: redirect to redirectTo, session cookie HttpOnly + SameSite=Lax, 30 days', async () => {
	const user = await createTestUser({ email: 'awa@example.test' })
	const res = await signIn({
		identifier: ' AWA@Example.test ',
		password: TEST_PASSWORD,
		redirectTo: '/courses/loi-cadre',
	})
	expect(res.status).toBe(302)
	expect(res.headers.get('Location')).toBe('/courses/loi-cadre')
	const cookie = res.headers.getSetCookie()[0]!
	expect(cookie).toMatch(/^essor_session=[a-z2-7]{32};/)
	const attributes = cookie.split('; ').slice(1)
	expect(attributes).toEqual(
		expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax']),
	)
	expect(attributes).toContainEqual(
		expect.stringMatching(/^Max-Age=(2591999|2592000)$/),
	)
	// NODE_ENV is "test" here; production adds Secure (see secureCookies).
	expect(cookie).not.toContain('Secure')
	const session = await prisma.session.findFirstOrThrow({
		where: { userId: user.id },
	})
	expect(session.userAgent).toContain('Android')
	expect(
		Math.abs(session.expiresAt.getTime() - Date.now() - SESSION_DURATION_MS),
	).toBeLessThan(10_000)
})

test('an outside redirectTo is ignored', async () => {
	await createTestUser({ email: 'awa@example.test' })
	const res = await signIn({
		identifier: 'awa@example.test',
		password: TEST_PASSWORD,
		redirectTo: '//evil.example/steal',
	})
	expect(res.headers.get('Location')).toBe('/training')
})

test('wrong password and unknown user get the same answer', async () => {
	await createTestUser({ email: 'awa@example.test' })
	const wrong = await signIn({
		identifier: 'awa@example.test',
		password: 'not-the-password',
	})
	const unknown = await signIn({
		identifier: 'nobody@example.test',
		password: 'not-the-password',
	})
	expect(wrong.status).toBe(400)
	expect(unknown.status).toBe(400)
	const [wrongErrors, unknownErrors] = [
		await replyErrors(wrong),
		await replyErrors(unknown),
	]
	expect(wrongErrors).toEqual({
		'': ['Identifiant ou mot de passe incorrect.'],
	})
	expect(unknownErrors).toEqual(wrongErrors)
	expect(sessionTokenFrom(wrong)).toBeNull()
	expect(await prisma.session.count()).toBe(0)
})

test('an account without a password yet (imported) cannot be signed into', async () => {
	await createTestUser({ email: 'imported@example.test', password: null })
	const res = await signIn({
		identifier: 'imported@example.test',
		password: TEST_PASSWORD,
	})
	expect(await replyErrors(res)).toEqual({
		'': ['Identifiant ou mot de passe incorrect.'],
	})
})

test('a phone number typed the local way signs in', async () => {
	await createTestUser({ email: null, phone: '+237677123456' })
	const res = await signIn({
		identifier: '6 77 12 34 56',
		password: TEST_PASSWORD,
	})
	expect(res.status).toBe(302)
	// Valid in Morocco too: the Moroccan account is found when it is the one that exists.
	await prisma.session.deleteMany()
	await createTestUser({ email: null, phone: '+212677123457' })
	const moroccan = await signIn({
		identifier: '677123457',
		password: TEST_PASSWORD,
	})
	expect(moroccan.status).toBe(302)
})

test('ten wrong passwords from one address lock that address out of the account, not the owner on another address', async () => {
	const user = await createTestUser({ email: 'target@example.test' })
	const attacker = '198.51.100.7'
	for (let i = 1; i <= 10; i++) {
		const res = await signIn(
			{ identifier: 'target@example.test', password: `wrong-password-${i}` },
			attacker,
		)
		expect(res.status, `attempt ${i}`).toBe(400)
	}
	const refused = await signIn(
		{ identifier: 'target@example.test', password: TEST_PASSWORD },
		attacker,
	)
	expect(refused.status).toBe(429)
	expect(refused.headers.get('Retry-After')).toBe('900')
	expect(await replyErrors(refused)).toEqual({
		'': [
			'Trop de tentatives de connexion ont échoué. Patientez un quart d’heure, puis réessayez.',
		],
	})
	expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)

	// The owner, from their own address, signs in at once.
	const owner = await signIn(
		{ identifier: 'target@example.test', password: TEST_PASSWORD },
		'203.0.113.50',
	)
	expect(owner.status).toBe(302)

	// A quarter of an hour later the attacker's address may try again.
	await prisma.signInFailure.updateMany({
		data: { createdAt: new Date(Date.now() - 15 * 60_000 - 1_000) },
	})
	expect(
		(
			await signIn(
				{ identifier: 'target@example.test', password: TEST_PASSWORD },
				attacker,
			)
		).status,
	).toBe(302)
}, 60_000)

test('a guessing attack spread over many addresses meets the slower per-account limit', async () => {
	const user = await createTestUser({ email: 'target@example.test' })
	// 99 failures within the hour, from 33 addresses (3 each: none reaches its own limit).
	await prisma.signInFailure.createMany({
		data: Array.from({ length: 99 }, () => ({ key: `account:${user.id}` })),
	})
	const hundredth = await signIn(
		{ identifier: 'target@example.test', password: 'still-wrong' },
		'198.51.100.77',
	)
	expect(hundredth.status).toBe(400)
	const refused = await signIn(
		{ identifier: 'target@example.test', password: TEST_PASSWORD },
		'198.51.100.78',
	)
	expect(refused.status).toBe(429)
	// An hour later the account opens again.
	await prisma.signInFailure.updateMany({
		data: { createdAt: new Date(Date.now() - 61 * 60_000) },
	})
	expect(
		(
			await signIn(
				{ identifier: 'target@example.test', password: TEST_PASSWORD },
				'198.51.100.78',
			)
		).status,
	).toBe(302)
}, 30_000)

test('English speakers get the 429 message in English', async () => {
	const user = await createTestUser({ email: 'target@example.test' })
	await prisma.signInFailure.createMany({
		data: Array.from({ length: 10 }, () => ({
			key: `pair:${user.id}|203.0.113.10`,
		})),
	})
	const request = postRequest(
		'/login',
		{ identifier: 'target@example.test', password: TEST_PASSWORD },
		{ headers: { 'Accept-Language': 'en-GB,en;q=0.9' } },
	)
	const res = await settle(
		loginAction({ request, params: {}, context: context() }),
	)
	expect(res.status).toBe(429)
	expect(await replyErrors(res)).toEqual({
		'': [
			'Too many failed sign-in attempts. Wait a quarter of an hour, then try again.',
		],
	})
})

test('one address failing on many accounts is refused too; a success clears only its own account-and-address counter', async () => {
	const attacker = '198.51.100.66'
	const other = await createTestUser({ email: 'other@example.test' })
	// 299 earlier failures from this address, on other accounts.
	await prisma.signInFailure.createMany({
		data: Array.from({ length: 299 }, () => ({ key: `address:${attacker}` })),
	})
	await prisma.signInFailure.createMany({
		data: Array.from({ length: 3 }, () => ({
			key: `pair:${other.id}|${attacker}`,
		})),
	})

	const me = await createTestUser({ email: 'me@example.test' })
	await prisma.signInFailure.createMany({
		data: [{ key: `pair:${me.id}|${attacker}` }, { key: `account:${me.id}` }],
	})
	const ok = await signIn(
		{ identifier: 'me@example.test', password: TEST_PASSWORD },
		attacker,
	)
	expect(ok.status).toBe(302)
	expect(
		await prisma.signInFailure.count({
			where: { key: `pair:${me.id}|${attacker}` },
		}),
	).toBe(0)
	expect(
		await prisma.signInFailure.count({ where: { key: `account:${me.id}` } }),
	).toBe(1)
	expect(
		await prisma.signInFailure.count({
			where: { key: `pair:${other.id}|${attacker}` },
		}),
	).toBe(3)
	expect(
		await prisma.signInFailure.count({ where: { key: `address:${attacker}` } }),
	).toBe(299)

	const last = await signIn(
		{ identifier: 'other@example.test', password: 'wrong-again-1' },
		attacker,
	)
	expect(last.status).toBe(400)
	const refused = await signIn(
		{ identifier: 'someone-else@example.test', password: 'wrong-again-2' },
		attacker,
	)
	expect(refused.status).toBe(429)
	// Another address is not affected.
	expect(
		(
			await signIn(
				{ identifier: 'other@example.test', password: TEST_PASSWORD },
				'203.0.113.99',
			)
		).status,
	).toBe(302)
}, 30_000)

test('a first sign-in marks the account as taken in hand (claimedAt)', async () => {
	// As `npm run user:create` makes it: a password set by an admin, never used.
	const user = await createTestUser({ email: 'new@example.test' })
	await prisma.user.update({
		where: { id: user.id },
		data: { claimedAt: null },
	})
	await signIn({ identifier: 'new@example.test', password: TEST_PASSWORD })
	const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } })
	expect(after.claimedAt).toBeInstanceOf(Date)
})

test('the database holds only the SHA-256 of the session token, never the token', async () => {
	const user = await createTestUser({ email: 'awa@example.test' })
	const res = await signIn({
		identifier: 'awa@example.test',
		password: TEST_PASSWORD,
	})
	const token = sessionTokenFrom(res)!
	expect(token).toMatch(/^[a-z2-7]{32}$/)
	const sessions = await prisma.session.findMany({ where: { userId: user.id } })
	expect(sessions.map((s) => s.id)).toEqual([hashToken(token)])
	expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
	// Nowhere in the database files (main file and write-ahead log).
	await prisma.$executeRawUnsafe('PRAGMA wal_checkpoint(FULL)')
	const file = databasePath()
	for (const part of [file, `${file}-wal`]) {
		if (fs.existsSync(part))
			expect(fs.readFileSync(part).includes(Buffer.from(token)), part).toBe(
				false,
			)
	}
	expect(fs.readFileSync(file).includes(Buffer.from(hashToken(token)))).toBe(
		true,
	)
})

test('the root loader returns the user, and renews a session in its last 15 days (new cookie, new expiry)', async () => {
	const user = await createTestUser({
		email: 'awa@example.test',
		name: 'Awa Ndiaye',
		role: 'trainer',
	})
	const { token, cookie } = await signedInCookie(user.id)
	const fresh = await settle(
		rootLoader({
			request: getRequest('/', { cookie }),
			params: {},
			context: context(),
		}),
	)
	expect(await fresh.json()).toMatchObject({
		user: { id: user.id, name: 'Awa Ndiaye', role: 'trainer' },
	})
	expect(sessionTokenFrom(fresh)).toBeNull()

	const soon = new Date(Date.now() + 10 * 24 * 60 * 60 * 1000)
	await prisma.session.update({
		where: { id: hashToken(token) },
		data: { expiresAt: soon },
	})
	const renewed = await settle(
		rootLoader({
			request: getRequest('/', { cookie }),
			params: {},
			context: context(),
		}),
	)
	expect(sessionTokenFrom(renewed)).toBe(token)
	const session = await prisma.session.findUniqueOrThrow({
		where: { id: hashToken(token) },
	})
	expect(session.expiresAt.getTime()).toBeGreaterThan(
		Date.now() + SESSION_DURATION_MS - 60_000,
	)
})

test('an expired or unknown session is nobody, and its cookie is cleared', async () => {
	const user = await createTestUser()
	const { token, cookie } = await signedInCookie(user.id)
	await prisma.session.update({
		where: { id: hashToken(token) },
		data: { expiresAt: new Date(Date.now() - 1000) },
	})
	const res = await settle(
		rootLoader({
			request: getRequest('/', { cookie }),
			params: {},
			context: context(),
		}),
	)
	expect(await res.json()).toMatchObject({ user: null })
	expect(sessionTokenFrom(res)).toBe('')
	expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
})

test('sign-out is POST only and ends the session', async () => {
	const user = await createTestUser()
	const { token, cookie } = await signedInCookie(user.id)
	const res = await settle(
		logoutAction({
			request: postRequest('/logout', {}, { cookie }),
			params: {},
			context: context(),
		}),
	)
	expect(res.headers.get('Location')).toBe('/')
	expect(sessionTokenFrom(res)).toBe('')
	expect(
		await prisma.session.findUnique({ where: { id: hashToken(token) } }),
	).toBeNull()
})

test('a signed-in visitor of /login goes to their account', async () => {
	const user = await createTestUser()
	const { cookie } = await signedInCookie(user.id)
	const res = await settle(
		loginLoader({
			request: getRequest('/login', { cookie }),
			params: {},
			context: context(),
		}),
	)
	expect(res.headers.get('Location')).toBe('/account')
})

test('a signed-in user’s preferred language applies when no lng cookie says otherwise', async () => {
	const { getLanguage } = await import('#app/i18n/i18n.server.ts')
	const user = await createTestUser({ language: 'en' })
	const { cookie } = await signedInCookie(user.id)
	const french = { 'Accept-Language': 'fr-FR,fr;q=0.9' }
	const request = (headers: Record<string, string>) =>
		new Request('http://localhost:3000/', { headers })
	expect(await getLanguage(request({ ...french, Cookie: cookie }))).toBe('en')
	expect(
		await getLanguage(request({ ...french, Cookie: `lng=fr; ${cookie}` })),
	).toBe('fr')
	expect(await getLanguage(request(french))).toBe('fr')
})

test('an unknown identifier is refused only after an argon2 verification (on a dummy hash), like a wrong password', async () => {
	const user = await createTestUser({ email: 'awa@example.test' })
	const timed = async (run: () => Promise<unknown>) => {
		const start = performance.now()
		await run()
		return performance.now() - start
	}
	// Taken in turns, so that both see the same load on the machine; each
	// side's fastest run counts (noise only adds).
	const argon2: number[] = []
	const unknownUser: number[] = []
	for (let i = 0; i < 6; i++) {
		argon2.push(
			await timed(() => verifyPassword(user.passwordHash!, 'not-the-password')),
		)
		unknownUser.push(
			await timed(async () => {
				expect(
					(
						await signIn(
							{
								identifier: `nobody-${i}@example.test`,
								password: 'wrong-password',
							},
							'203.0.113.21',
						)
					).status,
				).toBe(400)
			}),
		)
	}
	// Without the dummy verification an unknown identifier is refused after a
	// few database reads only (a third of one argon2 verification here); with
	// it, after those reads and one verification.
	expect(Math.min(...unknownUser)).toBeGreaterThan(Math.min(...argon2) * 0.8)
})
