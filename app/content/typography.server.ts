import fs from 'node:fs'
import YAML from 'yaml'
import {
	defaultContentRoot,
	parseLessonFile,
	readContent,
	type ContentProblem,
} from './source.server.ts'
import {
	allowedOnLine,
	collectTexts,
	lineOfOffset,
	mdxTextSpans,
	urlRanges,
	type ContentText,
	type TextSpan,
} from './text-spans.server.ts'

/**
 * French typography: a narrow no-break space (U+202F) before : ; ? ! and
 * inside « ». Checked and fixed only in prose spans (see text-spans.server.ts).
 */
export const NNBSP = '\u202f'
const MARKS = ':;?!'
/** A mark right after one of these is not spaced: "?!", "(?)", "« ?", table rules "|:-". */
const NO_SPACE_AFTER = MARKS + '([{«/\\|-'

// NOTE: JavaScript's \s matches U+202F itself, so the narrow space is excluded by hand.
const isSpace = (c: string | undefined) =>
	c !== undefined && c !== '' && c !== NNBSP && /[\s\u00a0]/.test(c)

export type TypographyEdit = {
	/** replace source.slice(start, end) with NNBSP */
	start: number
	end: number
	message: string
}

function skippedRanges(raw: string): [number, number][] {
	return [
		...urlRanges(raw),
		...[...raw.matchAll(/&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/gi)].map(
			(m): [number, number] => [m.index, m.index + m[0].length],
		),
	]
}

function spanEdits(source: string, span: TextSpan): TypographyEdit[] {
	const raw = source.slice(span.start, span.end)
	const skipped = skippedRanges(raw)
	const out: TypographyEdit[] = []
	const at = (start: number, end: number, message: string) =>
		out.push({ start: span.start + start, end: span.start + end, message })
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i]!
		if (skipped.some(([a, b]) => i >= a && i < b)) continue
		if (MARKS.includes(c)) {
			// Insert before the mark, or before the backslash that escapes it.
			const p = raw[i - 1] === '\\' ? i - 1 : i
			const prev = p > 0 ? raw[p - 1]! : span.before
			if (prev === '' || prev === NNBSP || NO_SPACE_AFTER.includes(prev))
				continue
			if (c === ':' && /\d/.test(prev) && /\d/.test(raw[i + 1] ?? '')) continue // 10:30, 1:2
			if (isSpace(prev)) {
				if (p === 0) continue
				let k = p - 1
				while (k > 0 && isSpace(raw[k - 1])) k--
				at(
					k,
					p,
					`French typography: the space before "${c}" must be a narrow no-break space (U+202F)`,
				)
			} else {
				at(
					p,
					p,
					`French typography: missing narrow no-break space (U+202F) before "${c}"`,
				)
			}
		} else if (c === '«') {
			const next = i + 1 < raw.length ? raw[i + 1]! : span.after
			if (next === '' || next === NNBSP) continue
			if (isSpace(next)) {
				if (i + 1 >= raw.length) continue
				let k = i + 1
				while (k < raw.length && isSpace(raw[k])) k++
				at(
					i + 1,
					k,
					'French typography: the space after "«" must be a narrow no-break space (U+202F)',
				)
			} else {
				at(
					i + 1,
					i + 1,
					'French typography: missing narrow no-break space (U+202F) after "«"',
				)
			}
		} else if (c === '»') {
			const prev = i > 0 ? raw[i - 1]! : span.before
			if (prev === '' || prev === NNBSP) continue
			if (isSpace(prev)) {
				if (i === 0) continue
				let k = i - 1
				while (k > 0 && isSpace(raw[k - 1])) k--
				at(
					k,
					i,
					'French typography: the space before "»" must be a narrow no-break space (U+202F)',
				)
			} else {
				at(
					i,
					i,
					'French typography: missing narrow no-break space (U+202F) before "»"',
				)
			}
		}
	}
	return out
}

export function typographyEdits(text: ContentText): TypographyEdit[] {
	if (text.lang !== 'fr') return []
	const lines = text.source.split('\n')
	const seen = new Set<number>()
	return text.spans
		.flatMap((span) => spanEdits(text.source, span))
		.filter((e) => !seen.has(e.start) && seen.add(e.start))
		.filter(
			(e) =>
				!allowedOnLine(
					lines[lineOfOffset(text.source, e.start) - 1] ?? '',
					'typography',
				),
		)
}

export function checkTypography(texts: ContentText[]): ContentProblem[] {
	return texts.flatMap((text) =>
		typographyEdits(text).map((e) => ({
			file: text.file,
			line: lineOfOffset(text.source, e.start),
			message: e.message,
		})),
	)
}

export function applyTypographyEdits(source: string, edits: TypographyEdit[]) {
	let out = source
	for (const e of [...edits].sort((a, b) => b.start - a.start)) {
		out = out.slice(0, e.start) + NNBSP + out.slice(e.end)
	}
	return out
}

/** Spacing aside, the two texts say the same thing. */
const sameWords = (a: unknown, b: unknown) => {
	const strip = (v: unknown) =>
		JSON.stringify(v).replace(/[\s\u00a0\u202f]+/g, '')
	return strip(a) === strip(b)
}

/**
 * A fixed file must read back to the same data: same YAML values spacing
 * aside, and an MDX body that still parses. Returns why not, or null.
 */
function unchangedMeaning(file: string, before: string, after: string) {
	if (file.endsWith('.yml')) {
		const doc = YAML.parseDocument(after)
		if (doc.errors.length)
			return `YAML no longer parses: ${doc.errors[0]!.message}`
		return sameWords(YAML.parse(before), doc.toJS())
			? null
			: 'YAML values changed'
	}
	const problems: ContentProblem[] = []
	const a = parseLessonFile(file, before, [])
	const b = parseLessonFile(file, after, problems)
	if (problems.length) return problems[0]!.message
	if (!sameWords(a.document?.toJS(), b.document?.toJS()))
		return 'frontmatter values changed'
	if (mdxTextSpans(a.body, 0) && !mdxTextSpans(b.body, 0))
		return 'MDX body no longer parses'
	return null
}

export type TypographyFix = { file: string; changes: number; error?: string }

/** `content:check --fix`: writes the narrow spaces into every French file. */
export function fixTypography(root = defaultContentRoot): TypographyFix[] {
	const byFile = new Map<string, { source: string; edits: TypographyEdit[] }>()
	for (const text of collectTexts(readContent(root).courses)) {
		const edits = typographyEdits(text)
		if (!edits.length) continue
		const entry = byFile.get(text.file) ?? { source: text.source, edits: [] }
		entry.edits.push(...edits)
		byFile.set(text.file, entry)
	}
	const out: TypographyFix[] = []
	for (const [file, { source, edits }] of byFile) {
		const fixed = applyTypographyEdits(source, edits)
		const error = unchangedMeaning(file, source, fixed)
		if (error) {
			out.push({ file, changes: 0, error })
			continue
		}
		fs.writeFileSync(file, fixed)
		out.push({ file, changes: edits.length })
	}
	return out
}
