import { type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { renderLessonBodies } from './content/lesson-html.server.tsx'
import { isLanguage } from './i18n/config.ts'
import { getI18nInstance, getLanguage } from './i18n/i18n.server.ts'
import { collectPage } from './utils/html-stream.server.ts'
import { encodePage, pageEncoding } from './utils/page-encoding.server.ts'
import {
	isWithoutJavaScript,
	PageMemo,
	pageMemoKey,
	type KeptPage,
} from './utils/page-memo.server.ts'
import { NonceProvider } from './utils/nonce.tsx'

const ABORT_DELAY = 10_000
const pages = new PageMemo()

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
	const lng = await pageLanguage(request, remixContext)
	const key = pageMemoKey(request, responseStatusCode, lng, remixContext)
	const kept = key ? pages.get(key) : undefined
	if (kept) return keptPage(request, responseHeaders, lng, kept)
	const instance = await getI18nInstance(lng)
	const page = (
		<NonceProvider value={nonce}>
			<I18nextProvider i18n={instance}>
				<RemixServer
					context={remixContext}
					url={request.url}
					abortDelay={ABORT_DELAY}
					nonce={nonce}
				/>
			</I18nextProvider>
		</NonceProvider>
	)

	// A page without JavaScript streams nothing (no Remix data, no Suspense
	// boundary): rendered to a string in one pass, without the stream's
	// machinery, about 7 % of a lesson cycle's CPU. A render error throws,
	// and Remix renders the error boundary instead, as after a shell error.
	if (isWithoutJavaScript(remixContext)) {
		const html = renderToString(page)
		// A boundary that suspended is written as its fallback, for a script
		// this page does not have: an error, not half a page.
		if (html.includes('<!--$!-->'))
			throw new Error(
				`A page without JavaScript suspended while rendering: ${request.url}`,
			)
		const body = new Uint8Array(Buffer.from(`<!DOCTYPE html>${html}`))
		if (key) pages.set(key, body)
		return htmlResponse(request, body, responseHeaders, lng, responseStatusCode)
	}

	return new Promise<Response>((resolve, reject) => {
		let shellRendered = false
		// NOTE: always wait for the whole page: crawlers must get complete
		// HTML, and no route streams deferred data.
		const { pipe, abort } = renderToPipeableStream(page, {
			nonce,
			onAllReady() {
				shellRendered = true
				clearTimeout(timeout)
				collectPage(pipe).then((body) => {
					resolve(
						htmlResponse(
							request,
							body,
							responseHeaders,
							lng,
							responseStatusCode,
						),
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
		})
		const timeout = setTimeout(abort, ABORT_DELAY)
	})
}

/**
 * The language the root loader chose for this page. Asking again would
 * validate the session a second time (the loaders' shared validation has
 * settled by now): only an error page without root data does.
 */
function pageLanguage(request: Request, context: EntryContext) {
	const root = context.staticHandlerContext.loaderData.root as
		{ lang?: unknown } | undefined
	return isLanguage(root?.lang) ? root.lang : getLanguage(request)
}

/** The page, compressed here in one pass when the client accepts it (see page-encoding.server.ts). */
function htmlResponse(
	request: Request,
	body: Uint8Array<ArrayBuffer>,
	headers: Headers,
	lng: string,
	status: number,
	kept?: KeptPage,
) {
	headers.set('Content-Type', 'text/html; charset=utf-8')
	if (!headers.has('Content-Language')) headers.set('Content-Language', lng)
	const encoding = pageEncoding(request, headers, body.length)
	if (encoding) {
		body = kept ? pages.encoded(kept, encoding) : encodePage(body, encoding)
		headers.set('Content-Encoding', encoding)
		headers.append('Vary', 'Accept-Encoding')
	}
	headers.set('Content-Length', String(body.length))
	return new Response(body, { headers, status })
}

function keptPage(
	request: Request,
	headers: Headers,
	lng: string,
	page: KeptPage,
) {
	headers.set('X-Page-Render', 'kept')
	return htmlResponse(request, page.body, headers, lng, 200, page)
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

/**
 * Run by each server process before it takes requests: every lesson body is
 * rendered (once per version and language), so the first learners after a
 * start do not wait for them.
 */
export async function warmUp() {
	return { lessonBodies: await renderLessonBodies() }
}

export function handleError(error: unknown, { request }: { request: Request }) {
	if (request.signal.aborted) return
	console.error(error)
}
