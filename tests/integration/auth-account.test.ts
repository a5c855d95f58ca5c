import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { outboxDir, sendMail } from '#app/auth/mail.server.ts'
import { verifyPassword } from '#app/auth/password.server.ts'
import { hashToken } from '#app/auth/session.server.ts'
import { prisma } from '#app/db.server.ts'
import { action as contactAction } from '#app/routes/account.contact.tsx'
import { action as deleteAction } from '#app/routes/account.delete.tsx'
import { action as passwordAction } from '#app/routes/account.password.tsx'
import { action as profileAction } from '#app/routes/account.profile.tsx'
import {
	action as sessionsAction,
	loader as sessionsLoader,
} from '#app/routes/account.sessions.tsx'
import { loader as exportLoader } from '#app/routes/account.export[.]json.ts'
import { loader as loginLoader } from '#app/routes/login.tsx'
import { action as signupAction } from '#app/routes/signup.tsx'
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
	await prisma.outboundMail.deleteMany()
	await prisma.signInFailure.deleteMany()
	await prisma.auditEvent.deleteMany()
	await prisma.cohort.deleteMany()
	await prisma.session.deleteMany()
	await prisma.user.deleteMany()
})

const GOOD_PASSWORD = 'Le-Baobab-De-Garoua-2026'

function signup(
	fields: Record<string, string>,
	headers: Record<string, string> = {},
) {
	return settle(
		signupAction({
			request: postRequest('/signup', fields, { headers }),
			params: {},
			context: context(),
		}),
	)
}

/** Each account form posts to its own section: /account/profile, /account/sessions… */
const SECTIONS = {
	profile: ['/account/profile', profileAction],
	contact: ['/account/contact', contactAction],
	password: ['/account/password', passwordAction],
	delete: ['/account/delete', deleteAction],
	'end-session': ['/account/sessions', sessionsAction],
	'end-others': ['/account/sessions', sessionsAction],
	'end-all': ['/account/sessions', sessionsAction],
} as const

function account(
	{
		intent,
		...fields
	}: { intent: keyof typeof SECTIONS } & Record<string, string>,
	cookie: string,
) {
	const [path, action] = SECTIONS[intent]
	return settle(
		action({
			request: postRequest(
				path,
				path === '/account/sessions' ? { intent, ...fields } : fields,
				{ cookie },
			),
			params: {},
			context: context(),
		}),
	)
}

const base = {
	name: 'Aïcha Bakari',
	password: GOOD_PASSWORD,
	confirmPassword: GOOD_PASSWORD,
	language: 'fr',
}

test('sign-up with a Cameroonian number typed the local way, and a profile given with consent', async () => {
	const res = await signup({
		...base,
		identifier: '6 77 12 34 56',
		gender: 'woman',
		birthYear: '2002',
		country: 'CM',
		region: 'Nord',
		commune: 'Garoua 1er',
		situation: 'young_project',
		migration: 'returnee',
		consent: 'on',
		redirectTo: '/courses/creer-son-entreprise',
	})
	// No session: the person signs in next (the same answer as for a taken identifier).
	expect(res.status).toBe(302)
	expect(res.headers.get('Location')).toBe(
		'/login?signedUp=1&redirectTo=%2Fcourses%2Fcreer-son-entreprise',
	)
	expect(sessionTokenFrom(res)).toBeNull()
	const user = await prisma.user.findUniqueOrThrow({
		where: { phone: '+237677123456' },
	})
	expect(user).toMatchObject({
		email: null,
		name: 'Aïcha Bakari',
		role: 'learner',
		gender: 'woman',
		birthYear: 2002,
		country: 'CM',
		region: 'Nord',
		commune: 'Garoua 1er',
		situation: 'young_project',
		migration: 'returnee',
		language: 'fr',
	})
	expect(user.consentAt).toBeInstanceOf(Date)
	expect(user.claimedAt).toBeInstanceOf(Date)
	expect(await verifyPassword(user.passwordHash!, GOOD_PASSWORD)).toBe(true)
	expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
	// The sign-in form is filled with the identifier just typed, from a short-lived cookie.
	const identifierCookie = res.headers
		.getSetCookie()
		.find((c) => c.startsWith('essor_signup='))!
	expect(identifierCookie).toMatch(/HttpOnly/)
	expect(identifierCookie).toMatch(/Max-Age=600/)
	const login = await settle(
		loginLoader({
			request: getRequest(res.headers.get('Location')!, {
				cookie: identifierCookie.split(';')[0],
			}),
			params: {},
			context: context(),
		}),
	)
	expect(await login.json()).toMatchObject({
		notice: 'signedUp',
		identifier: '6 77 12 34 56',
	})
	expect(login.headers.get('Set-Cookie')).toMatch(/^essor_signup=;/)
})

test('a Moroccan number with its 0, and no profile at all: only the name is required', async () => {
	const res = await signup({
		...base,
		identifier: '06 12 34 56 78',
		language: 'en',
	})
	expect(res.status).toBe(302)
	const user = await prisma.user.findUniqueOrThrow({
		where: { phone: '+212612345678' },
	})
	expect(user).toMatchObject({
		gender: null,
		birthYear: null,
		country: null,
		situation: null,
		migration: null,
		consentAt: null,
		language: 'en',
	})
})

test('sign-up errors: status 400, translated, each naming its field', async () => {
	const res = await signup({
		name: '',
		identifier: 'awa@example',
		password: 'court',
		confirmPassword: 'autre',
		language: 'fr',
		birthYear: '1850',
	})
	expect(res.status).toBe(400)
	const errors = await replyErrors(res)
	expect(errors.name).toEqual(['Nom et prénom : ce champ est obligatoire.'])
	expect(errors.password).toEqual(['Mot de passe : au moins 10 caractères.'])
	expect(errors.birthYear).toEqual(['Année de naissance : 1920 au minimum.'])
	// Checks across fields come once every field is valid on its own.
	const mismatch = await signup({
		...base,
		identifier: 'x@example.test',
		confirmPassword: `${GOOD_PASSWORD}?`,
	})
	expect((await replyErrors(mismatch)).confirmPassword).toEqual([
		'Confirmation du mot de passe : les deux mots de passe ne sont pas identiques.',
	])

	const english = await signup(
		{ ...base, name: 'A', identifier: 'x@example.test' },
		{ 'Accept-Language': 'en' },
	)
	expect((await replyErrors(english)).name).toEqual([
		'Full name: at least 2 characters.',
	])

	const badIdentifier = await signup({ ...base, identifier: '12345' })
	expect(badIdentifier.status).toBe(400)
	expect((await replyErrors(badIdentifier)).identifier?.[0]).toMatch(
		/^Adresse e-mail ou numéro de téléphone : saisissez une adresse e-mail/,
	)

	const common = await signup({
		...base,
		identifier: 'x@example.test',
		password: 'Qwertyuiop',
		confirmPassword: 'Qwertyuiop',
	})
	expect((await replyErrors(common)).password?.[0]).toMatch(
		/^Mot de passe : ce mot de passe fait partie des plus utilisés/,
	)

	const noConsent = await signup({
		...base,
		identifier: 'x@example.test',
		gender: 'woman',
	})
	expect((await replyErrors(noConsent)).consent?.[0]).toMatch(
		/^Consentement : cochez la case/,
	)

	const badChoice = await signup({
		...base,
		identifier: 'x@example.test',
		situation: 'astronaut',
		consent: 'on',
	})
	expect((await replyErrors(badChoice)).situation).toEqual([
		'Situation : choisissez une des réponses proposées.',
	])

	expect(await prisma.user.count()).toBe(0)
	// Passwords are never sent back to the page.
	const body = JSON.stringify(
		await (
			await signup({
				...base,
				identifier: 'bad',
				password: 'court-mais-secret',
			})
		).json(),
	)
	expect(body).not.toContain('court-mais-secret')
})

test('sign-up says nothing about whether an account exists: a taken e-mail or phone gets the same answer, creates nothing, and the owner is told by e-mail', async () => {
	const owner = await createTestUser({
		email: 'awa@example.test',
		name: 'Awa',
	})
	await createTestUser({ email: null, phone: '+237677123456' })
	const fresh = await signup({
		...base,
		identifier: 'nouvelle@example.test',
		redirectTo: '/join/ABC',
	})
	const byEmail = await signup({
		...base,
		identifier: 'AWA@example.test',
		redirectTo: '/join/ABC',
	})
	const byPhone = await signup({
		...base,
		identifier: '+237 677 12 34 56',
		redirectTo: '/join/ABC',
	})
	for (const res of [byEmail, byPhone]) {
		expect(res.status).toBe(fresh.status)
		expect(res.headers.get('Location')).toBe(fresh.headers.get('Location'))
		expect(await res.text()).toBe(await fresh.clone().text())
		expect(sessionTokenFrom(res)).toBeNull()
	}
	// Nothing changed on the existing accounts, no second account.
	expect(
		await prisma.user.count({ where: { email: 'awa@example.test' } }),
	).toBe(1)
	const unchanged = await prisma.user.findUniqueOrThrow({
		where: { id: owner.id },
	})
	expect(await verifyPassword(unchanged.passwordHash!, TEST_PASSWORD)).toBe(
		true,
	)
	expect(unchanged.name).toBe('Awa')
	// The owner of the e-mail address hears of it (queued, sent by the mail loop).
	const queued = await prisma.outboundMail.findMany({
		where: { to: 'awa@example.test' },
	})
	expect(queued).toHaveLength(1)
	expect(queued[0]!.subject).toMatch(/quelqu’un a voulu créer un compte/)
	expect(queued[0]!.text).toContain('/forgot-password')
	await prisma.outboundMail.deleteMany()
})

test('sign-up is limited per address (SIGN_UP_PER_HOUR): the next one is refused with 429 and a translated message', async () => {
	const address = '198.51.100.200'
	await prisma.signInFailure.createMany({
		data: Array.from({ length: 30 }, () => ({ key: `signup:${address}` })),
	})
	const refused = await settle(
		signupAction({
			request: postRequest(
				'/signup',
				{ ...base, identifier: 'limite@example.test' },
				{ headers: { 'Accept-Language': 'en' } },
			),
			params: {},
			context: context(address),
		}),
	)
	expect(refused.status).toBe(429)
	expect(await replyErrors(refused)).toEqual({
		'': [
			'Too many accounts have been created from this connection. Try again in an hour, or ask your trainer to enrol you.',
		],
	})
	expect(
		await prisma.user.count({ where: { email: 'limite@example.test' } }),
	).toBe(0)
	// Another address is not limited.
	const other = await settle(
		signupAction({
			request: postRequest('/signup', {
				...base,
				identifier: 'limite@example.test',
			}),
			params: {},
			context: context('198.51.100.201'),
		}),
	)
	expect(other.status).toBe(302)
	await prisma.signInFailure.deleteMany()
})

test('the account page lists the sessions, marks this device, and ends one or all others', async () => {
	const user = await createTestUser()
	const here = await signedInCookie(
		user.id,
		'Mozilla/5.0 (Linux; Android 10) Chrome/120.0 Mobile Safari/537.36',
	)
	const phone = await signedInCookie(
		user.id,
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1',
	)
	const laptop = await signedInCookie(
		user.id,
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
	)
	const page = (await (
		await settle(
			sessionsLoader({
				request: getRequest('/account/sessions', { cookie: here.cookie }),
				params: {},
				context: context(),
			}),
		)
	).json()) as {
		sessions: { id: string; current: boolean; device: string }[]
	}
	expect(page.sessions.map((s) => [s.device, s.current]).sort()).toEqual([
		['Chrome · Android', true],
		['Firefox · Windows', false],
		['Safari · iOS', false],
	])

	const ended = await account(
		{ intent: 'end-session', sessionId: hashToken(phone.token) },
		here.cookie,
	)
	expect(ended.headers.get('Location')).toBe('/account/sessions?sessionEnded')
	expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2)

	// Another user's session cannot be ended from here.
	const stranger = await createTestUser()
	const theirs = await signedInCookie(stranger.id)
	expect(
		(
			await account(
				{ intent: 'end-session', sessionId: hashToken(theirs.token) },
				here.cookie,
			)
		).status,
	).toBe(404)
	expect(await prisma.session.count({ where: { userId: stranger.id } })).toBe(1)

	await account({ intent: 'end-others', sessionId: '' }, here.cookie)
	expect(
		(await prisma.session.findMany({ where: { userId: user.id } })).map(
			(s) => s.id,
		),
	).toEqual([hashToken(here.token)])
	expect(laptop.token).not.toBe(here.token)
})

test('changing the password needs the current one and ends the other sessions', async () => {
	const user = await createTestUser()
	const here = await signedInCookie(user.id)
	await signedInCookie(user.id, 'other device')
	const wrong = await account(
		{
			intent: 'password',
			currentPassword: 'not-my-password',
			newPassword: GOOD_PASSWORD,
			confirmPassword: GOOD_PASSWORD,
		},
		here.cookie,
	)
	expect(wrong.status).toBe(400)
	expect((await replyErrors(wrong)).currentPassword).toEqual([
		"Mot de passe actuel : ce n'est pas le bon mot de passe.",
	])
	expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2)

	const ok = await account(
		{
			intent: 'password',
			currentPassword: TEST_PASSWORD,
			newPassword: GOOD_PASSWORD,
			confirmPassword: GOOD_PASSWORD,
		},
		here.cookie,
	)
	expect(ok.headers.get('Location')).toBe('/account/password?passwordChanged')
	expect(
		(await prisma.session.findMany({ where: { userId: user.id } })).map(
			(s) => s.id,
		),
	).toEqual([hashToken(here.token)])
	const updated = await prisma.user.findUniqueOrThrow({
		where: { id: user.id },
	})
	expect(await verifyPassword(updated.passwordHash!, GOOD_PASSWORD)).toBe(true)
})

test('the profile can be edited, and answers can be withdrawn', async () => {
	const user = await createTestUser({ name: 'Before' })
	const { cookie } = await signedInCookie(user.id)
	const saved = await account(
		{
			intent: 'profile',
			name: 'After',
			gender: 'man',
			country: 'MA',
			region: 'Oriental',
			consent: 'on',
			language: 'en',
		},
		cookie,
	)
	expect(saved.headers.get('Location')).toBe('/account/profile?profileSaved')
	const first = await prisma.user.findUniqueOrThrow({ where: { id: user.id } })
	expect(first).toMatchObject({
		name: 'After',
		gender: 'man',
		country: 'MA',
		region: 'Oriental',
		language: 'en',
	})
	expect(first.consentAt).toBeInstanceOf(Date)

	const withdrawn = await account(
		{ intent: 'profile', name: 'After', language: 'en' },
		cookie,
	)
	expect(withdrawn.status).toBe(302)
	expect(
		await prisma.user.findUniqueOrThrow({ where: { id: user.id } }),
	).toMatchObject({
		gender: null,
		country: null,
		region: null,
		consentAt: null,
	})
})

test('a phone-only learner adds an email address (needs the password)', async () => {
	const user = await createTestUser({ email: null, phone: '+212612345678' })
	const { cookie } = await signedInCookie(user.id)
	const wrong = await account(
		{
			intent: 'contact',
			email: 'new@example.test',
			phone: '0612345678',
			password: 'nope-nope-nope',
		},
		cookie,
	)
	expect(wrong.status).toBe(400)
	const ok = await account(
		{
			intent: 'contact',
			email: 'New@Example.test',
			phone: '06 12 34 56 78',
			password: TEST_PASSWORD,
		},
		cookie,
	)
	expect(ok.status).toBe(302)
	expect(
		await prisma.user.findUniqueOrThrow({ where: { id: user.id } }),
	).toMatchObject({ email: 'new@example.test', phone: '+212612345678' })
	const none = await account(
		{ intent: 'contact', email: '', phone: '', password: TEST_PASSWORD },
		cookie,
	)
	expect((await replyErrors(none)).email?.[0]).toMatch(
		/^Adresse e-mail : gardez au moins/,
	)
})

test('the data export holds the profile, sessions and learning records, and no secrets', async () => {
	const user = await createTestUser({
		name: 'Samuel Tchoua',
		email: 'samuel@example.test',
	})
	const { token, cookie } = await signedInCookie(user.id)
	await prisma.lessonProgress.create({
		data: { userId: user.id, courseSlug: 'loi-cadre', lessonSlug: 'intro' },
	})
	await prisma.quizAttempt.create({
		data: {
			userId: user.id,
			courseSlug: 'loi-cadre',
			lessonSlug: 'intro',
			correct: 3,
			total: 4,
			score: 75,
			passed: true,
			answers: '{"q1":"b"}',
		},
	})
	await prisma.worksheetEntry.create({
		data: {
			userId: user.id,
			courseSlug: 'creer',
			worksheetId: 'costs',
			data: '{"rent":"20000"}',
		},
	})
	await prisma.courseCompletion.create({
		data: { userId: user.id, courseSlug: 'loi-cadre', contentVersion: 'v1' },
	})

	const res = await settle(
		exportLoader({
			request: getRequest('/account/export.json', { cookie }),
			params: {},
			context: context(),
		}),
	)
	expect(res.headers.get('Content-Type')).toBe(
		'application/json; charset=utf-8',
	)
	expect(res.headers.get('Content-Disposition')).toMatch(
		/^attachment; filename="essor-data-\d{4}-\d{2}-\d{2}\.json"$/,
	)
	const text = await res.text()
	const data = JSON.parse(text)
	expect(data.profile).toMatchObject({
		name: 'Samuel Tchoua',
		email: 'samuel@example.test',
	})
	expect(data.sessions).toHaveLength(1)
	expect(data.lessonProgress).toMatchObject([
		{ courseSlug: 'loi-cadre', lessonSlug: 'intro' },
	])
	expect(data.quizAttempts).toMatchObject([{ score: 75, answers: { q1: 'b' } }])
	expect(data.worksheetEntries).toMatchObject([
		{ worksheetId: 'costs', data: { rent: '20000' } },
	])
	expect(data.completions).toMatchObject([{ courseSlug: 'loi-cadre' }])
	expect(data.enrollments).toEqual([])
	expect(text).not.toContain(user.passwordHash!)
	expect(text).not.toContain(hashToken(token))
	expect(text).not.toContain('passwordHash')

	const anonymous = await settle(
		exportLoader({
			request: getRequest('/account/export.json'),
			params: {},
			context: context(),
		}),
	)
	expect(anonymous.headers.get('Location')).toBe('/login?redirectTo=%2Faccount')
})

test('deleting the account needs the password, removes everything, and is audited', async () => {
	const user = await createTestUser()
	const { cookie } = await signedInCookie(user.id)
	await prisma.lessonProgress.create({
		data: { userId: user.id, courseSlug: 'loi-cadre', lessonSlug: 'intro' },
	})
	const wrong = await account(
		{ intent: 'delete', password: 'not-my-password' },
		cookie,
	)
	expect(wrong.status).toBe(400)
	expect((await replyErrors(wrong)).password).toEqual([
		"Mot de passe : ce n'est pas le bon mot de passe.",
	])
	expect(await prisma.user.count({ where: { id: user.id } })).toBe(1)

	const done = await account(
		{ intent: 'delete', password: TEST_PASSWORD },
		cookie,
	)
	expect(done.headers.get('Location')).toBe('/login?deleted')
	expect(sessionTokenFrom(done)).toBe('')
	expect(await prisma.user.count({ where: { id: user.id } })).toBe(0)
	expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
	expect(
		await prisma.lessonProgress.count({ where: { userId: user.id } }),
	).toBe(0)
	expect(
		await prisma.auditEvent.count({
			where: { action: 'user.delete', targetId: user.id },
		}),
	).toBe(1)
})

test('without SMTP_URL, mail goes to DATA_DIR/outbox as .eml', async () => {
	expect(process.env.SMTP_URL).toBeUndefined()
	const receipt = await sendMail({
		to: 'awa@example.test',
		subject: 'Essai',
		text: 'Bonjour, voici le lien : http://localhost:3000/reset-password/abc',
	})
	expect(receipt.via).toBe('outbox')
	if (receipt.via !== 'outbox') return
	expect(path.dirname(receipt.file)).toBe(outboxDir())
	expect(receipt.file.startsWith(path.resolve(process.env.DATA_DIR!))).toBe(
		true,
	)
	const raw = fs.readFileSync(receipt.file, 'utf8')
	expect(raw).toContain('To: awa@example.test')
	expect(raw).toContain('Subject: Essai')
})

test('npm run user:create makes an admin, printing a generated password', async () => {
	const result = spawnSync(
		'npm',
		[
			'run',
			'--silent',
			'user:create',
			'--',
			'--role',
			'admin',
			'--email',
			'Chief@Example.test',
			'--name',
			'Chief Admin',
		],
		{
			cwd: path.resolve(import.meta.dirname, '../..'),
			env: { ...process.env },
			encoding: 'utf8',
		},
	)
	expect(result.status, result.stderr).toBe(0)
	const password = /Password: (\S+)/.exec(result.stdout)?.[1]
	expect(password).toMatch(/^[a-zA-Z2-9]{16}$/)
	const user = await prisma.user.findUniqueOrThrow({
		where: { email: 'chief@example.test' },
	})
	expect(user).toMatchObject({ role: 'admin', name: 'Chief Admin' })
	expect(await verifyPassword(user.passwordHash!, password!)).toBe(true)

	const again = spawnSync(
		'npm',
		[
			'run',
			'--silent',
			'user:create',
			'--',
			'--role',
			'admin',
			'--email',
			'chief@example.test',
		],
		{
			cwd: path.resolve(import.meta.dirname, '../..'),
			env: { ...process.env },
			encoding: 'utf8',
		},
	)
	expect(again.status).toBe(1)
	expect(again.stderr).toContain('already uses chief@example.test')
}, 60_000)
