import { createHash } from 'node:crypto'
import type { EntryContext } from '@remix-run/node'
import type { RouteHandle } from '#app/courses/handle.ts'
import { encodePage, type PageEncoding } from './page-encoding.server.ts'

/**
 * Rendered pages kept by what they were rendered from. A page without
 * JavaScript (handle.hydrate === false) is a pure function of its URL, its
 * language and its loaders' data: it has no nonce and no hydration data. So
 * once the loaders have run, a page rendered earlier from exactly the same
 * data is the same page, byte for byte, whoever asks: the key is a hash of
 * all three, and the loaders still run on every request (they check who is
 * asking and read the person's progress), so nothing here can go stale or
 * show one person's state to another. What it saves is React's render and
 * the compression, about a third of a signed-in lesson's CPU time.
 */

export type KeptPage = {
	body: Uint8Array<ArrayBuffer>
	/** The body compressed, per encoding asked for so far. */
	encoded: Partial<Record<PageEncoding, Uint8Array<ArrayBuffer>>>
}

const MAX_BYTES = 24 * 1024 * 1024

export class PageMemo {
	#pages = new Map<string, KeptPage>()
	#bytes = 0
	constructor(readonly maxBytes = MAX_BYTES) {}

	get(key: string): KeptPage | undefined {
		const page = this.#pages.get(key)
		if (page) {
			// Least recently used goes first: a hit moves to the end.
			this.#pages.delete(key)
			this.#pages.set(key, page)
		}
		return page
	}

	set(key: string, body: Uint8Array<ArrayBuffer>) {
		const old = this.#pages.get(key)
		if (old) this.#drop(key, old)
		this.#pages.set(key, { body, encoded: {} })
		this.#grow(body.length)
	}

	/** The page compressed, the first time it is asked for in that encoding. */
	encoded(page: KeptPage, encoding: PageEncoding): Uint8Array<ArrayBuffer> {
		let bytes = page.encoded[encoding]
		if (!bytes) {
			bytes = page.encoded[encoding] = encodePage(page.body, encoding)
			this.#grow(bytes.length)
		}
		return bytes
	}

	/** Counts new bytes, then drops the least recently used pages beyond the size. */
	#grow(bytes: number) {
		this.#bytes += bytes
		for (const [key, page] of this.#pages) {
			if (this.#bytes <= this.maxBytes) break
			this.#drop(key, page)
		}
	}

	#drop(key: string, page: KeptPage) {
		this.#pages.delete(key)
		this.#bytes -= page.body.length
		for (const bytes of Object.values(page.encoded)) this.#bytes -= bytes.length
	}

	get size() {
		return this.#pages.size
	}
}

/** A page served without JavaScript (a matched route's handle says `hydrate: false`, as root.tsx reads it). */
export function isWithoutJavaScript({
	staticHandlerContext,
	routeModules,
}: EntryContext) {
	return staticHandlerContext.matches.some(
		(m) =>
			(routeModules[m.route.id]?.handle as RouteHandle | undefined)?.hydrate ===
			false,
	)
}

/**
 * The key of a page that may be kept, or null: only a 200 to a GET for a
 * page without JavaScript, with no action data and no error.
 */
export function pageMemoKey(
	request: Request,
	status: number,
	language: string,
	context: EntryContext,
): string | null {
	const { staticHandlerContext: handled } = context
	if (request.method !== 'GET' || status !== 200) return null
	if (handled.actionData || handled.errors) return null
	if (!isWithoutJavaScript(context)) return null
	return createHash('sha256')
		.update(request.url)
		.update('\0')
		.update(language)
		.update('\0')
		.update(JSON.stringify(handled.loaderData, byIdentity))
		.digest('base64')
}

const identities = new WeakMap<object, string>()

/**
 * Names a large value that never changes once made (a lesson's rendered
 * body, per version and language): page keys then hash the name instead of
 * its many kilobytes, a tenth of a kept page's CPU time otherwise.
 */
export function withIdentity<T extends object>(value: T, name: string): T {
	identities.set(value, name)
	return value
}

function byIdentity(_key: string, value: unknown) {
	if (typeof value !== 'object' || value === null) return value
	const name = identities.get(value)
	return name === undefined ? value : `\0${name}`
}
