import { getMDXComponent } from 'mdx-bundler/client'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { supportedLanguages, type Language } from '#app/i18n/config.ts'
import { getI18nInstance } from '#app/i18n/i18n.server.ts'
import { withIdentity } from '#app/utils/page-memo.server.ts'
import { getCatalog } from './catalog.server.ts'
import { mdxComponents } from './mdx-components.tsx'

/**
 * A lesson's body does not depend on who reads it, except for its
 * worksheets: it is rendered to HTML once per lesson version and language
 * and kept, and each request renders only the worksheets (with the
 * learner's values) between the stored pieces. React's rendering of the body
 * was the largest part of a signed-in lesson page's CPU time.
 */

export type BodyPart = { html: string } | { worksheet: string }

const MARKER = /<essor-worksheet data-id="([^"]*)"><\/essor-worksheet>/g
const VOID = new Set([
	'area',
	'base',
	'br',
	'col',
	'embed',
	'hr',
	'img',
	'input',
	'link',
	'meta',
	'source',
	'track',
	'wbr',
])

/** Whether an HTML piece opens and closes the same elements (a worksheet placed inside a callout would split one). */
function balanced(html: string): boolean {
	const open: string[] = []
	for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
		const [, closing, name, selfClosing] = m
		const tag = name!.toLowerCase()
		if (VOID.has(tag) || selfClosing) continue
		if (!closing) open.push(tag)
		else if (open.pop() !== tag) return false
	}
	return open.length === 0
}

export function splitBody(html: string): BodyPart[] | null {
	const parts: BodyPart[] = []
	let last = 0
	for (const m of html.matchAll(MARKER)) {
		if (m.index > last) parts.push({ html: html.slice(last, m.index) })
		parts.push({ worksheet: m[1]! })
		last = m.index + m[0].length
	}
	if (last < html.length) parts.push({ html: html.slice(last) })
	return parts.every((p) => !('html' in p) || balanced(p.html)) ? parts : null
}

function WorksheetMarker({ id }: { id: string }) {
	return <essor-worksheet data-id={id} />
}

const cache = new Map<string, Promise<BodyPart[] | null>>()

/**
 * Renders every lesson body of the catalog ahead, in every language, and
 * returns how many bodies are kept. A body that fails to render is logged
 * and fails its own page, as it would have without this, not the caller.
 */
export async function renderLessonBodies() {
	const { courses } = await getCatalog()
	for (const lang of supportedLanguages)
		for (const course of courses)
			for (const lesson of course.lessons)
				await lessonBodyParts(
					lesson.i18n[lang].code,
					lesson.version,
					lang,
				).catch((error: unknown) =>
					console.error(`${course.slug}/${lesson.slug} (${lang}):`, error),
				)
	return renderedLessonBodies()
}

/** How many lesson bodies (per version and language) have been rendered or are being rendered. */
export function renderedLessonBodies() {
	return cache.size
}

/**
 * The body of one lesson text in pieces (null when it cannot be split: the
 * page then renders the MDX itself). Keyed by the lesson's content version.
 */
export function lessonBodyParts(
	code: string,
	version: string,
	lang: Language,
): Promise<BodyPart[] | null> {
	const key = `${version}:${lang}`
	let parts = cache.get(key)
	if (!parts) {
		parts = (async () => {
			const i18n = await getI18nInstance(lang)
			const Component = getMDXComponent(code)
			const html = renderToStaticMarkup(
				<I18nextProvider i18n={i18n}>
					<Component
						components={{ ...mdxComponents, Worksheet: WorksheetMarker }}
					/>
				</I18nextProvider>,
			)
			const parts = splitBody(html)
			return parts && withIdentity(parts, `lesson-body:${key}`)
		})()
		cache.set(key, parts)
	}
	return parts
}

declare module 'react' {
	// eslint-disable-next-line @typescript-eslint/no-namespace
	namespace JSX {
		interface IntrinsicElements {
			'essor-worksheet': { 'data-id': string }
		}
	}
}
