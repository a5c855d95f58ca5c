import type { NextFunction, Request, Response } from 'express'
import { MAX_UPLOAD_MB } from '../app/utils/upload-limits.ts'
import { detectAnonymousLanguage } from '#app/i18n/detect.server.ts'

/**
 * What a request body may be, checked before any route reads it (Remix
 * buffers a form whole): a form (urlencoded) up to 1 MB, a multipart upload
 * up to 32 MB, with a Content-Length. Uploads above the routes' own 5 MB
 * file limit but under 32 MB still reach the route, which stops reading at
 * 5 MB and answers in the page, in the person's language; what is left of
 * the body is then read and dropped, so that the browser, still sending,
 * gets that answer instead of a reset connection.
 */

export const FORM_BODY_LIMIT = 1024 * 1024
export const UPLOAD_BODY_LIMIT = 32 * 1024 * 1024
/** Above this, a refused body is not even read to its end: the connection is closed. */
const DRAIN_LIMIT = 64 * 1024 * 1024

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const FORM = 'application/x-www-form-urlencoded'
const MULTIPART = 'multipart/form-data'

export type BodyProblem = 'tooLarge' | 'unsupportedType' | 'lengthRequired'

const MESSAGES: Record<'fr' | 'en', Record<BodyProblem, string>> = {
	fr: {
		tooLarge: `Envoi trop volumineux : un formulaire est limité à 1 Mo et un fichier à ${MAX_UPLOAD_MB} Mo.`,
		unsupportedType:
			'Type de contenu non pris en charge : cette adresse n’accepte que des formulaires.',
		lengthRequired:
			'La taille de l’envoi doit être annoncée (en-tête Content-Length).',
	},
	en: {
		tooLarge: `Upload too large: a form is limited to 1 MB and a file to ${MAX_UPLOAD_MB} MB.`,
		unsupportedType:
			'Unsupported content type: this address only accepts forms.',
		lengthRequired:
			'The size of the request body must be given (Content-Length header).',
	},
}

export function bodyLimitMessage(problem: BodyProblem, lang: 'fr' | 'en') {
	return MESSAGES[lang][problem]
}

export function requestLimits() {
	return (req: Request, res: Response, next: NextFunction) => {
		if (!BODY_METHODS.has(req.method.toUpperCase())) return next()
		const type = (req.headers['content-type'] ?? '')
			.split(';')[0]!
			.trim()
			.toLowerCase()
		const declared = req.headers['content-length']
		const refuse = (status: number, problem: BodyProblem) => {
			// Node reads and drops an unread body once the answer is sent; past DRAIN_LIMIT, close instead.
			if (declared === undefined || Number(declared) > DRAIN_LIMIT)
				res.setHeader('Connection', 'close')
			res
				.status(status)
				.type('text/plain; charset=utf-8')
				.send(
					bodyLimitMessage(
						problem,
						detectAnonymousLanguage({
							cookie: req.headers.cookie,
							acceptLanguage: req.headers['accept-language'],
						}),
					),
				)
		}
		if (declared === undefined) {
			if (req.headers['transfer-encoding'] !== undefined)
				return refuse(411, 'lengthRequired')
		}
		const length = Number(declared ?? 0)
		if (length === 0) {
			// No body: an empty form, whatever the Content-Type said (or did not say).
			req.headers['content-type'] = FORM
			return next()
		}
		if (type !== FORM && type !== MULTIPART)
			return refuse(415, 'unsupportedType')
		if (length > (type === MULTIPART ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT))
			return refuse(413, 'tooLarge')
		res.on('finish', () => {
			// A route answered without reading the whole body (an upload over its limit): drop the rest.
			if (!req.complete) {
				req.removeAllListeners('data')
				req.resume()
			}
		})
		next()
	}
}
