import { expect, test } from 'vitest'
import { EnvError, parseEnv, secureCookies } from './env.server.ts'

test('defaults give a working configuration', () => {
	const env = parseEnv({})
	expect(env.PORT).toBe(3000)
	expect(env.DATABASE_URL).toBe('file:./data/essor.db')
})

test('an invalid value stops with a message naming it', () => {
	expect(() => parseEnv({ PORT: 'abc' })).toThrow(EnvError)
	expect(() => parseEnv({ PORT: 'abc' })).toThrow(/PORT/)
	expect(() => parseEnv({ DATABASE_URL: 'postgres://x' })).toThrow(
		/DATABASE_URL: must be a SQLite URL/,
	)
	expect(() => parseEnv({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/)
})

test('the request log is on by default in production only; the slow-query threshold is a number of milliseconds', () => {
	expect(parseEnv({ NODE_ENV: 'production' }).REQUEST_LOG).toBe(true)
	expect(parseEnv({ NODE_ENV: 'development' }).REQUEST_LOG).toBe(false)
	expect(
		parseEnv({ NODE_ENV: 'production', REQUEST_LOG: '0' }).REQUEST_LOG,
	).toBe(false)
	expect(parseEnv({ NODE_ENV: 'test', REQUEST_LOG: 'yes' }).REQUEST_LOG).toBe(
		true,
	)
	expect(() => parseEnv({ REQUEST_LOG: 'maybe' })).toThrow(
		/REQUEST_LOG: must be 1 or 0/,
	)
	expect(parseEnv({}).SLOW_QUERY_MS).toBe(200)
	expect(parseEnv({ SLOW_QUERY_MS: '0' }).SLOW_QUERY_MS).toBe(0)
	expect(() => parseEnv({ SLOW_QUERY_MS: 'slow' })).toThrow(/SLOW_QUERY_MS/)
	expect(() => parseEnv({ SLOW_QUERY_MS: '-5' })).toThrow(/SLOW_QUERY_MS/)
})

test('CONTENT_MANIFEST is read through the schema', () => {
	expect(parseEnv({}).CONTENT_MANIFEST).toBeUndefined()
	expect(
		parseEnv({ CONTENT_MANIFEST: '/srv/catalog.json' }).CONTENT_MANIFEST,
	).toBe('/srv/catalog.json')
})

test('TIME_ZONE defaults to Africa/Douala and refuses a zone that does not exist', () => {
	expect(parseEnv({}).TIME_ZONE).toBe('Africa/Douala')
	expect(parseEnv({ TIME_ZONE: 'Africa/Casablanca' }).TIME_ZONE).toBe(
		'Africa/Casablanca',
	)
	expect(() => parseEnv({ TIME_ZONE: 'Africa/Yaounde-Centre' })).toThrow(
		/TIME_ZONE: must be an IANA time zone name/,
	)
})

test('yes/no settings read 0/1, true/false, yes/no and on/off alike, and INSECURE_COOKIES=0 keeps cookies Secure in production', () => {
	for (const [value, insecure] of [
		['0', false],
		['false', false],
		['no', false],
		['OFF', false],
		['1', true],
		['true', true],
		['Yes', true],
		['on', true],
	] as const) {
		const env = parseEnv({ NODE_ENV: 'production', INSECURE_COOKIES: value })
		expect(env.INSECURE_COOKIES, value).toBe(insecure)
		expect(secureCookies(env), value).toBe(!insecure)
		expect(
			parseEnv({ NODE_ENV: 'production', REQUEST_LOG: value }).REQUEST_LOG,
			value,
		).toBe(insecure)
	}
	expect(() => parseEnv({ INSECURE_COOKIES: '2' })).toThrow(
		/INSECURE_COOKIES: must be 1 or 0/,
	)
})

test('WARM_UP_ROUNDS: 10 by default, 0 turns the warm-up off, a negative or non-integer count is refused by name', () => {
	expect(parseEnv({}).WARM_UP_ROUNDS).toBe(10)
	expect(parseEnv({ WARM_UP_ROUNDS: '0' }).WARM_UP_ROUNDS).toBe(0)
	expect(parseEnv({ WARM_UP_ROUNDS: '3' }).WARM_UP_ROUNDS).toBe(3)
	for (const bad of ['-1', '2.5', 'lots'])
		expect(() => parseEnv({ WARM_UP_ROUNDS: bad })).toThrow(/WARM_UP_ROUNDS/)
})
