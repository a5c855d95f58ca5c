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
