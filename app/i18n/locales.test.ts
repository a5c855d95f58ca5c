import { expect, test } from 'vitest'
import en from './locales/en.ts'
import fr from './locales/fr.ts'

function keys(value: unknown, prefix = ''): string[] {
	if (typeof value !== 'object' || value === null) return [prefix]
	return Object.entries(value).flatMap(([k, v]) =>
		keys(v, prefix ? `${prefix}.${k}` : k),
	)
}

test('French and English have the same translation keys', () => {
	expect(keys(en).sort()).toEqual(keys(fr).sort())
})

test('no translation is empty', () => {
	for (const messages of [fr, en]) {
		const empty = keys(messages).filter((k) => {
			const v = k
				.split('.')
				.reduce<unknown>(
					(o, part) => (o as Record<string, unknown>)[part],
					messages,
				)
			return typeof v !== 'string' || v.trim() === ''
		})
		expect(empty).toEqual([])
	}
})
