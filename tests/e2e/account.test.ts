import crypto from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import en from '#app/i18n/locales/en.ts'
import fr from '#app/i18n/locales/fr.ts'
import { launchBrowser, newPage } from '#tests/support/browser.ts'

/**
 * The account page is a layout with one section per form (profile, contact,
 * password, sessions, deletion), each its own route: every form works without
 * JavaScript at its own URL, and a section that fails shows its error inside
 * the page, whose title and sections stay, in the page's language.
 */

const baseURL = inject('baseURL')
let browser: Browser
const password = 'Le-Fromager-De-Kribi-7'
const email = `account-${crypto.randomBytes(4).toString('hex')}@example.test`
let cookie = ''

const form = (fields: Record<string, string>) => ({
	method: 'POST',
	redirect: 'manual' as const,
	headers: {
		Origin: baseURL,
		'Content-Type': 'application/x-www-form-urlencoded',
	},
	body: new URLSearchParams(fields),
})

beforeAll(async () => {
	browser = await launchBrowser()
	const signup = await fetch(
		`${baseURL}/signup`,
		form({
			name: 'Mariama Sow',
			identifier: email,
			password,
			confirmPassword: password,
			language: 'fr',
		}),
	)
	expect(signup.status).toBe(302)
	const login = await fetch(
		`${baseURL}/login`,
		form({ identifier: email, password }),
	)
	expect(login.status).toBe(302)
	cookie = login.headers
		.getSetCookie()
		.find((c) => c.startsWith('essor_session='))!
		.split(';')[0]!
})
afterAll(async () => {
	await browser?.close()
})

async function pageWithoutJavaScript() {
	const { page, context } = await newPage(browser, { javaScriptEnabled: false })
	const [name, value] = cookie.split('=') as [string, string]
	await context.addCookies([{ name, value, url: baseURL }])
	return { page, context }
}

test('without JavaScript: the sections are links, and each form saves at its own URL and comes back with its notice or its errors', async () => {
	const { page, context } = await pageWithoutJavaScript()
	await page.goto(`${baseURL}/account`)
	expect(await page.locator('h1').textContent()).toBe('Mon compte')
	const sections = page.getByRole('navigation', { name: 'Sections du compte' })
	expect(await sections.getByRole('link').allTextContents()).toEqual([
		'Vue d’ensemble',
		'Profil',
		'Identifiants de connexion',
		'Changer le mot de passe',
		'Sessions ouvertes',
		'Supprimer mon compte',
	])
	expect(await sections.locator('[aria-current="page"]').textContent()).toBe(
		'Vue d’ensemble',
	)

	await sections.getByRole('link', { name: 'Profil' }).click()
	await page.waitForURL(`${baseURL}/account/profile`)
	await page.getByLabel('Nom et prénom').fill('Mariama Sow Diallo')
	await page.getByRole('button', { name: 'Enregistrer le profil' }).click()
	await page.waitForURL(`${baseURL}/account/profile?profileSaved`)
	expect(await page.getByRole('status').textContent()).toBe(
		'Profil enregistré.',
	)
	expect(await page.getByTestId('account-link').textContent()).toBe(
		'Mariama Sow Diallo',
	)

	await page.goto(`${baseURL}/account/password`)
	await page.getByLabel('Mot de passe actuel').fill('pas-le-bon-mot-de-passe')
	await page.getByLabel('Nouveau mot de passe').fill('Un-Autre-Mot-De-Passe-8')
	await page
		.getByLabel('Confirmation du mot de passe')
		.fill('Un-Autre-Mot-De-Passe-8')
	await page.getByRole('button', { name: 'Changer le mot de passe' }).click()
	await page.waitForURL(`${baseURL}/account/password`)
	expect(await page.locator('.field-error').allTextContents()).toEqual([
		"Mot de passe actuel : ce n'est pas le bon mot de passe.",
	])
	expect(await page.locator('h1').textContent()).toBe('Mon compte')
	await context.close()
})

test('a section that fails shows its error in the page, in French and in English; the title and the sections stay', async () => {
	const cases: {
		fields: Record<string, string>
		status: number
		message: { fr: string; en: string }
	}[] = [
		{
			fields: {
				intent: 'end-session',
				sessionId: 'cette-session-n-existe-pas',
			},
			status: 404,
			message: { fr: fr.errors.sessionNotFound, en: en.errors.sessionNotFound },
		},
		{
			fields: { intent: 'nonsense' },
			status: 400,
			message: { fr: fr.errors.unknownAction, en: en.errors.unknownAction },
		},
	]
	for (const c of cases)
		for (const lang of ['fr', 'en'] as const) {
			const request = form(c.fields)
			const response = await fetch(`${baseURL}/account/sessions`, {
				...request,
				headers: { ...request.headers, Cookie: `${cookie}; lng=${lang}` },
			})
			expect(response.status).toBe(c.status)
			const html = await response.text()
			const t = lang === 'fr' ? fr : en
			expect(html).toContain(`<h1>${t.auth.account.title}</h1>`)
			expect(html).toContain(`aria-label="${t.auth.account.sectionsNav}"`)
			expect(html).toContain('href="/account/profile"')
			expect(html).toContain(
				`<section class="account-section" aria-labelledby="panel-error" data-error-path="/account/sessions">`,
			)
			expect(html).toContain(
				`<p>${c.message[lang].replaceAll("'", '&#x27;')}</p>`,
			)
			expect(html).toContain(t.auth.account.backToAccount)
		}
})

test('with JavaScript, a refused form shows its errors in its section without leaving the page', async () => {
	const { page, context } = await newPage(browser)
	const [name, value] = cookie.split('=') as [string, string]
	await context.addCookies([{ name, value, url: baseURL }])
	await page.goto(`${baseURL}/account/delete`)
	await page.getByLabel('Mot de passe', { exact: true }).fill('pas-le-bon')
	await page
		.getByRole('button', { name: 'Supprimer définitivement mon compte' })
		.click()
	await expect
		.poll(() => page.locator('.field-error').allTextContents())
		.toEqual(["Mot de passe : ce n'est pas le bon mot de passe."])
	expect(page.url()).toBe(`${baseURL}/account/delete`)
	await context.close()
})
