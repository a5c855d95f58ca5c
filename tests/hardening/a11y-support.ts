import axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { newPage } from '#tests/support/browser.ts'

/** Shared by accessibility.test.ts and keyboard.test.ts: signed-in browser contexts and axe. */

export const LANGUAGES = ['fr', 'en'] as const
export type Lang = (typeof LANGUAGES)[number]

/** WCAG 2.1 A and AA, plus axe's best practices (only serious/critical ones fail a test). */
export const AXE_TAGS = [
	'wcag2a',
	'wcag2aa',
	'wcag21a',
	'wcag21aa',
	'best-practice',
]

/**
 * A browser context in one language, signed in with `cookie` (a `Cookie` header
 * `essor_session=<token>`, or null for a visitor). With `axe`, axe-core is
 * added to every document as an init script: those run outside the page's
 * CSP, so the app's strict CSP stays on while axe checks it.
 */
export async function signedInContext(
	browser: Browser,
	baseURL: string,
	lang: Lang,
	cookie: string | null,
	{ axe: withAxe = false } = {},
): Promise<BrowserContext> {
	const { context, page } = await newPage(browser, {
		locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
	})
	await page.close()
	const cookies: { name: string; value: string; url: string }[] = [
		{ name: 'lng', value: lang, url: baseURL },
	]
	if (cookie) {
		const [name, value] = cookie.split('=', 2) as [string, string]
		cookies.push({ name, value, url: baseURL })
	}
	await context.addCookies(cookies)
	if (withAxe) await context.addInitScript({ content: axe.source })
	return context
}

export type AxeViolation = {
	id: string
	impact: string | null
	help: string
	helpUrl: string
	nodes: { target: string[]; failureSummary: string }[]
}

/** Runs axe on the page as it is now (a page of a context made with `axe: true`); returns every violation, all impacts. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
	return page.evaluate(async (tags) => {
		const axeRun = (window as unknown as { axe?: typeof axe }).axe
		if (!axeRun)
			throw new Error(
				'axe-core is not loaded: create the context with { axe: true }',
			)
		const results = await axeRun.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'],
		})
		return results.violations.map((v) => ({
			id: v.id,
			impact: v.impact ?? null,
			help: v.help,
			helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({
				target: n.target.map((t) =>
					typeof t === 'string' ? t : JSON.stringify(t),
				),
				failureSummary: n.failureSummary ?? '',
			})),
		}))
	}, AXE_TAGS)
}

export function isBlocking(v: AxeViolation) {
	return v.impact === 'serious' || v.impact === 'critical'
}

/** "color-contrast (serious) — Elements must meet…: .muted, .badge" — one line per rule. */
export function describeViolations(violations: AxeViolation[]) {
	return violations
		.map((v) => {
			const targets = v.nodes.map((n) => n.target.join(' >> '))
			const shown =
				targets.slice(0, 8).join(' | ') +
				(targets.length > 8 ? ` | … (${targets.length - 8} more)` : '')
			const why = v.nodes[0]?.failureSummary.replace(/\s+/g, ' ').trim() ?? ''
			return `  - ${v.id} (${v.impact}) — ${v.help}\n      targets: ${shown}\n      e.g.: ${why}`
		})
		.join('\n')
}
