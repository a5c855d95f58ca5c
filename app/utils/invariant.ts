/** 400s whose message the error page shows, translated (keys of `errors.` in the locales). */
export type BadRequestMessage =
	| 'errors.unknownAction'
	| 'errors.invalidRequest'
	| 'errors.unknownWorksheet'
	| 'errors.badClientId'

/** 409s whose message the error page shows, translated. */
export type ConflictMessage = 'errors.offlineOtherAccount'

/** A 400 for a request no page of the app sends (an unknown intent, a malformed form): the error page names the problem. */
export function badRequest(message: BadRequestMessage): Response {
	return new Response(message, {
		status: 400,
		headers: { 'Content-Type': 'text/plain; charset=utf-8' },
	})
}

/** A 409: the request is well formed but conflicts with what is recorded; the error page names the problem. */
export function conflict(message: ConflictMessage): Response {
	return new Response(message, {
		status: 409,
		headers: { 'Content-Type': 'text/plain; charset=utf-8' },
	})
}

/** Throws a Response (404 by default) when `condition` is falsy: for records that do not exist. */
export function invariantResponse<T>(
	condition: T,
	message: string,
	init: ResponseInit = { status: 404 },
): asserts condition {
	if (!condition) {
		throw new Response(message, {
			...init,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', ...init.headers },
		})
	}
}
