import crypto from 'node:crypto'
import fc from 'fast-check'
import { expect } from 'vitest'
import en from '#app/i18n/locales/en.ts'
import fr from '#app/i18n/locales/fr.ts'
import { bodyLimitMessage } from '../../server/request-limits.ts'

/**
 * Shared by the hostile-input tests (tests/hardening/hostile-*.test.ts):
 * generators of hostile form values, raw request bodies (urlencoded, raw
 * bytes, multipart), and the check every answer must pass: never a 5xx, and
 * a 4xx names the problem in the request's language.
 */

export type Lang = 'fr' | 'en'
/** A form value: text (sent as UTF-8) or raw bytes (possibly not UTF-8 at all). */
export type Value = string | Uint8Array
export type Entry = [string, Value]
export type Encoding = 'urlencoded' | 'raw' | 'multipart'

/** Fixed, so that a failure replays; FUZZ_SEED=<n> explores other cases. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261122)

export function fuzzParams(
	numRuns: number,
	offset: number,
): fc.Parameters<unknown> {
	// One seed per property (SEED + offset): adding a property does not change the others' cases.
	return { seed: SEED + offset, numRuns, endOnFailure: true }
}

// ---------------------------------------------------------------- values

const PAYLOADS = [
	'<script>window.__xss=1</script>',
	'"><img src=x onerror="window.__xss=1">',
	"'><svg onload=window.__xss=1>",
	'</textarea><script>window.__xss=1</script>',
	'</script><script>window.__xss=1</script>',
	'javascript:window.__xss=1',
	'data:text/html,<script>window.__xss=1</script>',
	'{{constructor.constructor("return process")()}}',
	'${7*7}#{7*7}<%= 7*7 %>',
	"' OR '1'='1",
	"'; DROP TABLE User; --",
	'1; SELECT * FROM sqlite_master; --',
	'" OR ""="',
	"admin'--",
	'%27%20OR%201=1',
	'\\\'\\"',
	'../../../../etc/passwd',
	'__proto__',
	'constructor',
	'toString',
	'\u0000',
	'a\u0000b',
	'\ud800',
	'\udfff',
	'a\ud83dz',
	'\ufeff',
	'\u202eevil',
	'\u200b\u200c\u200d',
	'\r\n\r\n',
	'\u2028\u2029',
	'ﷺ𒐫𝕏',
	'Z̸̡̛̙͇̈́a̶l̷g̵o̴',
	'0',
	'-1',
	'-0',
	'1e309',
	'NaN',
	'Infinity',
	'0x1F',
	'99999999999999999999999999',
	'9007199254740993',
	'2026-02-30',
	'50000-01-01',
	'+275760-09-13',
	'+275760-09-14',
	'-000001-01-01',
	'0000-00-00',
	'1970-01-01T00:00:00.000Z',
	'9999-12-31',
	'true',
	'null',
	'undefined',
	'[]',
	'{}',
	'[object Object]',
	'<!--',
	']]>',
	'--boundary--',
	'',
	' ',
]

const LONG = [100_000, 30_000, 5_001, 1_001, 255, 121, 101]

/** Any text that should be rejected or stored as inert text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...PAYLOADS) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
	{
		weight: 2,
		arbitrary: fc.string({
			unit: fc
				.integer({ min: 0, max: 0x9f })
				.map((c) => String.fromCharCode(c)),
			maxLength: 20,
		}),
	},
	{
		weight: 1,
		arbitrary: fc.string({
			unit: fc
				.integer({ min: 0xd800, max: 0xdfff })
				.map((c) => String.fromCharCode(c)),
			minLength: 1,
			maxLength: 4,
		}),
	},
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
	{ weight: 1, arbitrary: fc.double().map(String) },
	{ weight: 1, arbitrary: fc.bigInt().map(String) },
	{
		weight: 1,
		arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
	},
	{
		weight: 1,
		arbitrary: fc
			.tuple(
				fc.constantFrom(...LONG),
				fc.constantFrom('A', 'é', ' ', '<', '\n', '𝕏', '0'),
			)
			.map(([n, c]) => c.repeat(n)),
	},
	{
		weight: 2,
		arbitrary: fc
			.tuple(
				fc.constantFrom(...PAYLOADS),
				fc.string({ maxLength: 10 }),
				fc.constantFrom(...PAYLOADS),
			)
			.map((p) => p.join('')),
	},
)

/** Bytes that are not valid UTF-8: lone continuation bytes, overlong forms, encoded surrogates, truncated sequences. */
const INVALID_UTF8 = [
	[0xff],
	[0xfe, 0xff],
	[0x80],
	[0xc0, 0xaf],
	[0xe0, 0x80, 0xaf],
	[0xed, 0xa0, 0x80],
	[0xed, 0xbf, 0xbf],
	[0xe2, 0x82],
	[0xf4, 0x90, 0x80, 0x80],
	[0xf8, 0x88, 0x80, 0x80, 0x80],
	[0x00],
]
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
	fc
		.array(fc.constantFrom(...INVALID_UTF8), { minLength: 1, maxLength: 4 })
		.map((parts) => Uint8Array.from(parts.flat())),
	fc
		.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...INVALID_UTF8))
		.map(([s, b]) => Uint8Array.from([...Buffer.from(s), ...b])),
	fc.uint8Array({ maxLength: 64 }),
)

export const hostileValue: fc.Arbitrary<Value> = fc.oneof(
	{ weight: 4, arbitrary: hostileString },
	{ weight: 1, arbitrary: hostileBytes },
)

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
	fc.constantFrom(
		'__proto__',
		'constructor',
		'prototype',
		'toString',
		'hasOwnProperty',
		'intent',
		'intent[]',
		'a[b]',
		'',
		' ',
		'\u0000',
		'é',
		'_data',
		'redirectTo',
	),
	fc.string({ maxLength: 12 }),
)

export const anyDate = fc
	.date({
		min: new Date('2000-01-01'),
		max: new Date('2040-12-31'),
		noInvalidDate: true,
	})
	.map((d) => d.toISOString().slice(0, 10))

/**
 * The fields of one form variant (one intent), each filled with a plausible
 * value, a hostile one, nothing, or several values (the key repeated).
 */
export type Fields = Record<string, fc.Arbitrary<string> | undefined>

function fieldEntries(
	name: string,
	valid: fc.Arbitrary<string>,
): fc.Arbitrary<Entry[]> {
	return fc.oneof(
		{ weight: 5, arbitrary: valid.map((v): Entry[] => [[name, v]]) },
		{ weight: 3, arbitrary: hostileValue.map((v): Entry[] => [[name, v]]) },
		{ weight: 1, arbitrary: fc.constant<Entry[]>([]) },
		{
			weight: 1,
			arbitrary: fc
				.array(fc.oneof(valid, hostileValue), { minLength: 2, maxLength: 4 })
				.map((vs) => vs.map((v): Entry => [name, v])),
		},
	)
}

export function formEntries(
	fields: Fields,
	{ intent }: { intent?: string } = {},
): fc.Arbitrary<Entry[]> {
	const parts: fc.Arbitrary<Entry[]>[] = Object.entries(fields).flatMap(
		([name, valid]) => (valid ? [fieldEntries(name, valid)] : []),
	)
	if (intent !== undefined) {
		parts.unshift(
			fc.oneof(
				{ weight: 8, arbitrary: fc.constant<Entry[]>([['intent', intent]]) },
				{
					weight: 1,
					arbitrary: hostileValue.map((v): Entry[] => [['intent', v]]),
				},
				{
					weight: 1,
					arbitrary: hostileValue.map((v): Entry[] => [
						['intent', intent],
						['intent', v],
					]),
				},
			),
		)
	}
	parts.push(fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 2 }))
	return fc.tuple(...parts).map((groups) => groups.flat())
}

/** An unknown intent with arbitrary fields. */
export const unknownIntentEntries: fc.Arbitrary<Entry[]> = fc
	.tuple(
		fc.oneof(hostileString, fc.constantFrom('DELETE', 'admin', 'x')),
		fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 3 }),
	)
	.map(([intent, rest]) => [['intent', intent] as Entry, ...rest])

// ---------------------------------------------------------------- bodies

const bytesOf = (v: Value) =>
	typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v)

function percentEncode(bytes: Uint8Array, raw: boolean) {
	let out = ''
	const chunks: Buffer[] = []
	for (const b of bytes) {
		const c = String.fromCharCode(b)
		if (/[A-Za-z0-9\-_.~]/.test(c)) out += c
		else if (raw && b !== 0x26 && b !== 0x3d && b !== 0x25 && b !== 0x2b) {
			// Raw mode: every byte but & = % + goes on the wire as is (control bytes, invalid UTF-8).
			chunks.push(Buffer.from(out, 'latin1'), Buffer.from([b]))
			out = ''
		} else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`
	}
	chunks.push(Buffer.from(out, 'latin1'))
	return Buffer.concat(chunks)
}

export type FilePart = {
	name: string
	filename: string
	type?: string
	bytes: Uint8Array
}

export function multipartBody(entries: Entry[], files: FilePart[] = []) {
	const boundary = `----hostile${crypto.randomBytes(8).toString('hex')}`
	const quote = (s: string) =>
		s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
	const chunks: Buffer[] = []
	for (const [k, v] of entries) {
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${quote(k)}"\r\n\r\n`,
			),
			bytesOf(v),
			Buffer.from('\r\n'),
		)
	}
	for (const f of files) {
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${quote(f.name)}"; filename="${quote(f.filename)}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
			),
			Buffer.from(f.bytes),
			Buffer.from('\r\n'),
		)
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`))
	return {
		body: Buffer.concat(chunks),
		contentType: `multipart/form-data; boundary=${boundary}`,
	}
}

export function encodeBody(entries: Entry[], encoding: Encoding) {
	if (encoding === 'multipart') return multipartBody(entries)
	const raw = encoding === 'raw'
	const pairs = entries.map(([k, v]) =>
		Buffer.concat([
			percentEncode(Buffer.from(k, 'utf8'), raw),
			Buffer.from('='),
			percentEncode(bytesOf(v), raw),
		]),
	)
	const body = Buffer.concat(
		pairs.flatMap((p, i): Buffer[] => (i ? [Buffer.from('&'), p] : [p])),
	)
	return { body, contentType: 'application/x-www-form-urlencoded' }
}

export const encodings: fc.Arbitrary<Encoding> = fc.constantFrom(
	'urlencoded',
	'urlencoded',
	'raw',
	'multipart',
)
export const langs: fc.Arbitrary<Lang> = fc.constantFrom('fr', 'en')

// ---------------------------------------------------------------- requests

export function cookieHeader(
	sessionCookie: string | null | undefined,
	lang: Lang,
) {
	return [sessionCookie, `lng=${lang}`].filter(Boolean).join('; ')
}

export async function post(
	baseURL: string,
	url: string,
	{
		body,
		contentType,
		cookie,
	}: { body: Uint8Array | string; contentType?: string; cookie: string },
) {
	const headers: Record<string, string> = { Origin: baseURL, Cookie: cookie }
	if (contentType) headers['Content-Type'] = contentType
	const payload: BodyInit =
		typeof body === 'string' ? body : new Uint8Array(body)
	return fetch(`${baseURL}${url}`, {
		method: 'POST',
		headers,
		body: payload,
		redirect: 'manual',
		signal: AbortSignal.timeout(60_000),
	})
}

// ---------------------------------------------------------------- messages

function leaves(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value)
	else if (value && typeof value === 'object')
		for (const v of Object.values(value)) leaves(v, out)
	return out
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim()

type Template = { literals: string[]; regex: RegExp; size: number }

function templatesOf(messages: unknown): Template[] {
	return leaves(messages)
		.map((text) => {
			const literals = squash(text)
				.split(/\{\{[^}]+\}\}/)
				.filter(Boolean)
			const source = literals.length
				? squash(text)
						.split(/\{\{[^}]+\}\}/)
						.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
						.join('[\\s\\S]*?')
				: ''
			return {
				literals,
				regex: new RegExp(`^${source}$`),
				size: literals.join('').length,
			}
		})
		.filter((t) => t.size >= 10)
}

const TEMPLATES: Record<Lang, Template[]> = {
	fr: templatesOf(fr),
	en: templatesOf(en),
}

/** Whether `message` is one of the app's messages in `lang` (interpolated), or several joined. */
export function isAppMessage(message: string, lang: Lang): boolean {
	const text = squash(message)
	const matchesOne = (piece: string) =>
		TEMPLATES[lang].some(
			(t) => t.literals.every((l) => piece.includes(l)) && t.regex.test(piece),
		)
	if (matchesOne(text)) return true
	// Several messages in one element, one after the other: split at sentence ends.
	const pieces = text.split(/(?<=[.!?»:])\s+/)
	const ok: boolean[] = [true]
	for (let j = 1; j <= pieces.length; j++) {
		ok[j] = false
		for (let i = 0; i < j && !ok[j]; i++)
			if (ok[i] && matchesOne(pieces.slice(i, j).join(' '))) ok[j] = true
	}
	return ok[pieces.length] === true
}

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: '\u00a0',
}
export function htmlText(html: string) {
	return html
		.replace(/<[^>]*>/g, ' ')
		.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
			e[0] === '#'
				? String.fromCodePoint(
						e[1] === 'x' || e[1] === 'X'
							? parseInt(e.slice(2), 16)
							: parseInt(e.slice(1), 10),
					)
				: (ENTITIES[e] ?? m),
		)
}

/** The inner HTML of the element whose start tag begins at `start`. */
function elementAt(html: string, start: number, tag: string) {
	const open = html.indexOf('>', start) + 1
	const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi')
	re.lastIndex = open
	let depth = 1
	for (let m = re.exec(html); m; m = re.exec(html)) {
		depth += m[1] ? -1 : 1
		if (depth === 0) return html.slice(open, m.index)
	}
	return html.slice(open)
}

/** The texts a person sees as errors: field errors, error notices, alerts, and the error page. */
export function errorMessages(html: string): string[] {
	const body = html.slice(html.indexOf('<main'))
	const out: string[] = []
	const tags = /<([a-z][a-z0-9]*)\b([^>]*)>/gi
	for (let m = tags.exec(body); m; m = tags.exec(body)) {
		const [, tag, attrs] = m as unknown as [string, string, string]
		if (/data-error-path=/.test(attrs)) {
			const inner = elementAt(body, m.index, tag)
			for (const part of inner.match(/<(h1|p)\b[^>]*>[\s\S]*?<\/\1>/gi) ?? [])
				out.push(htmlText(part))
		} else if (
			/class="[^"]*\b(field-error|error-notice)\b/.test(attrs) ||
			/role="alert"/.test(attrs)
		) {
			out.push(htmlText(elementAt(body, m.index, tag)))
		}
	}
	return out.map(squash).filter(Boolean)
}

export type Checked = { status: number; messages: string[]; body: string }

/**
 * Never a 5xx; a 4xx shows at least one message, every one of them an app
 * message in the request's language (not a raw key, not English on a French
 * page, not "something went wrong").
 */
export async function expectHandled(
	response: Response,
	lang: Lang,
	label: string,
): Promise<Checked> {
	const body = await response.text()
	const status = response.status
	expect(status, `${label}: ${status} ${body.slice(0, 300)}`).toBeLessThan(500)
	if (status < 400) return { status, messages: [], body }
	const type = response.headers.get('Content-Type') ?? ''
	if (!type.includes('text/html')) {
		// Refused before the app reads the request (server/request-limits.ts): a plain-text answer.
		expect(
			[
				bodyLimitMessage('tooLarge', lang),
				bodyLimitMessage('unsupportedType', lang),
				bodyLimitMessage('lengthRequired', lang),
			],
			`${label}: ${status} ${body.slice(0, 300)}`,
		).toContain(body.trim())
		return { status, messages: [body.trim()], body }
	}
	const messages = errorMessages(body)
	expect(
		messages.length,
		`${label}: a ${status} page without an error message`,
	).toBeGreaterThan(0)
	const unknown = messages.filter((m) => !isAppMessage(m, lang))
	expect(
		unknown,
		`${label}: ${status} messages that are not app messages in "${lang}"`,
	).toEqual([])
	const unexpected = lang === 'fr' ? fr.errors.unexpected : en.errors.unexpected
	expect(
		messages,
		`${label}: ${status} shows the unexpected-error text`,
	).not.toContain(unexpected)
	return { status, messages, body }
}
