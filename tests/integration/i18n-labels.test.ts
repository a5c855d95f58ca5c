import { createInstance } from 'i18next'
import { expect, test, vi } from 'vitest'
import { defaultNS, type Language } from '#app/i18n/config.ts'
import { getI18nInstance, resources } from '#app/i18n/i18n.server.ts'

function keys(value: unknown, prefix = ''): string[] {
	if (typeof value !== 'object' || value === null) return [prefix]
	return Object.entries(value).flatMap(([k, v]) =>
		keys(v, prefix ? `${prefix}.${k}` : k),
	)
}

async function plainI18next(lng: Language) {
	const i18n = createInstance()
	await i18n.init({
		lng,
		resources,
		defaultNS,
		fallbackLng: false,
		interpolation: { escapeValue: false },
	})
	return i18n
}

test('a label asked by its key alone is the text i18next gives, for every key of both languages, the first time and after', async () => {
	for (const lng of ['fr', 'en'] as const) {
		const reference = await plainI18next(lng)
		const t = (await getI18nInstance(lng)).getFixedT(lng)
		const all = keys(resources[lng][defaultNS])
		expect(all.length).toBeGreaterThan(500)
		for (const key of all) {
			const expected = reference.t(key)
			expect(t(key), key).toBe(expected)
			expect(t(key), key).toBe(expected)
		}
		expect(t('no.such.key')).toBe('no.such.key')
	}
})

test('values, counts and another language still change the text', async () => {
	const i18n = await getI18nInstance('fr')
	const t = i18n.getFixedT('fr')
	expect(t('cohorts.invitations.pending')).toBe(
		'{{count}} invitation(s) en attente',
	)
	expect(t('cohorts.invitations.pending', { count: 2 })).toBe(
		'2 invitation(s) en attente',
	)
	expect(t('cohorts.invitations.pending', { count: 1 })).toBe(
		'1 invitation(s) en attente',
	)
	expect(i18n.t('layout.courses')).toBe('Formations')
	expect(i18n.t('layout.courses', { lng: 'en' })).toBe(
		(await plainI18next('en')).t('layout.courses'),
	)
	expect(i18n.t('layout.courses')).toBe('Formations')
})

test('a label asked again by key alone is not resolved by i18next again', async () => {
	const i18n = await getI18nInstance('en')
	const translator = (i18n as unknown as { translator: object }).translator
	const resolve = vi.spyOn(
		translator as { translate: (...args: unknown[]) => unknown },
		'translate',
	)
	const t = i18n.getFixedT('en')
	const first = t('layout.signOut')
	for (let i = 0; i < 5; i++) expect(t('layout.signOut')).toBe(first)
	expect(resolve.mock.calls.length).toBeLessThanOrEqual(1)
	t('cohorts.invitations.pending', { count: 3 })
	t('cohorts.invitations.pending', { count: 3 })
	expect(resolve.mock.calls.length).toBeGreaterThanOrEqual(2)
	// A key the resources do not have is not kept (whatever a caller asks for).
	const before = resolve.mock.calls.length
	expect(t('not.a.label')).toBe('not.a.label')
	expect(t('not.a.label')).toBe('not.a.label')
	expect(resolve.mock.calls.length).toBe(before + 2)
	resolve.mockRestore()
})
