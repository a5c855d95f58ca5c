import path from 'node:path'
import { expect, test } from 'vitest'
import { appUrl, getEnv, SETTING_NAMES } from '#app/env.server.ts'
import { hermeticEnv, TEST_ORIGIN } from './test-env.ts'

test('no app setting or locale of the shell reaches the tests; test knobs and the rest do', () => {
	const env = hermeticEnv({
		PORT: '3999',
		TZ: 'Pacific/Kiritimati',
		LANG: 'C',
		LC_ALL: 'fr_FR.UTF-8',
		LC_TIME: 'fr_FR.UTF-8',
		APP_URL: 'http://example.invalid:1',
		DATA_DIR: '/nonexistent',
		SMTP_URL: 'smtp://mail.example.invalid',
		TRUST_PROXY: '1',
		INSECURE_COOKIES: '1',
		NODE_ENV: 'production',
		FUZZ_SEED: '7',
		PATH: '/usr/bin',
	})
	expect(env).toMatchObject({
		PORT: '3000',
		TZ: 'UTC',
		LANG: 'C.UTF-8',
		LC_ALL: 'C.UTF-8',
		APP_URL: TEST_ORIGIN,
		NODE_ENV: 'test',
		REQUEST_LOG: '0',
		SLOW_QUERY_MS: '0',
		FUZZ_SEED: '7',
		PATH: '/usr/bin',
	})
	expect(env.DATA_DIR).toBe(
		path.resolve(import.meta.dirname, '../../.cache/test/data'),
	)
	for (const name of ['SMTP_URL', 'TRUST_PROXY', 'INSECURE_COOKIES', 'LC_TIME'])
		expect(env, name).not.toHaveProperty(name)
	// Every setting the server reads is either fixed or removed.
	for (const name of SETTING_NAMES)
		expect(
			env[name] === undefined || env[name] !== '',
			`${name} is fixed or absent`,
		).toBe(true)
})

test('this test process runs with the fixed values, whatever the shell that started it holds', () => {
	expect(process.env.PORT).toBe('3000')
	expect(process.env.SMTP_URL).toBeUndefined()
	expect(appUrl(getEnv())).toBe(TEST_ORIGIN)
	expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('UTC')
	expect(new Date(2026, 0, 1).toISOString()).toBe('2026-01-01T00:00:00.000Z')
})
