import path from 'node:path'
import { SETTING_NAMES } from '../../app/env.server.ts'

/**
 * What every test process sees, whatever the developer's shell or CI holds:
 * vitest.config.ts applies it before any project starts, so workers, global
 * setups, the servers they start and the commands tests spawn all inherit it.
 * An app setting is never inherited (a PORT, APP_URL or SMTP_URL in the shell
 * would otherwise leak into links, origins and mail); a test or a server
 * helper that needs another value sets it explicitly.
 */

/** The origin integration tests send their requests from, and the app's APP_URL in tests. */
export const TEST_ORIGIN = 'http://localhost:3000'

const root = path.resolve(import.meta.dirname, '../..')

export const TEST_SETTINGS = {
	NODE_ENV: 'test',
	PORT: '3000',
	HOST: '127.0.0.1',
	APP_URL: TEST_ORIGIN,
	// Per-file databases and data directories replace these in integration
	// tests (integration-setup.ts); elsewhere nothing lands in ./data.
	DATABASE_URL: `file:${path.join(root, '.cache/test/unit.db')}`,
	DATA_DIR: path.join(root, '.cache/test/data'),
	// The operations logs are tested on their own (server/request-log.test.ts, app/db/slow-query.server.test.ts).
	REQUEST_LOG: '0',
	SLOW_QUERY_MS: '0',
} as const

/** Dates, numbers and sorting that depend on the machine's zone or locale come out the same everywhere. */
export const TEST_LOCALE = {
	TZ: 'UTC',
	LANG: 'C.UTF-8',
	LC_ALL: 'C.UTF-8',
} as const

/** `shell` without any app setting or locale variable, plus the fixed test values. */
export function hermeticEnv(
	shell: NodeJS.ProcessEnv,
): Record<string, string | undefined> {
	const env: Record<string, string | undefined> = { ...shell }
	for (const name of SETTING_NAMES) delete env[name]
	for (const name of Object.keys(env))
		if (name.startsWith('LC_') || name === 'LANGUAGE') delete env[name]
	return { ...env, ...TEST_SETTINGS, ...TEST_LOCALE }
}

/** Replaces this process's environment by its hermetic version (children inherit it). */
export function applyHermeticEnv(env: NodeJS.ProcessEnv = process.env) {
	const fixed = hermeticEnv(env)
	for (const name of Object.keys(env)) if (!(name in fixed)) delete env[name]
	Object.assign(env, fixed)
}
