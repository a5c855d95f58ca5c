import { type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { getI18nInstance, getLanguage } from './i18n/i18n.server.ts'
import { collectPage } from './utils/html-stream.server.ts'
import { NonceProvider } from './utils/nonce.tsx'

const ABORT_DELAY = 10_000

export default async function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	remixContext: EntryContext,
	loadContext: AppLoadContext,
) {
	const nonce =
		typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined
	withLoaderHeaders(responseHeaders, remixContext)
	const lng = await getLanguage(request)
	const instance = await getI18nInstance(lng)

	return new Promise<Response>((resolve, reject) => {
		let shellRendered = false
		// NOTE: always wait for the whole page: learners without JavaScript and
		// crawlers must get complete HTML, and no route streams deferred data.
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<I18nextProvider i18n={instance}>
					<RemixServer
						context={remixContext}
						url={request.url}
						abortDelay={ABORT_DELAY}
						nonce={nonce}
					/>
				</I18nextProvider>
			</NonceProvider>,
			{
				nonce,
				onAllReady() {
					shellRendered = true
					clearTimeout(timeout)
					responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
					if (!responseHeaders.has('Content-Language'))
						responseHeaders.set('Content-Language', lng)
					collectPage(pipe).then((page) => {
						responseHeaders.set('Content-Length', String(page.length))
						resolve(
							new Response(page, {
								headers: responseHeaders,
								status: responseStatusCode,
							}),
						)
					}, reject)
				},
				onShellError(error: unknown) {
					reject(error)
				},
				onError(error: unknown) {
					responseStatusCode = 500
					if (shellRendered) console.error(error)
				},
			},
		)
		const timeout = setTimeout(abort, ABORT_DELAY)
	})
}

/**
 * Headers a page's loaders set (Cache-Control, X-Robots-Tag, Vary...) reach
 * the document response even when the route has no `headers` export; a
 * header the response already has wins, the deepest route first.
 */
function withLoaderHeaders(headers: Headers, context: EntryContext) {
	const { matches, loaderHeaders, actionHeaders } = context.staticHandlerContext
	for (const match of [...matches].reverse()) {
		for (const source of [
			actionHeaders?.[match.route.id],
			loaderHeaders[match.route.id],
		]) {
			source?.forEach((value, name) => {
				if (name.toLowerCase() === 'set-cookie') return
				if (!headers.has(name)) headers.set(name, value)
			})
		}
	}
}

export function handleError(error: unknown, { request }: { request: Request }) {
	if (request.signal.aborted) return
	console.error(error)
}
