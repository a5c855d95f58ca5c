/**
 * What the server, the service worker and the page script agree on
 * (imported by all three; keep it free of server-only code).
 */

/** The form field holding the id the phone made for a write. */
export const CLIENT_ID_FIELD = 'clientId'

/** On every response to a signed-in person: their offline key (replay.server.ts). */
export const USER_HEADER = 'X-Essor-User'

/** On a replayed write: the offline key of the person who made it on the phone. */
export const OWNER_HEADER = 'X-Essor-Offline-Owner'

/** The form intents the phone keeps while offline and sends later. */
export const QUEUED_INTENTS = ['quiz', 'read'] as const

const CLIENT_ID = /^[A-Za-z0-9_-]{16,64}$/

export function isClientId(value: unknown): value is string {
	return typeof value === 'string' && CLIENT_ID.test(value)
}

/** A lesson page's path: /courses/<course>/<lesson>. */
export const LESSON_PATH = /^\/courses\/[a-z0-9-]+\/[a-z0-9-]+$/

/** Pages kept for offline reading (per person): home, catalog, courses, lessons, the learner's page. */
export const KEPT_PAGE = /^\/(courses(\/[a-z0-9-]+){0,2}|training)?$/

/** A course's offline pack (GET /courses/<course>/offline-pack.json). */
export type OfflinePack = {
	course: string
	title: string
	lang: string
	/** the course's content version */
	version: string
	items: {
		url: string
		kind: 'page' | 'asset'
		/** bytes over the network (compressed as served) */
		bytes: number
		/** pages: the content version they show; assets: "" */
		version: string
	}[]
	/** the sum of the items' bytes */
	bytes: number
}

/** A page's requests to the service worker (answered on the message's port). */
export type PageMessage =
	| { type: 'state' }
	| { type: 'flush' }
	| { type: 'save'; pack: string }
	| { type: 'dismiss' }
	| { type: 'refresh'; force?: boolean }

/** What a page is told: whose pages these are, what waits to be sent, what is saved. */
export type OfflineState = {
	type: 'state'
	user: string | null
	queue: {
		id: string
		url: string
		intent: 'quiz' | 'read'
		attempt: number | null
		title: string
		madeAt: number
		state: 'waiting' | 'signin' | 'sent' | 'refused'
		sentAt: number | null
		status: number | null
		resultUrl: string | null
	}[]
	saved: {
		course: string
		title: string
		bytes: number
		savedAt: number
		pages: number
	}[]
}

/** Sent on the port while a course is being saved, before the final state. */
export type SaveProgress = {
	type: 'progress'
	done: number
	total: number
	bytes: number
}

/** Sent instead of the final state when saving failed. */
export type SaveFailed = { type: 'failed'; status: number | null }

/** The manifest's and the browser bar's colour: the mark's green (public/favicon.svg). */
export const THEME_COLOR = '#0b6e4f'
