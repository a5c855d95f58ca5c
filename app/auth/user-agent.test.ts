import { expect, test } from 'vitest'
import { describeUserAgent } from './user-agent.ts'

test.each([
	[
		'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
		'Chrome · Android',
	],
	[
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
		'Safari · iOS',
	],
	[
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
		'Firefox · Windows',
	],
	[
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0',
		'Edge · Windows',
	],
	[
		'Mozilla/5.0 (Linux; Android 9; SM-J530F) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36',
		'Samsung Internet · Android',
	],
	['curl/8.5.0', 'curl/8.5.0'],
])('%s', (ua, expected) => {
	expect(describeUserAgent(ua)).toBe(expected)
})

test('no User-Agent, no description', () => {
	expect(describeUserAgent(null)).toBeNull()
	expect(describeUserAgent('')).toBeNull()
})
