import { z } from 'zod'
import { cohortKinds } from './constants.ts'

// Messages are translation keys (rendered with t()), so errors follow the page's language.
const required = 'cohorts.errors.required'

export const cohortFormSchema = z
	.object({
		name: z.string({ required_error: required }).trim().min(3, 'cohorts.errors.nameShort').max(120, 'cohorts.errors.tooLong'),
		programme: z.string({ required_error: required }).trim().min(2, required).max(120, 'cohorts.errors.tooLong'),
		kind: z.enum(cohortKinds, { errorMap: () => ({ message: required }) }),
		courses: z.array(z.string()).min(1, 'cohorts.errors.coursesRequired'),
		country: z
			.string({ required_error: required })
			.trim()
			.toUpperCase()
			.regex(/^[A-Z]{2}$/, 'cohorts.errors.country'),
		region: z.string().trim().max(120, 'cohorts.errors.tooLong').optional(),
		communes: z.string().trim().max(2000, 'cohorts.errors.tooLong').optional(),
		startDate: z.coerce.date({ errorMap: () => ({ message: 'cohorts.errors.date' }) }),
		endDate: z.coerce.date({ errorMap: () => ({ message: 'cohorts.errors.date' }) }),
		capacity: z.coerce.number({ invalid_type_error: 'cohorts.errors.capacity' }).int('cohorts.errors.capacity').min(1, 'cohorts.errors.capacity').max(100000, 'cohorts.errors.capacity').optional(),
	})
	.refine((v) => v.endDate >= v.startDate, { path: ['endDate'], message: 'cohorts.errors.endBeforeStart' })

export type CohortForm = z.infer<typeof cohortFormSchema>

export function splitCommunes(value: string | undefined) {
	return (value ?? '')
		.split(/[\n,;]/)
		.map((c) => c.trim())
		.filter(Boolean)
}
