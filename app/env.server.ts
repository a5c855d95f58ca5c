import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_TIME_ZONE, isTimeZone } from './i18n/format.ts'

const schema = z.object({
	NODE_ENV: z
		.enum(['production', 'development', 'test'])
		.default('development'),
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('127.0.0.1'),
	DATABASE_URL: z
		.string()
		.default('file:./data/essor.db')
		.refine((v) => v.startsWith('file:'), {
			message:
				'must be a SQLite URL starting with "file:" (e.g. file:./data/essor.db)',
		}),
	DATA_DIR: z.string().min(1).default('./data'),
	APP_URL: z.string().url().optional(),
	SMTP_URL: z
		.string()
		.url()
		.refine((v) => /^smtps?:/.test(v), {
			message: 'must start with smtp:// or smtps://',
		})
		.optional(),
	MAIL_FROM: z.string().min(3).default('Essor <no-reply@essor.local>'),
	ISSUER_NAME: z.string().min(1).default('Essor'),
	ISSUER_KEY_FILE: z.string().optional(),
	SEED_DEMO: z.enum(['0', '1']).default('1'),
	INSECURE_COOKIES: z.enum(['0', '1']).default('0'),
	// Every time shown or exported is in this zone, whatever the server's own.
	TIME_ZONE: z.string().default(DEFAULT_TIME_ZONE).refine(isTimeZone, {
		message:
			'must be an IANA time zone name such as Africa/Douala or Africa/Casablanca',
	}),
})

export type Env = z.infer<typeof schema>

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
	const result = schema.safeParse(
		Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')),
	)
	if (!result.success) {
		const lines = result.error.issues.map(
			(issue) => `  ${issue.path.join('.')}: ${issue.message}`,
		)
		throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`)
	}
	return result.data
}

let cached: Env | undefined

export function getEnv(): Env {
	cached ??= parseEnv(process.env)
	return cached
}

export function databasePath(
	env: Pick<Env, 'DATABASE_URL'> = getEnv(),
): string {
	const file = env.DATABASE_URL.replace(/^file:/, '').replace(/\?.*$/, '')
	return file === ':memory:' ? file : path.resolve(file)
}

/** Cookies are Secure in production, unless INSECURE_COOKIES=1 (a demo over plain HTTP on a local network). */
export function secureCookies(env: Env = getEnv()): boolean {
	return env.NODE_ENV === 'production' && env.INSECURE_COOKIES !== '1'
}

/** The programme's time zone (TIME_ZONE), in which every date and time is shown. */
export function programmeTimeZone(env: Env = getEnv()): string {
	return env.TIME_ZONE
}

export function appUrl(env: Env = getEnv()): string {
	return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
}
