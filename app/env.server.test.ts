import { expect, test } from 'vitest'
import { EnvError, parseEnv } from './env.server.ts'

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

test('TIME_ZONE defaults to Africa/Douala and refuses a zone that does not exist', () => {
	expect(parseEnv({}).TIME_ZONE).toBe('Africa/Douala')
	expect(parseEnv({ TIME_ZONE: 'Africa/Casablanca' }).TIME_ZONE).toBe(
		'Africa/Casablanca',
	)
	expect(() => parseEnv({ TIME_ZONE: 'Africa/Yaounde-Centre' })).toThrow(
		/TIME_ZONE: must be an IANA time zone name/,
	)
})
