import {
	chromium,
	type Browser,
	type BrowserContextOptions,
} from 'playwright-core'
import { CHROMIUM_FLAGS, findChromium } from './chromium.ts'

export async function launchBrowser(): Promise<Browser> {
	const executablePath = findChromium()
	if (!executablePath)
		throw new Error(
			'No Chromium: run the suite with `npm test`, which finds or installs one.',
		)
	return chromium.launch({ executablePath, args: CHROMIUM_FLAGS })
}

export async function newPage(
	browser: Browser,
	options: BrowserContextOptions = {},
) {
	const context = await browser.newContext({ locale: 'fr-FR', ...options })
	return { context, page: await context.newPage() }
}
