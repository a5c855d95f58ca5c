import fs from 'node:fs'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { mdxFromMarkdown } from 'mdast-util-mdx'
import { mdxjs } from 'micromark-extension-mdxjs'
import YAML, { isMap, isScalar, isSeq, type Document } from 'yaml'
import { supportedLanguages, type Language } from '#app/i18n/config.ts'
import type { LessonFile, RawCourse } from './source.server.ts'

/**
 * Where the prose of a content file is: the spans of its source that a
 * reader sees as text. Rules on wording and typography look only there, so
 * they never touch YAML keys, ids, URLs, code, JSX expressions or attributes
 * that are not text.
 */
export type TextSpan = {
	/** offsets in the file's source: source.slice(start, end) is the raw text */
	start: number
	end: number
	/** inside *emphasis*: by convention a quoted foreign name or title */
	italic: boolean
	/** the characters around the span in the source ('' at a YAML or attribute boundary) */
	before: string
	after: string
}

/** YAML keys whose values are identifiers or addresses, never prose. */
const NON_TEXT_KEYS = new Set([
	'id',
	'url',
	'type',
	'kind',
	'calculation',
	'href',
	'src',
	'date',
])

/** Component attributes that hold text a reader sees (see docs/content-format.md). */
const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'caption', 'term', 'text'])

/** Nodes whose content is code, not prose. */
const NOT_PROSE = new Set([
	'code',
	'inlineCode',
	'html',
	'mdxjsEsm',
	'mdxFlowExpression',
	'mdxTextExpression',
])

/**
 * The string values of a YAML node (a document's contents, or one of its
 * subtrees such as a course.yml's `fr:`), except the values of NON_TEXT_KEYS.
 * `yaml` is the source the document was parsed from; `offset` is where it
 * starts in the file.
 */
export function yamlTextSpans(
	yaml: string,
	node: unknown,
	offset: number,
): TextSpan[] {
	const out: TextSpan[] = []
	const visit = (n: unknown, key: string | null) => {
		if (isMap(n)) {
			for (const pair of n.items) {
				visit(pair.value, isScalar(pair.key) ? String(pair.key.value) : null)
			}
		} else if (isSeq(n)) {
			for (const item of n.items) visit(item, key)
		} else if (
			isScalar(n) &&
			typeof n.value === 'string' &&
			n.range &&
			!(key && NON_TEXT_KEYS.has(key))
		) {
			let [start, end] = n.range
			if (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') {
				start += 1
				end -= 1
			} else if (n.type === 'BLOCK_FOLDED' || n.type === 'BLOCK_LITERAL') {
				start = yaml.indexOf('\n', start) + 1
			}
			out.push({
				start: start + offset,
				end: end + offset,
				italic: false,
				before: '',
				after: '',
			})
		}
	}
	visit(node, null)
	return out
}

export function documentTextSpans(
	yaml: string,
	document: Document,
	offset: number,
) {
	return yamlTextSpans(yaml, document.contents, offset)
}

type MdPosition = { start: { offset?: number }; end: { offset?: number } }
type MdAttribute = {
	type: string
	name?: string
	value?: unknown
	position?: MdPosition
}
type MdNode = {
	type: string
	children?: MdNode[]
	attributes?: MdAttribute[]
	position?: MdPosition
}

/**
 * The text of an MDX body: Markdown text nodes (with link and emphasis text)
 * and the text attributes of components. Returns null when the body does not
 * parse (the compile check reports it).
 */
export function mdxTextSpans(body: string, offset: number): TextSpan[] | null {
	let tree: MdNode
	try {
		tree = fromMarkdown(body, {
			extensions: [mdxjs()],
			mdastExtensions: [mdxFromMarkdown()],
		}) as unknown as MdNode
	} catch {
		return null
	}
	const out: TextSpan[] = []
	const push = (start: number, end: number, italic: boolean, edge: boolean) =>
		out.push({
			start: start + offset,
			end: end + offset,
			italic,
			before: edge ? (body[start - 1] ?? '') : '',
			after: edge ? (body[end] ?? '') : '',
		})
	const visit = (node: MdNode, italic: boolean) => {
		if (NOT_PROSE.has(node.type)) return
		const start = node.position?.start.offset
		const end = node.position?.end.offset
		if (node.type === 'text' && start !== undefined && end !== undefined) {
			push(start, end, italic, true)
			return
		}
		for (const attribute of node.attributes ?? []) {
			const a = attribute.position?.start.offset
			const b = attribute.position?.end.offset
			if (
				attribute.type !== 'mdxJsxAttribute' ||
				!TEXT_ATTRIBUTES.has(attribute.name ?? '') ||
				typeof attribute.value !== 'string' ||
				a === undefined ||
				b === undefined
			)
				continue
			const quote = /=\s*["']/.exec(body.slice(a, b))
			if (quote) push(a + quote.index + quote[0].length, b - 1, italic, false)
		}
		for (const child of node.children ?? []) {
			visit(child, italic || node.type === 'emphasis')
		}
	}
	visit(tree, false)
	return out
}

/**
 * A line may carry `content-check-allow: <term>[, <term>...]` (a YAML comment
 * in frontmatter, `{/* ... *\/}` in an MDX body) to keep a variant on purpose;
 * `typography` there keeps a quotation in another language as it is.
 */
export function allowedOnLine(lineText: string, term: string) {
	const marker = /content-check-allow:([^\n*#}]*)/.exec(lineText)
	if (!marker) return false
	return marker[1]!
		.split(',')
		.map((t) => t.trim().toLowerCase())
		.includes(term.trim().toLowerCase())
}

/** 1-based line of an offset in a text. */
export function lineOfOffset(source: string, offset: number) {
	let line = 1
	for (let i = 0; i < offset && i < source.length; i++) {
		if (source.charCodeAt(i) === 10) line++
	}
	return line
}

/** Addresses inside a piece of text: never prose, whatever their punctuation. */
export function urlRanges(text: string): [number, number][] {
	return [
		...text.matchAll(
			/(?:\b[a-z][a-z\d+.-]*:\/\/|\bmailto:|\bwww\.)[^\s<>"'«»)\]]*/gi,
		),
	].map((m) => [m.index, m.index + m[0].length])
}

/** The prose of one file in one language, ready for the wording and typography rules. */
export type ContentText = {
	file: string
	source: string
	lang: Language
	spans: TextSpan[]
}

/**
 * Every lesson file, and each language part of every course.yml, as prose
 * spans. A course.yml yields one ContentText per language (same file, the
 * spans of its `fr:` or `en:` part).
 */
export function collectTexts(courses: RawCourse[]): ContentText[] {
	const out: ContentText[] = []
	for (const course of courses) {
		if (fs.existsSync(course.metaFile)) {
			const source = fs.readFileSync(course.metaFile, 'utf8')
			const document = YAML.parseDocument(source)
			if (!document.errors.length) {
				for (const lang of supportedLanguages) {
					out.push({
						file: course.metaFile,
						source,
						lang,
						spans: yamlTextSpans(source, document.get(lang, true), 0),
					})
				}
			}
		}
		for (const lesson of course.lessons) {
			for (const lang of supportedLanguages) {
				const file = lesson.files[lang]
				if (file) out.push(lessonText(file, lang))
			}
		}
	}
	return out
}

export function lessonText(file: LessonFile, lang: Language): ContentText {
	const spans: TextSpan[] = []
	if (file.document) {
		const offset = file.source.startsWith('---\r\n') ? 5 : 4
		const yaml = file.source.slice(offset)
		spans.push(...documentTextSpans(yaml, file.document, offset))
	}
	spans.push(
		...(mdxTextSpans(file.body, file.source.length - file.body.length) ?? []),
	)
	return { file: file.file, source: file.source, lang, spans }
}
