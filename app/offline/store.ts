import { openDB, type DBSchema } from 'idb'

/**
 * What the service worker keeps in IndexedDB (it alone writes here; pages
 * ask it through messages): who the pages are for, the writes waiting to be
 * sent, and the courses saved for offline use. Service worker only.
 */

export type QueueState =
	/** kept on the phone, not sent yet */
	| 'waiting'
	/** the session had ended: sent once the same person signs in again */
	| 'signin'
	/** recorded by the server (or already recorded: the first result is shown) */
	| 'sent'
	/** answered by the server without being recorded (e.g. an attempt already taken elsewhere) */
	| 'refused'

export type QueueEntry = {
	/** the id the phone made (the form's clientId) */
	id: string
	/** the offline key of the person who made it */
	user: string
	/** the lesson's path */
	url: string
	intent: 'quiz' | 'read'
	attempt: number | null
	/** the lesson's title, from its saved page */
	title: string
	/** the form, URL-encoded, as the lesson page would have sent it */
	body: string
	madeAt: number
	state: QueueState
	sentAt: number | null
	/** the server's answer */
	status: number | null
	/** where the graded attempt is kept on the phone (quizzes) */
	resultUrl: string | null
}

/** What a page is shown of an entry: never its answers. */
export type QueueView = Omit<QueueEntry, 'body' | 'user'>

export type SavedCourse = {
	/** `${user}|${course}` */
	key: string
	/** the offline key of the person it was saved for, or "anon" */
	user: string
	course: string
	title: string
	lang: string
	/** every page's and asset's URL with its version (pages) or "" (hashed assets) */
	items: Record<string, string>
	bytes: number
	savedAt: number
	checkedAt: number
}

export type Meta = {
	/** the offline key of the person the last page was for; null: a visitor */
	user: string | null
	/** the language of the last page (null before any) */
	lang: string | null
	/** a sign-out made offline, to finish on the server first thing once online */
	logoutPending: boolean
}

interface OfflineDB extends DBSchema {
	meta: { key: 'meta'; value: Meta }
	queue: { key: string; value: QueueEntry; indexes: { user: string } }
	saved: { key: string; value: SavedCourse; indexes: { user: string } }
}

const db = openDB<OfflineDB>('essor-offline', 1, {
	upgrade(d) {
		d.createObjectStore('meta')
		d.createObjectStore('queue', { keyPath: 'id' }).createIndex('user', 'user')
		d.createObjectStore('saved', { keyPath: 'key' }).createIndex('user', 'user')
	},
})

const DEFAULT_META: Meta = { user: null, lang: null, logoutPending: false }

export async function getMeta(): Promise<Meta> {
	return { ...DEFAULT_META, ...(await (await db).get('meta', 'meta')) }
}

export async function setMeta(change: Partial<Meta>) {
	const d = await db
	const tx = d.transaction('meta', 'readwrite')
	const now = { ...DEFAULT_META, ...(await tx.store.get('meta')), ...change }
	await tx.store.put(now, 'meta')
	await tx.done
	return now
}

export async function queueOf(user: string) {
	const entries = await (await db).getAllFromIndex('queue', 'user', user)
	return entries.sort((a, b) => a.madeAt - b.madeAt)
}

export async function putEntry(entry: QueueEntry) {
	await (await db).put('queue', entry)
}

export async function getEntry(id: string) {
	return (await db).get('queue', id)
}

export async function deleteEntries(ids: string[]) {
	const tx = (await db).transaction('queue', 'readwrite')
	await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done])
}

export async function savedOf(users: string[]) {
	const d = await db
	const lists = await Promise.all(
		users.map((u) => d.getAllFromIndex('saved', 'user', u)),
	)
	return lists.flat()
}

export async function putSaved(saved: SavedCourse) {
	await (await db).put('saved', saved)
}

export async function deleteSaved(keys: string[]) {
	const tx = (await db).transaction('saved', 'readwrite')
	await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done])
}
