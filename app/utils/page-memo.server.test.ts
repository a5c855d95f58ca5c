import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import type { EntryContext } from '@remix-run/node'
import { expect, test } from 'vitest'
import { PageMemo, pageMemoKey, withIdentity } from './page-memo.server.ts'

function context({
	loaderData = { root: { user: 'a' }, lesson: { done: false } } as Record<
		string,
		unknown
	>,
	hydrate = false,
	actionData = null as Record<string, unknown> | null,
	errors = null as Record<string, unknown> | null,
} = {}) {
	return {
		staticHandlerContext: {
			matches: [{ route: { id: 'root' } }, { route: { id: 'lesson' } }],
			loaderData,
			actionData,
			errors,
		},
		routeModules: {
			root: {},
			lesson: { handle: hydrate ? {} : { hydrate: false } },
		},
	} as unknown as EntryContext
}
const get = (url = 'http://x/courses/c/l') => new Request(url)

test('a page is kept only for a 200 to a GET of a page without JavaScript, with no action data and no error', () => {
	expect(pageMemoKey(get(), 200, 'fr', context())).toEqual(expect.any(String))
	expect(
		pageMemoKey(
			new Request('http://x/', { method: 'POST' }),
			200,
			'fr',
			context(),
		),
	).toBeNull()
	expect(pageMemoKey(get(), 404, 'fr', context())).toBeNull()
	expect(pageMemoKey(get(), 200, 'fr', context({ hydrate: true }))).toBeNull()
	expect(
		pageMemoKey(get(), 200, 'fr', context({ actionData: { lesson: {} } })),
	).toBeNull()
	expect(
		pageMemoKey(get(), 200, 'fr', context({ errors: { lesson: new Error() } })),
	).toBeNull()
})

test('the key changes with any of the loaders’ data, the URL or the language, and with nothing else', () => {
	const key = pageMemoKey(get(), 200, 'fr', context())
	expect(pageMemoKey(get(), 200, 'fr', context())).toBe(key)
	for (const other of [
		pageMemoKey(get(), 200, 'en', context()),
		pageMemoKey(get('http://x/courses/c/l?saved=w'), 200, 'fr', context()),
		pageMemoKey(
			get(),
			200,
			'fr',
			context({ loaderData: { root: { user: 'b' }, lesson: { done: false } } }),
		),
		pageMemoKey(
			get(),
			200,
			'fr',
			context({ loaderData: { root: { user: 'a' }, lesson: { done: true } } }),
		),
		pageMemoKey(
			get(),
			200,
			'fr',
			context({
				loaderData: {
					root: { user: 'a' },
					lesson: { done: false, at: new Date(0) },
				},
			}),
		),
	])
		expect(other).not.toBe(key)
})

test('a value with an identity is keyed by its name, not by its content', () => {
	const body = (name: string, html: string) =>
		context({
			loaderData: { lesson: { body: withIdentity([{ html }], name) } },
		})
	const a = pageMemoKey(get(), 200, 'fr', body('lesson-body:v1:fr', '<p>a</p>'))
	expect(
		pageMemoKey(get(), 200, 'fr', body('lesson-body:v1:fr', '<p>a</p>')),
	).toBe(a)
	expect(
		pageMemoKey(get(), 200, 'fr', body('lesson-body:v2:fr', '<p>a</p>')),
	).not.toBe(a)
	// Without a name, the content itself is hashed.
	const plain = (html: string) =>
		pageMemoKey(
			get(),
			200,
			'fr',
			context({ loaderData: { lesson: { body: [{ html }] } } }),
		)
	expect(plain('<p>a</p>')).not.toBe(plain('<p>b</p>'))
})

test('the memo drops its least recently used pages beyond its size, and compresses a page once per encoding', () => {
	const memo = new PageMemo(3000)
	const page = (n: number) => new Uint8Array(1000).fill(n)
	memo.set('a', page(1))
	memo.set('b', page(2))
	memo.set('c', page(3))
	expect(memo.get('a')?.body[0]).toBe(1) // a is now the most recent
	memo.set('d', page(4))
	expect(memo.get('b')).toBeUndefined()
	expect(memo.size).toBe(3)
	const kept = memo.get('c')!
	const gzipped = memo.encoded(kept, 'gzip')
	expect(gzipped[0]).toBe(0x1f)
	expect(gunzipSync(gzipped)).toEqual(Buffer.from(kept.body))
	expect(memo.encoded(kept, 'gzip')).toBe(gzipped)
	const brotli = memo.encoded(kept, 'br')
	expect(brotliDecompressSync(brotli)).toEqual(Buffer.from(kept.body))
	expect(memo.encoded(kept, 'br')).toBe(brotli)
	// The compressed copies count towards the size too.
	memo.set('e', page(5))
	expect(memo.size).toBeLessThanOrEqual(3)
	expect([...'acde'].filter((k) => memo.get(k)).length).toBe(memo.size)
})
