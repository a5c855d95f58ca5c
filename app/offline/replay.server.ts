import { createHash } from 'node:crypto'
import { redirect } from '@remix-run/node'
import { badRequest, conflict } from '#app/utils/invariant.ts'
import { CLIENT_ID_FIELD, isClientId, OWNER_HEADER } from './protocol.ts'

/**
 * Writes made on a phone without a connection (a quiz's answers, "I have read
 * this lesson") wait in the service worker's queue and are sent again later.
 * Each carries an id made on the phone (`clientId`), stored with the record
 * and unique per learner, so that a request sent twice (a lost answer, a
 * queue replayed twice) is recorded once; and the replay names the account
 * that made it (`X-Essor-Offline-Owner`), so that answers made by one person
 * are never recorded for whoever is signed in on the phone when they leave.
 */

/**
 * The opaque name of an account in the phone's caches and queue: responses
 * to a signed-in person carry it (`X-Essor-User`), and the service worker
 * keeps each person's pages and answers apart by it. Not a secret: it only
 * has to differ between people and reveal nothing by itself.
 */
export function offlineUserKey(userId: string) {
	return createHash('sha256')
		.update(`essor-offline-user:${userId}`)
		.digest('base64url')
		.slice(0, 22)
}

export type Replay = {
	/** The phone's id for this write, or null (a form sent without JavaScript). */
	clientId: string | null
}

/**
 * The offline fields of a lesson form. A malformed id is refused by name; a
 * replay whose owner is not the signed-in person is refused (409) and one
 * arriving after the session ended is sent to the sign-in page, so the
 * phone keeps it for later rather than having it graded as a visitor's.
 */
export function readReplay({
	request,
	form,
	userId,
	loginHref,
}: {
	request: Request
	form: FormData
	userId: string | null
	loginHref: string
}): Replay {
	const raw = form.get(CLIENT_ID_FIELD)
	if (raw !== null && !isClientId(raw)) throw badRequest('errors.badClientId')
	const owner = request.headers.get(OWNER_HEADER)
	if (owner !== null) {
		if (!userId) throw redirect(loginHref)
		if (owner !== offlineUserKey(userId))
			throw conflict('errors.offlineOtherAccount')
	}
	return { clientId: raw }
}
