import { expect, test } from 'vitest'
import { isSameOriginRequest } from './origin.ts'

const req = (method: string, headers: Record<string, string>) => ({
	method,
	protocol: 'http',
	headers: { host: 'localhost:3000', ...headers },
})

test('GET is never refused', () => {
	expect(
		isSameOriginRequest(req('GET', { origin: 'https://evil.example' })),
	).toBe(true)
})

test('a POST from our own origin passes, a foreign or null origin is refused', () => {
	expect(
		isSameOriginRequest(req('POST', { origin: 'http://localhost:3000' })),
	).toBe(true)
	expect(
		isSameOriginRequest(req('POST', { origin: 'https://evil.example' })),
	).toBe(false)
	expect(isSameOriginRequest(req('POST', { origin: 'null' }))).toBe(false)
	expect(
		isSameOriginRequest(req('DELETE', { origin: 'http://localhost:3001' })),
	).toBe(false)
})

test('APP_URL is accepted behind a proxy that passes the public host on', () => {
	expect(
		isSameOriginRequest(
			req('POST', {
				origin: 'https://essor.example',
				'x-forwarded-host': 'essor.example',
			}),
			'https://essor.example',
		),
	).toBe(true)
	expect(
		isSameOriginRequest(
			req('POST', { origin: 'https://essor.example', host: 'essor.example' }),
			'https://essor.example',
		),
	).toBe(true)
})

test('an Origin that is APP_URL but not the host the request names is refused here, not by a Remix 500', () => {
	expect(
		isSameOriginRequest(
			req('POST', { origin: 'https://essor.example' }),
			'https://essor.example',
		),
	).toBe(false)
	expect(
		isSameOriginRequest(
			req('POST', { origin: 'http://localhost:3000', host: 'other.example' }),
			'http://localhost:3000',
		),
	).toBe(false)
	// A forged X-Forwarded-Host cannot make a foreign Origin acceptable.
	expect(
		isSameOriginRequest(
			req('POST', {
				origin: 'https://evil.example',
				'x-forwarded-host': 'evil.example',
			}),
		),
	).toBe(false)
})

test('a malformed Origin is refused, not thrown', () => {
	expect(isSameOriginRequest(req('POST', { origin: 'not a url' }))).toBe(false)
	expect(isSameOriginRequest(req('POST', { origin: 'file://' }))).toBe(false)
})

test('without Origin, Sec-Fetch-Site decides', () => {
	expect(isSameOriginRequest(req('POST', {}))).toBe(true)
	expect(
		isSameOriginRequest(req('POST', { 'sec-fetch-site': 'cross-site' })),
	).toBe(false)
})
