import crypto from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, newPage } from '#tests/support/browser.ts'
import {
	findResetLink,
	readMailDir,
	waitForMailInDir,
} from '#tests/support/smtp.ts'

const baseURL = inject('baseURL')
const mailDir = inject('mailDir')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

const email = `e2e-${crypto.randomBytes(4).toString('hex')}@example.test`
const name = 'Clarisse Mbarga'
const firstPassword = 'Le-Manguier-De-Bafoussam-1'
const secondPassword = 'La-Pirogue-Du-Wouri-2'

const ANDROID_UA =
	'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36'
const WINDOWS_UA =
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0'

async function signIn(page: Page, identifier: string, password: string) {
	await page.goto(`${baseURL}/login`)
	await page
		.getByLabel('Adresse e-mail ou numéro de téléphone')
		.fill(identifier)
	await page.getByLabel('Mot de passe', { exact: true }).fill(password)
	await page
		.locator('main')
		.getByRole('button', { name: 'Se connecter' })
		.click()
}

function accountLink(page: Page) {
	return page.getByTestId('account-link')
}

test('sign up, sign out and sign in again, without JavaScript', async () => {
	const { page, context } = await newPage(browser, {
		javaScriptEnabled: false,
		userAgent: ANDROID_UA,
	})
	await page.goto(baseURL)
	await page.getByRole('link', { name: 'Créer un compte' }).click()
	await page.waitForURL(`${baseURL}/signup`)

	await page.getByLabel('Nom et prénom').fill(name)
	await page.getByLabel('Adresse e-mail ou numéro de téléphone').fill(email)
	await page.getByLabel('Mot de passe', { exact: true }).fill(firstPassword)
	await page
		.getByLabel('Confirmation du mot de passe')
		.fill('not the same password')
	await page.getByLabel('Genre').selectOption('woman')
	await page.getByLabel('Pays').selectOption('CM')
	await page.getByRole('button', { name: 'Créer mon compte' }).click()
	// The server answers 400 with the errors, each naming its field; nothing is lost but the passwords.
	const errors = await page.locator('.field-error').allTextContents()
	expect(errors).toHaveLength(2)
	expect(errors[0]).toBe(
		'Confirmation du mot de passe : les deux mots de passe ne sont pas identiques.',
	)
	expect(errors[1]).toMatch(/^Consentement : cochez la case/)
	expect(await page.getByLabel('Nom et prénom').inputValue()).toBe(name)
	expect(await page.getByLabel('Genre').inputValue()).toBe('woman')
	expect(
		await page.getByLabel('Mot de passe', { exact: true }).inputValue(),
	).toBe('')

	await page.getByLabel('Mot de passe', { exact: true }).fill(firstPassword)
	await page.getByLabel('Confirmation du mot de passe').fill(firstPassword)
	await page.getByLabel(/J'accepte qu'Essor enregistre ces réponses/).check()
	await page.getByRole('button', { name: 'Créer mon compte' }).click()
	// Sign-up signs nobody in (its answer is the same for a taken identifier):
	// the sign-in form follows, filled with the identifier just chosen.
	await page.waitForURL(`${baseURL}/login?signedUp=1`)
	expect(await page.getByRole('status').first().textContent()).toMatch(
		/^Connectez-vous avec l’identifiant et le mot de passe que vous venez de choisir/,
	)
	expect(
		await page.getByLabel('Adresse e-mail ou numéro de téléphone').inputValue(),
	).toBe(email)
	await page.getByLabel('Mot de passe', { exact: true }).fill(firstPassword)
	await page.getByRole('button', { name: 'Se connecter' }).click()
	await page.waitForURL(`${baseURL}/training`)
	expect(await accountLink(page).textContent()).toBe(name)

	await page.getByRole('button', { name: 'Se déconnecter' }).click()
	await page.waitForURL(`${baseURL}/`)
	expect(await accountLink(page).count()).toBe(0)
	expect(await page.getByRole('link', { name: 'Se connecter' }).count()).toBe(1)

	await signIn(page, email.toUpperCase(), 'wrong-password-here')
	expect(await page.getByRole('alert').textContent()).toBe(
		'Identifiant ou mot de passe incorrect.',
	)
	await signIn(page, email, firstPassword)
	await page.waitForURL(`${baseURL}/training`)
	expect(await accountLink(page).textContent()).toBe(name)
	await context.close()
})

test('reset a forgotten password through the link received by email', async () => {
	const { page, context } = await newPage(browser)
	const before = readMailDir(mailDir).length
	await page.goto(`${baseURL}/login`)
	await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click()
	await page.waitForURL(`${baseURL}/forgot-password`)
	// Phone-only accounts are told plainly how they get a new password.
	await expect
		.poll(() => page.locator('main').textContent())
		.toContain(
			'Demandez à votre formatrice, à votre formateur ou à un administrateur',
		)
	await page.getByLabel('Adresse e-mail').fill(email)
	await page.getByRole('button', { name: 'Envoyer le lien' }).click()
	await expect
		.poll(() => page.getByRole('status').textContent())
		.toContain('nous venons de lui envoyer un lien')

	const mail = await waitForMailInDir(mailDir, email, { after: before })
	expect(mail.subject).toBe('Essor : choisir un nouveau mot de passe')
	const link = findResetLink(mail.text)
	expect(link?.startsWith(`${baseURL}/reset-password/`)).toBe(true)

	await page.goto(link!)
	expect(await page.locator('h1').textContent()).toBe(
		'Choisir un nouveau mot de passe',
	)
	await page.getByLabel('Nouveau mot de passe').fill(secondPassword)
	await page.getByLabel('Confirmation du mot de passe').fill(secondPassword)
	await page
		.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' })
		.click()
	await page.waitForURL(`${baseURL}/login?resetDone`)
	await expect
		.poll(() => page.getByRole('status').textContent())
		.toContain('Votre mot de passe a été changé')

	// The link is spent.
	await page.goto(link!)
	expect(await page.locator('h1').textContent()).toBe('Lien invalide ou expiré')

	await signIn(page, email, firstPassword)
	await expect
		.poll(() => page.getByRole('alert').textContent())
		.toBe('Identifiant ou mot de passe incorrect.')
	await signIn(page, email, secondPassword)
	await page.waitForURL(`${baseURL}/training`)
	await expect.poll(() => accountLink(page).textContent()).toBe(name)
	await context.close()
})

test('see the open sessions on /account/sessions and end another device’s session', async () => {
	const phone = await newPage(browser, { userAgent: ANDROID_UA })
	const laptop = await newPage(browser, { userAgent: WINDOWS_UA })
	await signIn(phone.page, email, secondPassword)
	await phone.page.waitForURL(`${baseURL}/training`)
	await signIn(laptop.page, email, secondPassword)
	await laptop.page.waitForURL(`${baseURL}/training`)

	await phone.page.goto(`${baseURL}/account/sessions`)
	const sessions = phone.page.locator('.session-list > li')
	await expect.poll(() => sessions.count()).toBeGreaterThanOrEqual(2)
	const current = phone.page.locator('.session-list > li[data-current]')
	expect(await current.locator('strong').textContent()).toBe('Chrome · Android')
	expect(await current.textContent()).toContain('Cet appareil')
	const windows = phone.page.locator('.session-list > li', {
		hasText: 'Firefox · Windows',
	})
	expect(await windows.count()).toBe(1)

	const countBefore = await sessions.count()
	await windows.getByRole('button', { name: 'Terminer cette session' }).click()
	await expect
		.poll(() => phone.page.getByRole('status').textContent())
		.toBe('Session terminée.')
	await expect.poll(() => sessions.count()).toBe(countBefore - 1)
	expect(
		await phone.page
			.locator('.session-list > li', { hasText: 'Firefox · Windows' })
			.count(),
	).toBe(0)

	// The laptop is signed out: its next page asks it to sign in.
	await laptop.page.goto(`${baseURL}/account`)
	await laptop.page.waitForURL(`${baseURL}/login?redirectTo=%2Faccount`)
	expect(await laptop.page.getByTestId('account-link').count()).toBe(0)
	// The phone is still signed in.
	await phone.page.reload()
	expect(await accountLink(phone.page).textContent()).toBe(name)

	await phone.context.close()
	await laptop.context.close()
})

test('a cross-origin form post is refused (403) by the real server, and signs nobody in', async () => {
	const body = new URLSearchParams({
		identifier: 'admin@essor.demo',
		password: 'Essor-Demo-2026',
	})
	const headers = { 'Content-Type': 'application/x-www-form-urlencoded' }
	const forged = await fetch(`${baseURL}/login`, {
		method: 'POST',
		body,
		headers: { ...headers, Origin: 'https://evil.example' },
		redirect: 'manual',
	})
	expect(forged.status).toBe(403)
	expect(forged.headers.getSetCookie()).toEqual([])
	const nullOrigin = await fetch(`${baseURL}/logout`, {
		method: 'POST',
		headers: { ...headers, Origin: 'null' },
		redirect: 'manual',
	})
	expect(nullOrigin.status).toBe(403)

	// The same post from the site itself goes through: the credentials were right.
	const genuine = await fetch(`${baseURL}/login`, {
		method: 'POST',
		body,
		headers: { ...headers, Origin: baseURL },
		redirect: 'manual',
	})
	expect(genuine.status).toBe(302)
	expect(
		genuine.headers.getSetCookie().some((c) => {
			const [value, ...attributes] = c.split('; ')
			return (
				/^essor_session=[a-z2-7]{32}$/.test(value!) &&
				['HttpOnly', 'SameSite=Lax', 'Secure', 'Path=/'].every((a) =>
					attributes.includes(a),
				)
			)
		}),
	).toBe(true)
})
