import {
	CLIENT_ID_FIELD,
	isClientId,
	KEPT_PAGE,
	LESSON_PATH,
	OWNER_HEADER,
	QUEUED_INTENTS,
	USER_HEADER,
	type OfflinePack,
	type OfflineState,
	type PageMessage,
} from './protocol.ts'
import {
	deleteEntries,
	deleteSaved,
	getEntry,
	getMeta,
	putEntry,
	putSaved,
	queueOf,
	savedOf,
	setMeta,
	type QueueEntry,
} from './store.ts'

/**
 * Essor's service worker (bundled to /sw.js by app/offline/vite-plugin.ts).
 * Pages: network first, kept per person (the X-Essor-User key of the
 * response; "anon" for visitors) so that one person's pages are never shown
 * to another; a page never kept gets the offline page in the learner's
 * language. Hashed assets: cache first. Quiz answers and read marks posted
 * without a connection wait in IndexedDB and are sent again, with the id the
 * phone gave them, once the connection returns. See docs/decisions/013-offline.md.
 */

type ExtendableEvent = Event & { waitUntil(promise: Promise<unknown>): void }
type FetchEvent = ExtendableEvent & {
	request: Request
	respondWith(response: Response | Promise<Response>): void
}
type MessageEventSW = ExtendableEvent & {
	data: PageMessage
	ports: readonly MessagePort[]
}
type SyncEvent = ExtendableEvent & { tag: string }
type WindowClient = { postMessage(message: unknown): void }
declare const self: {
	location: Location
	navigator: Navigator
	addEventListener(
		type: 'install' | 'activate',
		listener: (event: ExtendableEvent) => void,
	): void
	addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
	addEventListener(
		type: 'message',
		listener: (event: MessageEventSW) => void,
	): void
	addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void
	skipWaiting(): Promise<void>
	clients: {
		claim(): Promise<void>
		matchAll(options?: { type?: string }): Promise<WindowClient[]>
	}
	registration: { sync?: { register(tag: string): Promise<void> } }
}
/** Written in by the build: what every page needs, and this worker's version. */
declare const __OFFLINE_SHELL__: string[]
declare const __OFFLINE_VERSION__: string

const SHELL_CACHE = `essor-shell-${__OFFLINE_VERSION__}`
const ASSET_CACHE = 'essor-assets'
const PAGES = 'essor-pages-'
const ANON = 'anon'
const SYNC_TAG = 'essor-queue'
/** A kept page is shown when the network has not answered within this time (a connection that hangs). */
const NETWORK_PATIENCE_MS = 8000
/** Saved courses are checked for new versions at most this often. */
const REFRESH_EVERY_MS = 30 * 60 * 1000
const LANGUAGES = ['fr', 'en']
const RESULT_PARAM = 'offline-result'

const origin = self.location.origin
const pagesOf = (user: string | null) => `${PAGES}${user ?? ANON}`
const offlineKey = (lang: string) => `${origin}/offline?lang=${lang}`
/** Pages are kept under their path: `?attempt=2` or `?saved=…` show the same lesson. */
const pageKey = (url: URL) => `${origin}${url.pathname}`

self.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			// NOTE: the browser's cache may answer: the page that registered this
			// worker has just loaded the same hashed stylesheet and icon, and the
			// script (no-cache) is only revalidated. A first visit pays them once.
			await (await caches.open(SHELL_CACHE)).addAll(__OFFLINE_SHELL__)
			// The offline page in the phone's language now, the other when needed.
			await offlinePageIn(
				(await getMeta()).lang ??
					(self.navigator.language.startsWith('en') ? 'en' : 'fr'),
			)
			await self.skipWaiting()
		})(),
	)
})

self.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys())
				if (name.startsWith('essor-shell-') && name !== SHELL_CACHE)
					await caches.delete(name)
			await pruneAssets()
			await self.clients.claim()
		})(),
	)
})

self.addEventListener('fetch', (event) => {
	const request = event.request
	const url = new URL(request.url)
	if (url.origin !== origin) return
	if (request.method === 'POST') {
		if (request.mode !== 'navigate') return
		if (url.pathname === '/logout') event.respondWith(signOut(request))
		else if (LESSON_PATH.test(url.pathname))
			event.respondWith(postLesson(event, url))
		return
	}
	if (request.method !== 'GET') return
	if (request.mode === 'navigate')
		event.respondWith(
			url.searchParams.has(RESULT_PARAM)
				? storedResult(event, url)
				: navigate(event, url),
		)
	else if (url.pathname.endsWith('.data'))
		event.respondWith(dataRequest(request, url))
	else if (url.pathname === '/__manifest')
		event.respondWith(routeManifest(request))
	else if (url.pathname.startsWith('/assets/'))
		event.respondWith(cacheFirst(request, ASSET_CACHE))
	else if (__OFFLINE_SHELL__.includes(url.pathname))
		event.respondWith(cacheFirst(request, SHELL_CACHE))
})

self.addEventListener('message', (event) => {
	const port = event.ports[0]
	event.waitUntil(
		answer(event.data, port).catch((error: unknown) => {
			console.error(error)
			port?.postMessage({ type: 'failed', status: null })
		}),
	)
})

// Chromium wakes the worker when the connection returns, even with no page open.
self.addEventListener('sync', (event) => {
	if (event.tag === SYNC_TAG)
		event.waitUntil(
			flush().then((left) => {
				if (left) throw new Error('still offline')
			}),
		)
})

async function answer(message: PageMessage, port?: MessagePort) {
	if (message.type === 'flush') await flush()
	else if (message.type === 'dismiss') await dismissSent()
	else if (message.type === 'refresh') await refreshSaved(message.force)
	else if (message.type === 'save') {
		const failed = await saveCourse(message.pack, port)
		if (failed) return port?.postMessage(failed)
	}
	port?.postMessage(await state())
}

// Pages --------------------------------------------------------------------

async function navigate(event: FetchEvent, url: URL): Promise<Response> {
	const kept = KEPT_PAGE.test(url.pathname)
	await finishSignOut()
	const network = fetch(event.request)
	const copy = kept ? await keptPage(url) : undefined
	try {
		const res = await (copy ? within(network, NETWORK_PATIENCE_MS) : network)
		// NOTE: whose page this is is settled before answering, so that the next
		// request (after a sign-in or a sign-out) is served for the right person.
		await identify(res)
		event.waitUntil(keep(url, res.clone(), kept).then(whileOnline))
		return res
	} catch {
		// A page that arrives after all is still kept for next time.
		event.waitUntil(
			network.then(
				async (res) => (await identify(res), keep(url, res, kept)),
				() => undefined,
			),
		)
		return copy ?? (await offlinePage())
	}
}

/** Keeps the offline page in `lang` as a visitor sees it (no one's name in it), unless it is kept already. */
async function offlinePageIn(lang: string) {
	const cache = await caches.open(SHELL_CACHE)
	if (await cache.match(offlineKey(lang), { ignoreVary: true })) return
	const res = await fetch('/offline', {
		credentials: 'omit',
		headers: { 'Accept-Language': lang },
	})
	if (!res.ok) throw new Error(`offline page: ${res.status}`)
	await cache.put(offlineKey(lang), res)
}

/** An attempt graded after it was sent from the queue, as the server showed it (kept on the phone). */
async function storedResult(event: FetchEvent, url: URL) {
	const { user } = await getMeta()
	const hit =
		user &&
		(await (
			await caches.open(pagesOf(user))
		).match(url.href, {
			ignoreVary: true,
		}))
	return hit || navigate(event, url)
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('slow network')), ms)
		promise.then(
			(v) => (clearTimeout(timer), resolve(v)),
			(e: unknown) => (clearTimeout(timer), reject(e)),
		)
	})
}

/** A page of the app carries the key of the person it is for (none: a visitor). */
async function identify(res: Response) {
	if (res.status === 200 && isHtml(res))
		await setIdentity(
			res.headers.get(USER_HEADER),
			res.headers.get('Content-Language'),
		)
}

/** Keeps a page from the network for offline reading, in its person's cache, when it is one we keep. */
async function keep(url: URL, res: Response, kept: boolean) {
	if (!kept || res.status !== 200 || res.redirected || !isHtml(res)) return
	await (
		await caches.open(pagesOf(res.headers.get(USER_HEADER)))
	).put(pageKey(url), res)
}

/** A page came through: the connection is back. */
async function whileOnline() {
	await flush()
	await refreshSaved()
}

const isHtml = (res: Response) =>
	(res.headers.get('Content-Type') ?? '').startsWith('text/html')

/** This person's kept copy of a page, else a visitor's (public pages only: nothing personal). */
async function keptPage(url: URL) {
	const { user } = await getMeta()
	for (const name of user ? [pagesOf(user), pagesOf(null)] : [pagesOf(null)]) {
		const hit = await (
			await caches.open(name)
		).match(pageKey(url), {
			ignoreVary: true,
		})
		if (hit) return hit
	}
	return undefined
}

async function offlinePage() {
	const { lang } = await getMeta()
	const cache = await caches.open(SHELL_CACHE)
	let page: Response | undefined
	for (const l of [lang ?? 'fr', ...LANGUAGES])
		page ??= await cache.match(offlineKey(l), { ignoreVary: true })
	if (!page) return Response.error()
	return new Response(page.body, { status: 503, headers: page.headers })
}

/**
 * A hydrated page's client-side navigation asks for `<path>.data`; without a
 * connection it is answered with Remix's own "reload the document" redirect,
 * so the browser navigates and gets the kept page or the offline page.
 */
async function dataRequest(request: Request, url: URL) {
	try {
		return await fetch(request)
	} catch {
		const path =
			url.pathname === '/_root.data' ? '/' : url.pathname.slice(0, -5)
		const search = new URLSearchParams(url.search)
		search.delete('_routes')
		const target = `${path}${search.size ? `?${search}` : ''}`
		// Remix 2's single-fetch encoding (turbo-stream) of { redirect, status, revalidate, reload, replace }.
		const body = `[["SingleFetchRedirect",1],{"_2":3,"_4":5,"_6":7,"_8":9,"_10":9},"redirect",${JSON.stringify(target)},"status",302,"revalidate",false,"reload",true,"replace"]\n`
		return new Response(body, {
			status: 202,
			headers: {
				'Content-Type': 'text/x-script',
				'X-Remix-Response': 'yes',
			},
		})
	}
}

/**
 * Remix asks for the routes a link leads to before following it; without a
 * connection, the answer "reload the document" makes it navigate for real.
 */
async function routeManifest(request: Request) {
	try {
		return await fetch(request)
	} catch {
		return new Response(null, {
			status: 204,
			headers: { 'X-Remix-Reload-Document': 'true' },
		})
	}
}

async function cacheFirst(request: Request, name: string) {
	const cache = await caches.open(name)
	const hit = await cache.match(request, { ignoreVary: true })
	if (hit) return hit
	const res = await fetch(request)
	if (res.ok) await cache.put(request, res.clone())
	return res
}

/** Hashed assets no longer named by this version or by a kept page are dropped. */
async function pruneAssets() {
	const used = new Set(__OFFLINE_SHELL__)
	for (const name of await caches.keys()) {
		if (!name.startsWith(PAGES)) continue
		const cache = await caches.open(name)
		for (const key of await cache.keys()) {
			const html = await (await cache.match(key))?.text()
			for (const m of html?.matchAll(/\/assets\/[^"'\s)]+/g) ?? [])
				used.add(m[0])
		}
	}
	const assets = await caches.open(ASSET_CACHE)
	for (const key of await assets.keys())
		if (!used.has(new URL(key.url).pathname)) await assets.delete(key)
}

// Who the pages are for ------------------------------------------------------

/**
 * Pages carry the key of the person signed in (none for a visitor). When it
 * changes, the former person's kept pages are deleted; their unsent answers
 * too when someone else signs in (kept when the session merely ended, so
 * that they are sent once the same person signs in again).
 */
async function setIdentity(user: string | null, lang: string | null) {
	const meta = await getMeta()
	if (meta.user && meta.user !== user)
		await forget(meta.user, { queue: user !== null })
	if (meta.user !== user || (lang && meta.lang !== lang))
		await setMeta({ user, ...(lang ? { lang } : {}) })
	// The offline page in the learner's language, from now on (not waited for).
	if (lang && LANGUAGES.includes(lang))
		void offlinePageIn(lang).catch(() => undefined)
}

async function forget(user: string, { queue }: { queue: boolean }) {
	await caches.delete(pagesOf(user))
	await deleteSaved((await savedOf([user])).map((s) => s.key))
	if (queue) await deleteEntries((await queueOf(user)).map((e) => e.id))
	await broadcast()
}

/**
 * Sign-out: this person's pages, saved courses and unsent answers leave the
 * phone (the page warned about unsent answers before). Without a connection
 * the session cannot be ended on the server yet: the phone forgets it now and
 * ends it first thing when the connection returns.
 */
async function signOut(request: Request) {
	const { user } = await getMeta()
	let res: Response | null = null
	try {
		res = await fetch(request)
	} catch {
		await setMeta({ logoutPending: true })
	}
	if (user) await forget(user, { queue: true })
	await setMeta({ user: null })
	return res ?? Response.redirect('/', 303)
}

async function finishSignOut() {
	if (!(await getMeta()).logoutPending) return
	try {
		await fetch('/logout', {
			method: 'POST',
			credentials: 'same-origin',
			redirect: 'manual',
		})
		await setMeta({ logoutPending: false })
	} catch {
		// still offline
	}
}

// Quiz answers and read marks --------------------------------------------------

async function postLesson(event: FetchEvent, url: URL) {
	const copy = event.request.clone()
	try {
		const res = await fetch(event.request)
		// The kept lesson page now offers the next attempt's questions.
		event.waitUntil(refreshPage(url.pathname))
		return res
	} catch {
		const queued = await enqueue(url, await copy.text())
		if (!queued) return offlinePage()
		return Response.redirect(
			`${url.pathname}#${queued.intent === 'quiz' ? 'quiz' : 'offline-queue'}`,
			303,
		)
	}
}

/** Keeps a lesson form posted without a connection; only a signed-in person's quiz answers and read marks. */
async function enqueue(url: URL, text: string) {
	const form = new URLSearchParams(text)
	const intent = form.get('intent')
	const { user } = await getMeta()
	if (!user || !QUEUED_INTENTS.includes(intent as 'quiz')) return null
	let id = form.get(CLIENT_ID_FIELD)
	if (!isClientId(id)) {
		id = crypto.randomUUID()
		form.set(CLIENT_ID_FIELD, id)
	}
	const entry: QueueEntry = {
		id,
		user,
		url: url.pathname,
		intent: intent as 'quiz' | 'read',
		attempt: Number(form.get('attempt')) || null,
		title: await titleOf(url),
		body: form.toString(),
		madeAt: Date.now(),
		state: 'waiting',
		sentAt: null,
		status: null,
		resultUrl: null,
	}
	// The same form sent twice without a connection is one entry (same id).
	if (!(await getEntry(id))) await putEntry(entry)
	await self.registration.sync?.register(SYNC_TAG).catch(() => undefined)
	await broadcast()
	return entry
}

async function titleOf(url: URL) {
	const page = await keptPage(url)
	const title = /<title>([^<]*)<\/title>/.exec((await page?.text()) ?? '')?.[1]
	return decodeEntities(title?.split(' — ')[0] ?? url.pathname)
}

function decodeEntities(text: string) {
	return text.replace(/&(#x?[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (all, code) => {
		const named: Record<string, string> = {
			amp: '&',
			lt: '<',
			gt: '>',
			quot: '"',
			apos: "'",
		}
		const c = String(code).toLowerCase()
		if (c in named) return named[c]!
		const n = c.startsWith('#x')
			? parseInt(c.slice(2), 16)
			: parseInt(c.slice(1), 10)
		return Number.isFinite(n) ? String.fromCodePoint(n) : all
	})
}

let flushing: Promise<number> | null = null
let flushAgain = false

/**
 * Sends this person's waiting entries, oldest first; resolves to how many
 * still wait. A call made while a round runs gets one more round after it
 * (the connection may have come back meanwhile).
 */
function flush(): Promise<number> {
	if (flushing) {
		flushAgain = true
		return flushing
	}
	flushing = (async () => {
		let left: number
		do {
			flushAgain = false
			left = await sendWaiting()
		} while (flushAgain && left > 0)
		return left
	})().finally(() => (flushing = null))
	return flushing
}

async function sendWaiting() {
	const { user } = await getMeta()
	if (!user) return 0
	const waiting = (await queueOf(user)).filter(
		(e) => e.state === 'waiting' || e.state === 'signin',
	)
	let left = waiting.length
	for (const entry of waiting) {
		let res: Response
		try {
			res = await fetch(entry.url, {
				method: 'POST',
				body: entry.body,
				credentials: 'same-origin',
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					[OWNER_HEADER]: entry.user,
				},
			})
		} catch {
			break
		}
		if (new URL(res.url).pathname === '/login') {
			await putEntry({ ...entry, state: 'signin' })
			break
		}
		if (res.status >= 500 || res.status === 429) break
		const sent: QueueEntry = {
			...entry,
			state: res.ok ? 'sent' : 'refused',
			sentAt: Date.now(),
			status: res.status,
		}
		// The graded attempt, as the server showed it, kept to be read offline too.
		if (entry.intent === 'quiz' && isHtml(res)) {
			sent.resultUrl = `${entry.url}?${RESULT_PARAM}=${entry.id}`
			await (
				await caches.open(pagesOf(user))
			).put(`${origin}${sent.resultUrl}`, res)
		}
		await putEntry(sent)
		left--
		await refreshPage(entry.url)
	}
	if (waiting.length) await broadcast()
	return left
}

async function dismissSent() {
	const { user } = await getMeta()
	if (!user) return
	const done = (await queueOf(user)).filter(
		(e) => e.state === 'sent' || e.state === 'refused',
	)
	const cache = await caches.open(pagesOf(user))
	for (const e of done)
		if (e.resultUrl) await cache.delete(`${origin}${e.resultUrl}`)
	await deleteEntries(done.map((e) => e.id))
}

/** Fetches a kept page again, so it shows what the server knows now. */
async function refreshPage(path: string) {
	const url = new URL(path, origin)
	if (!(await keptPage(url))) return
	try {
		const res = await fetch(url, { credentials: 'same-origin' })
		await identify(res)
		await keep(url, res, true)
	} catch {
		// offline again: the copy stays
	}
}

// Saved courses -------------------------------------------------------------

/** Downloads a course's offline pack into this person's cache; tells the page how far it got. */
async function saveCourse(packUrl: string, port?: MessagePort) {
	let pack: OfflinePack
	try {
		const res = await fetch(packUrl, { credentials: 'same-origin' })
		if (!res.ok) return { type: 'failed' as const, status: res.status }
		pack = (await res.json()) as OfflinePack
	} catch {
		return { type: 'failed' as const, status: null }
	}
	let done = 0
	let bytes = 0
	let owner: string | null | undefined
	for (const item of pack.items) {
		const status = await storeItem(item)
		if (typeof status === 'number') return { type: 'failed' as const, status }
		owner ??= status.user
		done++
		bytes += item.bytes
		port?.postMessage({
			type: 'progress',
			done,
			total: pack.items.length,
			bytes,
		})
	}
	const user = owner ?? ANON
	await putSaved({
		key: `${user}|${pack.course}`,
		user,
		course: pack.course,
		title: pack.title,
		lang: pack.lang,
		items: Object.fromEntries(pack.items.map((i) => [i.url, i.version])),
		bytes: pack.bytes,
		savedAt: Date.now(),
		checkedAt: Date.now(),
	})
	return null
}

/** One item of a pack: a page in its person's cache, an asset in the shared one. Returns a failed status. */
async function storeItem(
	item: OfflinePack['items'][number],
): Promise<number | { user: string | null }> {
	let res: Response
	try {
		res = await fetch(item.url, { credentials: 'same-origin' })
	} catch {
		return 0
	}
	if (!res.ok) return res.status
	// Also the first news of who is signed in, when the page asking was opened before this worker ran.
	await identify(res)
	if (item.kind === 'asset') {
		const name = item.url.startsWith('/assets/') ? ASSET_CACHE : SHELL_CACHE
		await (await caches.open(name)).put(item.url, res)
		return { user: null }
	}
	const user = res.headers.get(USER_HEADER)
	await (
		await caches.open(pagesOf(user))
	).put(pageKey(new URL(item.url, origin)), res)
	return { user }
}

let refreshing: Promise<void> | null = null

/** A new version of a saved course's lessons replaces the kept one (checked at most every 30 minutes). */
function refreshSaved(force = false) {
	refreshing ??= checkSaved(force).finally(() => (refreshing = null))
	return refreshing
}

async function checkSaved(force: boolean) {
	const { user } = await getMeta()
	const saved = await savedOf(user ? [user, ANON] : [ANON])
	for (const course of saved) {
		if (!force && Date.now() - course.checkedAt < REFRESH_EVERY_MS) continue
		let pack: OfflinePack
		try {
			const res = await fetch(`/courses/${course.course}/offline-pack.json`, {
				credentials: 'same-origin',
			})
			if (!res.ok) continue
			pack = (await res.json()) as OfflinePack
		} catch {
			return
		}
		for (const item of pack.items) {
			if (course.items[item.url] === item.version) continue
			const status = await storeItem(item)
			if (typeof status === 'number') return
			course.items[item.url] = item.version
		}
		await putSaved({ ...course, bytes: pack.bytes, checkedAt: Date.now() })
	}
}

// What pages are told ---------------------------------------------------------

async function state(): Promise<OfflineState> {
	const { user } = await getMeta()
	const queue = user ? await queueOf(user) : []
	const saved = await savedOf(user ? [user, ANON] : [ANON])
	return {
		type: 'state',
		user,
		queue: queue.map((e) => ({
			id: e.id,
			url: e.url,
			intent: e.intent,
			attempt: e.attempt,
			title: e.title,
			madeAt: e.madeAt,
			state: e.state,
			sentAt: e.sentAt,
			status: e.status,
			resultUrl: e.resultUrl,
		})),
		saved: saved.map((s) => ({
			course: s.course,
			title: s.title,
			bytes: s.bytes,
			savedAt: s.savedAt,
			pages: Object.values(s.items).filter(Boolean).length,
		})),
	}
}

async function broadcast() {
	for (const client of await self.clients.matchAll({ type: 'window' }))
		client.postMessage({ type: 'changed' })
}
