import { afterAll, afterEach, expect, test, vi } from 'vitest'
import { createResetToken } from '#app/auth/password-reset.server.ts'
import { hashToken } from '#app/auth/session.server.ts'
import { prisma } from '#app/db.server.ts'
import { action as forgotAction } from '#app/routes/forgot-password.tsx'
import { action as loginAction } from '#app/routes/login.tsx'
import {
	action as resetAction,
	loader as resetLoader,
} from '#app/routes/reset-password.$token.tsx'
import {
	context,
	createTestUser,
	getRequest,
	postRequest,
	replyErrors,
	settle,
	signedInCookie,
} from '#tests/support/auth.ts'
import { findResetLink } from '#tests/support/smtp.ts'

// A real SMTP server, started before the app's modules read SMTP_URL.
const smtp = await vi.hoisted(async () => {
	const { startSmtpServer } = await import('#tests/support/smtp.ts')
	const server = await startSmtpServer()
	process.env.SMTP_URL = server.url
	return server
})

afterAll(async () => {
	delete process.env.SMTP_URL
	await smtp.stop()
})

afterEach(async () => {
	await prisma.auditEvent.deleteMany()
	await prisma.session.deleteMany()
	await prisma.user.deleteMany()
})

const NEW_PASSWORD = 'Une-Autre-Phrase-Secrete-42'

function forgot(identifier: string, headers: Record<string, string> = {}) {
	return settle(
		forgotAction({
			request: postRequest('/forgot-password', { identifier }, { headers }),
			params: {},
			context: context(),
		}),
	)
}

function reset(token: string, fields: Record<string, string>) {
	return settle(
		resetAction({
			request: postRequest(`/reset-password/${token}`, fields),
			params: { token },
			context: context(),
		}),
	)
}

function resetPage(token: string) {
	return settle(
		resetLoader({
			request: getRequest(`/reset-password/${token}`),
			params: { token },
			context: context(),
		}),
	)
}

function tokenOf(link: string) {
	return link.split('/').at(-1)!
}

test('the reset link arrives by SMTP in the user’s language, works once, and ends every session', async () => {
	const user = await createTestUser({
		email: 'mireille@example.test',
		name: 'Mireille Ebongue',
		language: 'fr',
	})
	const { token: sessionToken } = await signedInCookie(user.id)
	const before = smtp.messages.length

	const res = await forgot('Mireille@Example.test')
	expect(res.status).toBe(302)
	expect(res.headers.get('Location')).toBe('/forgot-password?sent')

	const mail = await smtp.waitForMail('mireille@example.test', {
		after: before,
	})
	expect(mail.subject).toBe('Essor : choisir un nouveau mot de passe')
	expect(mail.text).toContain('Bonjour Mireille Ebongue,')
	const link = findResetLink(mail.text)
	expect(link).toMatch(
		/^http:\/\/localhost:3000\/reset-password\/[a-z2-7]{32}$/,
	)
	const token = tokenOf(link!)
	// The database keeps only the link's hash.
	const stored = await prisma.passwordToken.findFirstOrThrow({
		where: { userId: user.id },
	})
	expect(stored.tokenHash).toBe(hashToken(token))
	expect(Math.round((stored.expiresAt.getTime() - Date.now()) / 60_000)).toBe(
		60,
	)

	const page = await resetPage(token)
	expect(page.status).toBe(200)
	expect(await page.json()).toMatchObject({
		valid: true,
		name: 'Mireille Ebongue',
	})

	const done = await reset(token, {
		newPassword: NEW_PASSWORD,
		confirmPassword: NEW_PASSWORD,
	})
	expect(done.status).toBe(302)
	expect(done.headers.get('Location')).toBe('/login?resetDone')
	expect(
		await prisma.session.findUnique({ where: { id: hashToken(sessionToken) } }),
	).toBeNull()

	const signIn = await settle(
		loginAction({
			request: postRequest('/login', {
				identifier: 'mireille@example.test',
				password: NEW_PASSWORD,
			}),
			params: {},
			context: context(),
		}),
	)
	expect(signIn.status).toBe(302)

	// Single use: the same link is refused afterwards, on the page and on submit.
	expect((await resetPage(token)).status).toBe(410)
	const again = await reset(token, {
		newPassword: 'Encore-Un-Autre-Secret-7',
		confirmPassword: 'Encore-Un-Autre-Secret-7',
	})
	expect(again.status).toBe(410)
	expect(await replyErrors(again)).toEqual({
		'': [
			'Ce lien de réinitialisation a déjà servi ou a expiré. Demandez-en un nouveau.',
		],
	})
})

test('English users get the message in English', async () => {
	await createTestUser({
		email: 'sam@example.test',
		name: 'Sam',
		language: 'en',
	})
	const before = smtp.messages.length
	await forgot('sam@example.test')
	const mail = await smtp.waitForMail('sam@example.test', { after: before })
	expect(mail.subject).toBe('Essor: choose a new password')
	expect(mail.text).toContain('Hello Sam,')
	expect(findResetLink(mail.text)).not.toBeNull()
})

test('an expired link is refused', async () => {
	const user = await createTestUser()
	const { token } = await createResetToken(user.id, 60_000)
	await prisma.passwordToken.updateMany({
		where: { userId: user.id },
		data: { expiresAt: new Date(Date.now() - 1000) },
	})
	expect((await resetPage(token)).status).toBe(410)
	const res = await reset(token, {
		newPassword: NEW_PASSWORD,
		confirmPassword: NEW_PASSWORD,
	})
	expect(res.status).toBe(410)
	const unchanged = await prisma.user.findUniqueOrThrow({
		where: { id: user.id },
	})
	expect(unchanged.passwordHash).toBe(user.passwordHash)
})

test('a made-up token is refused', async () => {
	expect((await resetPage('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(410)
	expect((await resetPage('not-even-a-token')).status).toBe(410)
})

test('the new password must be acceptable: errors name the field, and the link stays usable', async () => {
	const user = await createTestUser()
	const { token } = await createResetToken(user.id, 60_000)
	const short = await reset(token, {
		newPassword: 'short',
		confirmPassword: 'short',
	})
	expect(short.status).toBe(400)
	expect((await replyErrors(short)).newPassword).toEqual([
		'Nouveau mot de passe : au moins 10 caractères.',
	])
	const common = await reset(token, {
		newPassword: 'Password123',
		confirmPassword: 'Password123',
	})
	expect(common.status).toBe(400)
	expect((await replyErrors(common)).newPassword?.[0]).toMatch(
		/^Nouveau mot de passe : ce mot de passe fait partie des plus utilisés/,
	)
	const mismatch = await reset(token, {
		newPassword: NEW_PASSWORD,
		confirmPassword: `${NEW_PASSWORD}!`,
	})
	expect((await replyErrors(mismatch)).confirmPassword).toEqual([
		'Confirmation du mot de passe : les deux mots de passe ne sont pas identiques.',
	])
	expect((await resetPage(token)).status).toBe(200)
})

test('unknown and phone-only identifiers get the same answer and no mail', async () => {
	await createTestUser({ email: null, phone: '+237677000001' })
	const before = smtp.messages.length
	const unknown = await forgot('nobody@example.test')
	const phoneOnly = await forgot('6 77 00 00 01')
	for (const res of [unknown, phoneOnly]) {
		expect(res.status).toBe(302)
		expect(res.headers.get('Location')).toBe('/forgot-password?sent')
	}
	expect(await prisma.passwordToken.count()).toBe(0)
	await new Promise((r) => setTimeout(r, 300))
	expect(smtp.messages.length).toBe(before)
})

test('at most three emails an hour per account', async () => {
	const user = await createTestUser({ email: 'flood@example.test' })
	const before = smtp.messages.length
	for (let i = 0; i < 5; i++) await forgot('flood@example.test')
	expect(await prisma.passwordToken.count({ where: { userId: user.id } })).toBe(
		3,
	)
	await expect
		.poll(
			() =>
				smtp.messages
					.slice(before)
					.filter((m) => m.to.includes('flood@example.test')).length,
		)
		.toBe(3)
})
