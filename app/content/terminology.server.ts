import type { Language } from '#app/i18n/config.ts'
import type { ContentProblem } from './source.server.ts'
import {
	allowedOnLine,
	lineOfOffset,
	urlRanges,
	type ContentText,
} from './text-spans.server.ts'

/**
 * One term per concept across courses (docs/content-format.md, "Terminology").
 * Each rule flags a variant and names the term to use instead.
 */
type TermRule = {
	lang: Language
	pattern: RegExp
	use: string
	/** false: the match is the agreed term after all (e.g. "Law No. 2019/004") */
	isVariant?: (match: string) => boolean
}

export const termRules: TermRule[] = [
	// English: the more specific rules first; a later rule never flags text an earlier one did.
	{
		lang: 'en',
		pattern: /\b(?:communal|municipal) development plans?\b|\bPCDs?\b/gi,
		use: '"council development plan (CDP)"',
	},
	{
		lang: 'en',
		pattern:
			/\bGICs?\b|\bcommon[- ]interest groups?\b|\bcommon-initiative groups?\b/gi,
		use: '"common initiative group (CIG)", plural "CIGs"',
	},
	{
		lang: 'en',
		pattern: /\bcommunes?\b|\bmunicipalit(?:y|ies)\b/gi,
		use: '"council" for the local authority (plural "councils")',
	},
	{
		lang: 'en',
		pattern: /\bcommunal\b/gi,
		use: '"council" as an adjective ("council staff", "council services")',
	},
	{
		lang: 'en',
		pattern: /\bSEUs?\b|\bUES\b|\bsocial economy units?\b/gi,
		use: '"social-economy unit(s)", spelled out with a hyphen',
	},
	{
		lang: 'en',
		pattern: /\b[Ll]aw +(?:n°|N°|no\.?|No\.?|nr\.?|number) *(?=\d)/g,
		use: '"Law No. " (capital L, "No.", one space)',
		isVariant: (m) => m !== 'Law No. ',
	},
	// French
	{
		lang: 'fr',
		pattern: /\bgroupements? d['’]initiative commune\b/gi,
		use: '« groupe d’initiative commune (GIC) »',
	},
	{
		lang: 'fr',
		pattern: /\bplans? de développement communa(?:l|ux)\b/gi,
		use: '« plan communal de développement (PCD) »',
	},
	{
		lang: 'fr',
		pattern: /\bloi +(?:N°|No\.?|no\.?|numéro|n°(?=\d)) *(?=\d)/g,
		use: '« loi n° » suivi d’une espace (loi n° 2019/004)',
	},
]

export function checkTerminology(texts: ContentText[]): ContentProblem[] {
	const out: ContentProblem[] = []
	for (const text of texts) {
		const rules = termRules.filter((r) => r.lang === text.lang)
		const lines = text.source.split('\n')
		for (const span of text.spans) {
			// Italics quote a name in the other language: « *groupe d'initiative commune* ».
			if (span.italic) continue
			const raw = text.source.slice(span.start, span.end)
			const taken: [number, number][] = urlRanges(raw)
			for (const rule of rules) {
				for (const m of raw.matchAll(rule.pattern)) {
					const a = m.index
					const b = a + m[0].length
					if (taken.some(([x, y]) => a < y && b > x)) continue
					taken.push([a, b])
					if (rule.isVariant && !rule.isVariant(m[0])) continue
					const line = lineOfOffset(text.source, span.start + a)
					if (allowedOnLine(lines[line - 1] ?? '', m[0])) continue
					out.push({
						file: text.file,
						line,
						message: `terminology: "${m[0].trim()}" in ${text.lang === 'en' ? 'English' : 'French'}; use ${rule.use} (docs/content-format.md, Terminology)`,
					})
				}
			}
		}
	}
	return out
}
