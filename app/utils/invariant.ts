/** Throws a Response (404 by default) when `condition` is falsy: for records that do not exist. */
export function invariantResponse<T>(
	condition: T,
	message: string,
	init: ResponseInit = { status: 404 },
): asserts condition {
	if (!condition) {
		throw new Response(message, { ...init, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...init.headers } })
	}
}
