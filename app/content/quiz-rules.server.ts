import path from 'node:path'
import { supportedLanguages } from '#app/i18n/config.ts'
import { questionKinds } from './schema.ts'
import {
	lineAt,
	type ContentProblem,
	type LessonFile,
	type RawCourse,
} from './source.server.ts'

/**
 * Rules that make quizzes test decisions rather than recall (issue 16):
 * question kinds and their share per course, no repeated question text, no
 * figure to recall, no wrong-choice feedback that gives the answer away.
 * The last two are heuristics on the text; docs/content-format.md says how
 * they read it.
 */

/** Share of a course's questions (over the whole pool) that must be scenario or calculation. */
export const MIN_DECISION_SHARE = 0.6
const DECISION_KINDS = new Set(['scenario', 'calculation'])

function at(file: LessonFile, keyPath: (string | number)[], message: string) {
	const line = file.document
		? lineAt(file.document, file.lineCounter, keyPath, file.frontmatterLine)
		: 1
	return { file: file.file, line, message }
}

/** Case, accents, spacing and punctuation aside. */
export function normalizeText(text: string) {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim()
}

const QUALIFIERS =
	/^(?:(?:environ|à peu près|près de|presque|plus de|moins de|au moins|soit|en|le|la|about|around|approximately|roughly|nearly|almost|more than|less than|over|under|at least|in|on|the)\s+|[~≈]\s*)+/i
const NUMBER = String.raw`[+\-−]?\d[\d\s\u00a0\u202f.,']*`
const MONTHS =
	'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december'
const FIGURE_PATTERNS = [
	// 26 · 1 083 · 7 % · environ 75 pour cent
	new RegExp(String.raw`^${NUMBER}\s*(?:%|pour ?cent|per ?cent)?$`, 'i'),
	// 14 août 1992 · 1er mai 2005 · April 2019
	new RegExp(String.raw`^(?:\d{1,2}(?:er)?\s+)?(?:${MONTHS})\s+\d{4}$`, 'i'),
	/^\d{4}-\d{2}-\d{2}$/,
	// a count or amount with its noun: 26 femmes · 100 000 FCFA · 7 axes stratégiques
	new RegExp(String.raw`^${NUMBER}\s*%?\s*\p{L}+(?:\s+\p{L}+)?$`, 'iu'),
]

/**
 * A right answer that is nothing but a figure (a count, an amount, a
 * percentage, a year or a date): asked outside a calculation, it is recall.
 */
export function isBareFigure(text: string) {
	const t = text
		.trim()
		.replace(/[.!;]+$/, '')
		.replace(QUALIFIERS, '')
	return FIGURE_PATTERNS.some((p) => p.test(t))
}

/** Answers whose words also open any feedback ("Non : ..."). */
const TRIVIAL = new Set([
	'oui',
	'non',
	'yes',
	'no',
	'vrai',
	'faux',
	'true',
	'false',
])
/** A long right answer is given away by any run of this many of its words. */
const GIVEAWAY_RUN = 6

/** The feedback contains the right choice's text (or a long run of its words). */
export function givesAway(feedback: string, rightChoice: string) {
	const right = normalizeText(rightChoice).split(' ').filter(Boolean)
	if (!right.length || (right.length === 1 && TRIVIAL.has(right[0]!)))
		return false
	const haystack = ` ${normalizeText(feedback)} `
	const has = (words: string[]) => haystack.includes(` ${words.join(' ')} `)
	if (has(right)) return true
	if (right.length > GIVEAWAY_RUN + 1) {
		for (let i = 0; i + GIVEAWAY_RUN <= right.length; i++) {
			if (has(right.slice(i, i + GIVEAWAY_RUN))) return true
		}
	}
	return false
}

function checkFile(file: LessonFile): ContentProblem[] {
	const out: ContentProblem[] = []
	file.frontmatter!.quiz.forEach((q, i) => {
		if (!q.kind) {
			out.push(
				at(
					file,
					['quiz', i, 'id'],
					`question "${q.id}" has no kind (${questionKinds.join(', ')})`,
				),
			)
		}
		const right = q.choices.filter((c) => c.correct)
		if (
			q.kind !== 'calculation' &&
			right.length &&
			right.every((c) => isBareFigure(c.text))
		) {
			out.push(
				at(
					file,
					['quiz', i, 'question'],
					`question "${q.id}" asks to recall a figure (right answer ${right.map((c) => `"${c.text}"`).join(', ')}); ask for a decision or a calculation instead`,
				),
			)
		}
		q.choices.forEach((c, j) => {
			if (c.correct) return
			const given = right.find((r) => givesAway(c.feedback, r.text))
			if (given) {
				out.push(
					at(
						file,
						['quiz', i, 'choices', j, 'feedback'],
						`question "${q.id}": the feedback of wrong choice "${c.id}" gives away right choice "${given.id}" ("${given.text}"); explain why "${c.id}" is wrong without naming the answer`,
					),
				)
			}
		})
	})
	return out
}

function checkDecisionShare(course: RawCourse): ContentProblem[] {
	let total = 0
	let decisions = 0
	const perLesson: string[] = []
	for (const lesson of course.lessons) {
		const quiz = (lesson.files.fr ?? lesson.files.en)?.frontmatter?.quiz
		if (!quiz) continue
		const d = quiz.filter((q) => q.kind && DECISION_KINDS.has(q.kind)).length
		total += quiz.length
		decisions += d
		perLesson.push(
			`${String(lesson.order).padStart(2, '0')}: ${d}/${quiz.length}`,
		)
	}
	if (!total || decisions / total >= MIN_DECISION_SHARE) return []
	return [
		{
			file: course.metaFile,
			line: 1,
			message: `${decisions} of ${total} questions (${Math.round((100 * decisions) / total)} %) are scenario or calculation; at least ${MIN_DECISION_SHARE * 100} % must be (per lesson: ${perLesson.join(', ')})`,
		},
	]
}

function checkRepeatedQuestions(
	courses: RawCourse[],
	root: string,
): ContentProblem[] {
	const out: ContentProblem[] = []
	for (const lang of supportedLanguages) {
		const seen = new Map<
			string,
			{ file: LessonFile; index: number; id: string }[]
		>()
		for (const course of courses) {
			for (const lesson of course.lessons) {
				const file = lesson.files[lang]
				file?.frontmatter?.quiz.forEach((q, index) => {
					const key = normalizeText(q.question)
					seen.set(key, [...(seen.get(key) ?? []), { file, index, id: q.id }])
				})
			}
		}
		for (const group of seen.values()) {
			if (group.length < 2) continue
			const where = group.map((g) => ({
				...g,
				line: at(g.file, ['quiz', g.index, 'question'], '').line,
			}))
			for (const g of where) {
				const other = where.find((o) => o !== g)!
				out.push({
					file: g.file.file,
					line: g.line,
					message: `question "${g.id}" repeats the text of question "${other.id}" at ${path.relative(root, other.file.file)}:${other.line}`,
				})
			}
		}
	}
	return out
}

export function checkQuestions(
	courses: RawCourse[],
	root: string,
): ContentProblem[] {
	const out: ContentProblem[] = []
	for (const course of courses) {
		out.push(...checkDecisionShare(course))
		for (const lesson of course.lessons) {
			for (const lang of supportedLanguages) {
				const file = lesson.files[lang]
				if (file?.frontmatter) out.push(...checkFile(file))
			}
		}
	}
	out.push(...checkRepeatedQuestions(courses, root))
	return out
}
