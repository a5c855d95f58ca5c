export const supportedLanguages = ['fr', 'en'] as const
export type Language = (typeof supportedLanguages)[number]
export const fallbackLanguage: Language = 'fr'
export const defaultNS = 'translation'

export function isLanguage(value: unknown): value is Language {
	return (
		typeof value === 'string' &&
		(supportedLanguages as readonly string[]).includes(value)
	)
}
