import path from 'node:path'
import proxyAddr from 'proxy-addr'
import { z } from 'zod'
import { DEFAULT_TIME_ZONE, isTimeZone } from './i18n/format.ts'

const TRUE = ['1', 'true', 'yes', 'on']
const FALSE = ['0', 'false', 'no', 'off']

/** A yes/no setting: 1/0, true/false, yes/no, on/off (any case), the same everywhere. */
const flag = <D extends boolean | undefined>(defaultValue: D) =>
	z
		.string()
		.optional()
		.transform((value, ctx) => {
			if (value === undefined) return defaultValue
			const v = value.trim().toLowerCase()
			if (TRUE.includes(v)) return true
			if (FALSE.includes(v)) return false
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: 'must be 1 or 0 (true/false, yes/no, on/off)',
			})
			return z.NEVER
		})

/** About 8 s of a 2-core server's start, for pages p95 about 35 ms lower in its first minute under load (decision 021). */
export const DEFAULT_WARM_UP_ROUNDS = 10

export type TrustProxy = false | number | string[]

/**
 * Which proxies may tell the client's address in X-Forwarded-For: a hop count
 * (1 = one reverse proxy in front) or a list of proxy addresses/subnets
 * (proxy-addr names such as `loopback` allowed). Never "every proxy": the
 * left-most X-Forwarded-For entry is whatever the client wrote.
 */
const trustProxy = z
	.string()
	.optional()
	.transform((value, ctx): TrustProxy => {
		const v = value?.trim() ?? ''
		if (v === '' || v === '0' || v.toLowerCase() === 'false') return false
		if (/^\d+$/.test(v)) {
			const hops = Number(v)
			if (hops > 10) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: `${hops} proxy hops is not plausible (give the number of proxies in front of Essor, e.g. 1)`,
				})
				return z.NEVER
			}
			return hops
		}
		if (v.toLowerCase() === 'true' || v === '*') {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message:
					'trusting every proxy would let any client forge its address: give a hop count (e.g. 1) or the proxies’ addresses (e.g. 10.0.0.2,loopback)',
			})
			return z.NEVER
		}
		const list = v
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean)
		try {
			proxyAddr.compile(list)
		} catch (error) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: `must be a hop count or a comma-separated list of IP addresses or subnets (${error instanceof Error ? error.message : String(error)})`,
			})
			return z.NEVER
		}
		return list
	})

const settings = z.object({
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
	APP_URL: z
		.string()
		.url()
		.refine((v) => /^https?:\/\//.test(v), {
			message: 'must start with http:// or https://',
		})
		.optional(),
	SMTP_URL: z
		.string()
		.url()
		.refine((v) => /^smtps?:/.test(v), {
			message: 'must start with smtp:// or smtps://',
		})
		.optional(),
	MAIL_FROM: z.string().min(3).default('Essor <no-reply@essor.local>'),
	/** Invitation e-mails one trainer's imports may send per hour; the rest wait in the queue. */
	MAIL_INVITES_PER_HOUR: z.coerce
		.number()
		.int()
		.min(1)
		.max(100_000)
		.default(200),
	/** Accounts that may be created from one client address per hour (a bootcamp room signs up together). */
	SIGN_UP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(30),
	ISSUER_NAME: z.string().min(1).default('Essor'),
	ISSUER_KEY_FILE: z.string().optional(),
	/**
	 * Demo accounts (known password, see README): `auto` seeds them only when
	 * the server is reachable from this machine alone; 1 asks for them
	 * anywhere (with passwords generated and printed in the log when the
	 * server is public); 0 never.
	 */
	SEED_DEMO: z
		.string()
		.optional()
		.transform((value, ctx): 'auto' | boolean => {
			const v = value?.trim().toLowerCase() ?? 'auto'
			if (v === 'auto') return 'auto'
			if (TRUE.includes(v)) return true
			if (FALSE.includes(v)) return false
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				message: 'must be auto, 1 or 0',
			})
			return z.NEVER
		}),
	INSECURE_COOKIES: flag(false),
	TRUST_PROXY: trustProxy,
	/** Server processes (one per core when unset, in production). */
	WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
	/** The compiled course catalog (default: build/content/catalog.json). */
	CONTENT_MANIFEST: z.string().min(1).optional(),
	/** One log line per request: method, path (no query string), status, duration. Default: on in production. */
	REQUEST_LOG: flag(undefined),
	/** Production: before it listens, each server process walks every course this many times on a scratch database (server/warm-up.ts); 0: not at all. */
	WARM_UP_ROUNDS: z.coerce
		.number()
		.int()
		.min(0)
		.max(100)
		.default(DEFAULT_WARM_UP_ROUNDS),
	/** Database queries slower than this many milliseconds are logged; 0 turns the log off. */
	SLOW_QUERY_MS: z.coerce.number().int().min(0).max(600_000).default(200),
	// Every time shown or exported is in this zone, whatever the server's own.
	TIME_ZONE: z.string().default(DEFAULT_TIME_ZONE).refine(isTimeZone, {
		message:
			'must be an IANA time zone name such as Africa/Douala or Africa/Casablanca',
	}),
})

/** Every setting the server reads from its environment. */
export const SETTING_NAMES = Object.keys(settings.shape) as Array<
	keyof typeof settings.shape
>

const schema = settings.transform((env) => ({
	...env,
	REQUEST_LOG: env.REQUEST_LOG ?? env.NODE_ENV === 'production',
}))

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
	return env.NODE_ENV === 'production' && !env.INSECURE_COOKIES
}

/** The programme's time zone (TIME_ZONE), in which every date and time is shown. */
export function programmeTimeZone(env: Env = getEnv()): string {
	return env.TIME_ZONE
}

export function appUrl(env: Env = getEnv()): string {
	return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost'])

function isLoopbackHost(host: string): boolean {
	const h = host.replace(/^\[|\]$/g, '').toLowerCase()
	return LOOPBACK_HOSTS.has(h) || /^127(\.\d{1,3}){3}$/.test(h)
}

/**
 * True when nobody but this machine can reach the server: it listens on a
 * loopback address and its public URL (if any) is a loopback one too.
 */
export function isLocalOnly(
	env: Pick<Env, 'HOST' | 'APP_URL'> = getEnv(),
): boolean {
	if (!isLoopbackHost(env.HOST)) return false
	if (!env.APP_URL) return true
	return isLoopbackHost(new URL(env.APP_URL).hostname)
}

/**
 * Demo mode: the demo accounts may sign in and the demo cohort's join code
 * works. Local-only servers by default; anywhere with SEED_DEMO=1.
 */
export function demoMode(env: Env = getEnv()): boolean {
	if (env.SEED_DEMO === 'auto') return isLocalOnly(env)
	return env.SEED_DEMO
}
