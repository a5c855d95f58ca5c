import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, newPage } from '#tests/support/browser.ts'

const baseURL = inject('baseURL')
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

test('the home page is French by default and switches to English', async () => {
	const { page, context } = await newPage(browser)
	await page.goto(baseURL)
	expect(await page.getAttribute('html', 'lang')).toBe('fr')
	await expect
		.poll(() => page.locator('h1').textContent())
		.toBe("Se former à l'économie sociale et solidaire")

	await page.getByRole('button', { name: 'English' }).click()
	await page.waitForURL(`${baseURL}/`)
	await expect
		.poll(() => page.locator('h1').textContent())
		.toBe('Learn the social and solidarity economy')
	expect(await page.getAttribute('html', 'lang')).toBe('en')

	// The choice is remembered by the lng cookie on the next visit.
	await page.goto(`${baseURL}/`)
	expect(await page.locator('h1').textContent()).toBe(
		'Learn the social and solidarity economy',
	)
	await context.close()
})

test('an English browser gets English, and the page works without JavaScript', async () => {
	const { page, context } = await newPage(browser, {
		locale: 'en-GB',
		javaScriptEnabled: false,
	})
	await page.goto(baseURL)
	expect(await page.getAttribute('html', 'lang')).toBe('en')
	expect(await page.locator('h1').textContent()).toBe(
		'Learn the social and solidarity economy',
	)
	await page.getByRole('button', { name: 'Français' }).click()
	await page.waitForURL(`${baseURL}/`)
	expect(await page.locator('h1').textContent()).toBe(
		"Se former à l'économie sociale et solidaire",
	)
	await context.close()
})

test('the skip link moves keyboard focus to the main content', async () => {
	const { page, context } = await newPage(browser)
	await page.goto(baseURL)
	await page.keyboard.press('Tab')
	const focused = await page.evaluate(() => document.activeElement?.textContent)
	expect(focused).toBe('Aller au contenu')
	await page.keyboard.press('Enter')
	expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
	await context.close()
})
