import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, newPage } from '#tests/support/browser.ts'

const baseURL = inject('baseURL')
const lessonPath = '/courses/apres-la-creation/premiers-clients-et-tresorerie'
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

/** French typography puts no-break spaces in labels and amounts. */
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

async function signIn(page: Page) {
	await page.goto(`${baseURL}/login`)
	await page
		.getByLabel('Adresse e-mail ou numéro de téléphone')
		.fill('apprenant@essor.demo')
	await page.getByLabel('Mot de passe', { exact: true }).fill('Essor-Demo-2026')
	await page.getByRole('button', { name: 'Se connecter' }).last().click()
	await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

test('the cash-flow plan is saved and computed on the server without JavaScript, month by month, and a negative payment is refused by name', async () => {
	const { page, context } = await newPage(browser, { javaScriptEnabled: false })
	await signIn(page)
	await page.goto(`${baseURL}${lessonPath}`)
	// No JavaScript of the page's own: only the offline registration script (app/offline).
	expect(
		await page
			.locator('script')
			.evaluateAll((s) => s.map((e) => e.getAttribute('src'))),
	).toEqual(['/offline.js'])

	const sheet = page.locator('#worksheet-plan-de-tresorerie')
	const figures: Record<string, string> = {
		'Argent disponible au début du mois 1': '200 000',
		'Mois 1 : encaissements': '150000',
		'Mois 1 : décaissements': '250000',
		'Mois 2 : encaissements': '220000',
		'Mois 2 : décaissements': '260000',
		'Mois 3 : encaissements': '180000',
		'Mois 3 : décaissements': '300000',
		'Mois 4 : encaissements': '500000',
		'Mois 4 : décaissements': '200000',
	}
	for (const [label, value] of Object.entries(figures)) {
		await sheet.getByLabel(label, { exact: false }).fill(value)
	}
	await sheet.getByRole('button', { name: 'Enregistrer ma fiche' }).click()
	await page.waitForURL(/saved=plan-de-tresorerie/)

	const outcome = page.locator(
		'#worksheet-plan-de-tresorerie .worksheet__outcome',
	)
	const text = spaces(await outcome.innerText())
	expect(text).toContain('La trésorerie passe sous zéro au mois 3')
	expect(text).toContain('Solde le plus bas : -60 000, au mois 3.')
	expect(text).toContain('il faudrait 60 000 de plus au départ')
	const rows = await outcome.locator('tbody tr').allInnerTexts()
	expect(rows.map((r) => spaces(r).split('\t'))).toEqual([
		['1', '150 000', '250 000', '100 000'],
		['2', '220 000', '260 000', '60 000'],
		['3', '180 000', '300 000', '-60 000'],
		['4', '500 000', '200 000', '240 000'],
	])
	// The figures are found again after a reload.
	await page.goto(`${baseURL}${lessonPath}`)
	expect(
		await sheet
			.getByLabel('Mois 3 : décaissements', { exact: false })
			.inputValue(),
	).toBe('300000')

	// A payment typed with a minus sign is named and nothing typed is lost.
	await sheet
		.getByLabel('Mois 2 : décaissements', { exact: false })
		.fill('-260000')
	await sheet.getByRole('button', { name: 'Enregistrer ma fiche' }).click()
	const error = sheet.locator('.field-error')
	// Without JavaScript the form posts and the 400 page replaces this one.
	await error.first().waitFor()
	expect(await error.count()).toBe(1)
	const message = spaces(await error.innerText())
	expect(message).toContain('Mois 2 : décaissements')
	expect(message).toContain('montant positif')
	expect(
		await sheet
			.getByLabel('Mois 2 : décaissements', { exact: false })
			.inputValue(),
	).toBe('-260000')
	expect(await outcome.count()).toBe(0)
	await context.close()
})
