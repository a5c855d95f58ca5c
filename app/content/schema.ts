import { z } from 'zod'

const slugId = z
	.string()
	.regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, 'must be letters, digits and dashes')
const text = z.string().trim().min(1, 'must not be empty')

const courseLanguage = z.object({
	title: text,
	description: text,
	audience: text,
	objectives: z.array(text).min(1, 'needs at least one objective'),
})

export const courseMetaSchema = z.object({
	order: z.number().int().min(0),
	hours: z.number().positive(),
	passMark: z.number().int().min(1).max(100).default(70),
	/** After this many attempts at a lesson's quiz, the right answers are shown even when not passed; unset: only once passed. */
	revealAnswersAfter: z.number().int().min(1).max(20).optional(),
	fr: courseLanguage,
	en: courseLanguage,
})
export type CourseMeta = z.infer<typeof courseMetaSchema>

const choiceSchema = z.object({
	id: slugId,
	text,
	correct: z.boolean().default(false),
	feedback: text,
})

export const questionKinds = ['scenario', 'calculation', 'concept'] as const

const questionSchema = z
	.object({
		id: slugId,
		question: text,
		multiple: z.boolean().default(false),
		/** scenario: a situation to decide in; calculation: a figure to work out; concept: understanding a notion. */
		kind: z.enum(questionKinds).optional(),
		choices: z
			.array(choiceSchema)
			.min(2, 'needs at least 2 choices')
			.max(5, 'has more than 5 choices'),
	})
	.superRefine((q, ctx) => {
		const right = q.choices.filter((c) => c.correct).length
		if (!q.multiple && right !== 1) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['choices'],
				message: `a single-choice question needs exactly one right answer (found ${right})`,
			})
		}
		if (q.multiple && right < 1) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['choices'],
				message: 'needs at least one right answer',
			})
		}
		const ids = q.choices.map((c) => c.id)
		const dup = ids.find((id, i) => ids.indexOf(id) !== i)
		if (dup)
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['choices'],
				message: `choice id "${dup}" is used twice`,
			})
	})

export const worksheetCalculations = [
	'break-even',
	'financing-balance',
	'cash-flow',
] as const

/** The most months a cash-flow worksheet may plan: two years, month by month. */
export const MAX_CASH_FLOW_MONTHS = 24

/**
 * A cash-flow line is a number field `receipts<N>` or `payments<N>` (month N, from 1), optionally
 * followed by a dash and a label so that a month can have several lines (`payments3-rent`).
 */
export function cashFlowLine(
	fieldId: string,
): { side: 'receipts' | 'payments'; month: number } | null {
	const match = /^(receipts|payments)([1-9][0-9]*)(?:-[a-zA-Z0-9-]*)?$/.exec(
		fieldId,
	)
	if (!match) return null
	return { side: match[1] as 'receipts' | 'payments', month: Number(match[2]) }
}

const worksheetSchema = z
	.object({
		id: slugId,
		title: text,
		intro: z.string().optional(),
		calculation: z.enum(worksheetCalculations).optional(),
		fields: z
			.array(
				z.object({
					id: slugId,
					label: text,
					type: z.enum(['text', 'textarea', 'number']),
					unit: z.string().optional(),
					help: z.string().optional(),
				}),
			)
			.min(1),
	})
	.superRefine((w, ctx) => {
		const numbers = new Set(
			w.fields.filter((f) => f.type === 'number').map((f) => f.id),
		)
		if (w.calculation === 'break-even') {
			for (const id of ['fixedCosts', 'unitPrice', 'unitVariableCost']) {
				if (!numbers.has(id)) {
					ctx.addIssue({
						code: z.ZodIssueCode.custom,
						path: ['fields'],
						message: `break-even needs a number field "${id}"`,
					})
				}
			}
		}
		if (w.calculation === 'financing-balance') {
			const ids = [...numbers]
			if (
				!ids.some((id) => id.startsWith('need')) ||
				!ids.some((id) => id.startsWith('resource'))
			) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['fields'],
					message:
						'financing-balance needs number fields starting with "need" and with "resource"',
				})
			}
		}
		if (w.calculation === 'cash-flow') {
			const problem = (message: string) =>
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: ['fields'],
					message: `cash-flow ${message}`,
				})
			if (!numbers.has('openingBalance'))
				problem('needs a number field "openingBalance"')
			const receipts = new Set<number>()
			const payments = new Set<number>()
			for (const id of numbers) {
				if (id === 'openingBalance') continue
				const line = cashFlowLine(id)
				if (!line) {
					problem(
						`number field "${id}" is neither "openingBalance" nor a "receipts<N>" or "payments<N>" line`,
					)
					continue
				}
				if (line.side === 'receipts') receipts.add(line.month)
				else payments.add(line.month)
			}
			const last = Math.max(0, ...receipts, ...payments)
			if (last === 0)
				problem(
					'needs number fields "receipts1", "payments1"... for each month',
				)
			if (last > MAX_CASH_FLOW_MONTHS)
				problem(
					`plans at most ${MAX_CASH_FLOW_MONTHS} months (found month ${last})`,
				)
			else {
				for (let month = 1; month <= last; month++) {
					if (!receipts.has(month))
						problem(`month ${month} needs a number field "receipts${month}"`)
					if (!payments.has(month))
						problem(`month ${month} needs a number field "payments${month}"`)
				}
			}
		}
	})

export const lessonFrontmatterSchema = z
	.object({
		title: text,
		description: text,
		duration: z.number().int().positive(),
		required: z.boolean().default(true),
		objectives: z
			.array(text)
			.min(2, 'needs 2 to 5 objectives')
			.max(5, 'needs 2 to 5 objectives'),
		/** The question pool: every attempt asks `quizSize` of them (all when unset). */
		quiz: z
			.array(questionSchema)
			.min(3, 'needs 3 to 10 questions')
			.max(10, 'needs 3 to 10 questions'),
		/** How many questions an attempt draws from the pool (3 to 6); unset: the whole pool, which then has at most 6. */
		quizSize: z.number().int().min(3).max(6).optional(),
		worksheets: z.array(worksheetSchema).default([]),
		sources: z
			.array(
				z.object({
					title: text,
					url: z.string().url('must be an absolute URL'),
				}),
			)
			.min(1, 'each lesson needs at least one source'),
	})
	.superRefine((lesson, ctx) => {
		const size = lesson.quizSize ?? lesson.quiz.length
		if (size > lesson.quiz.length) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['quizSize'],
				message: `asks ${size} questions but the pool has only ${lesson.quiz.length}`,
			})
		}
		if (lesson.quizSize === undefined && lesson.quiz.length > 6) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['quiz'],
				message: `a pool of ${lesson.quiz.length} questions needs quizSize (3 to 6 asked per attempt)`,
			})
		}
	})

export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>
export type QuizQuestion = LessonFrontmatter['quiz'][number]
export type Worksheet = LessonFrontmatter['worksheets'][number]
export type Source = LessonFrontmatter['sources'][number]
