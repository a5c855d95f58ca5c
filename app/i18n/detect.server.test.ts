import { describe, expect, test } from 'vitest'
import {
	detectAnonymousLanguage,
	languageFromAcceptLanguage,
	languageFromCookie,
} from './detect.server.ts'

describe('one language detection for the app and the server’s own answers', () => {
	test.each([
		['en-GB,en;q=0.9', 'en'],
		['fr-CM,fr;q=0.9,en;q=0.8', 'fr'],
		// q-values decide, not the order written
		['fr;q=0.2, en;q=0.9', 'en'],
		['en;q=0.1, fr', 'fr'],
		// a language Essor does not offer falls through to the next one
		['ar-MA, en;q=0.5', 'en'],
		['de-DE', null],
		['', null],
		['*;q=0', null],
	])('Accept-Language %j → %j', (header, expected) => {
		expect(languageFromAcceptLanguage(header)).toBe(expected)
	})

	test('the lng cookie wins over Accept-Language, whatever else the Cookie header holds', () => {
		expect(
			detectAnonymousLanguage({
				cookie: 'essor_session=abc; lng=en; theme=dark',
				acceptLanguage: 'fr-FR,fr;q=0.9',
			}),
		).toBe('en')
	})

	test('an unknown cookie value or a missing header ends in French', () => {
		expect(languageFromCookie('lng=de')).toBeNull()
		expect(
			detectAnonymousLanguage({ cookie: 'lng=xx', acceptLanguage: null }),
		).toBe('fr')
		expect(detectAnonymousLanguage({})).toBe('fr')
	})
})
