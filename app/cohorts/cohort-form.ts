import { z, type ZodErrorMap } from 'zod'
import { calendarDate } from '#app/utils/calendar-date.ts'
import { cohortKinds } from './constants.ts'

// Messages are translation keys (rendered with t()), so errors follow the page's language.
const required = 'cohorts.errors.required'

/**
 * For the checks that name no message of their own (a list where one value
 * is expected, an unknown choice, a file where text is expected): a
 * translation key too, never zod's English. Pass as the errorMap of a parse.
 */
export const keyedErrorMap: ZodErrorMap = (issue) => ({
	message:
		issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined'
			? required
			: 'cohorts.errors.invalid',
})

export const cohortFormSchema = z
	.object({
		name: z
			.string({ required_error: required })
			.trim()
			.min(3, 'cohorts.errors.nameShort')
			.max(120, 'cohorts.errors.tooLong'),
		programme: z
			.string({ required_error: required })
			.trim()
			.min(2, required)
			.max(120, 'cohorts.errors.tooLong'),
		kind: z.enum(cohortKinds, { errorMap: () => ({ message: required }) }),
		courses: z.array(z.string()).min(1, 'cohorts.errors.coursesRequired'),
		// None ticked: every course of the cohort counts.
		trainedCourses: z.array(z.string()).default([]),
		country: z
			.string({ required_error: required })
			.trim()
			.toUpperCase()
			.regex(/^[A-Z]{2}$/, 'cohorts.errors.country'),
		region: z.string().trim().max(120, 'cohorts.errors.tooLong').optional(),
		communes: z.string().trim().max(2000, 'cohorts.errors.tooLong').optional(),
		startDate: calendarDate('cohorts.errors.date'),
		endDate: calendarDate('cohorts.errors.date'),
		capacity: z.coerce
			.number({ invalid_type_error: 'cohorts.errors.capacity' })
			.int('cohorts.errors.capacity')
			.min(1, 'cohorts.errors.capacity')
			.max(100000, 'cohorts.errors.capacity')
			.optional(),
	})
	.refine((v) => v.endDate >= v.startDate, {
		path: ['endDate'],
		message: 'cohorts.errors.endBeforeStart',
	})

/** What the form holds (dates as typed); the parsed result has Date objects. */
export type CohortForm = z.input<typeof cohortFormSchema>

export function splitCommunes(value: string | undefined) {
	return (value ?? '')
		.split(/[\n,;]/)
		.map((c) => c.trim())
		.filter(Boolean)
}
