import { expect, test } from 'vitest'
import { safeRedirect } from './safe-redirect.ts'

test.each([
	['/courses', '/courses'],
	['/courses/loi?x=1#quiz', '/courses/loi?x=1#quiz'],
	['https://evil.example/', '/'],
	['//evil.example/', '/'],
	['/\\evil.example', '/'],
	['/\t/evil.example', '/'],
	['javascript:alert(1)', '/'],
	['', '/'],
	[null, '/'],
])('safeRedirect(%j) is %j', (input, expected) => {
	expect(safeRedirect(input)).toBe(expected)
})

test('uses the given fallback', () => {
	expect(safeRedirect('http://x.test', '/account')).toBe('/account')
})
