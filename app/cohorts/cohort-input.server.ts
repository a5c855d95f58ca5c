import { parseWithZod } from '@conform-to/zod'
import { listCourses } from '#app/courses/catalog.server.ts'
import type { Language } from '#app/i18n/config.ts'
import {
	cohortFormSchema,
	keyedErrorMap,
	splitCommunes,
} from './cohort-form.ts'
import type { CohortInput } from './cohorts.server.ts'

/** The designated courses among the cohort's own; none designated means all of them. */
export function trainedCourses(courses: string[], designated: string[]) {
	const chosen = designated.filter((slug) => courses.includes(slug))
	return chosen.length ? chosen : courses
}

/** Parses and checks a cohort form: zod for shapes, the catalog for course slugs. */
export async function parseCohortForm(formData: FormData, lang: Language) {
	const known = new Set((await listCourses(lang)).map((c) => c.slug))
	const submission = await parseWithZod(formData, {
		schema: cohortFormSchema.superRefine((v, ctx) => {
			if (v.courses.some((c) => !known.has(c)))
				ctx.addIssue({
					code: 'custom',
					path: ['courses'],
					message: 'cohorts.errors.unknownCourse',
				})
		}),
		errorMap: keyedErrorMap,
		async: true,
	})
	if (submission.status !== 'success') return { submission, input: null }
	const v = submission.value
	const input: CohortInput = {
		name: v.name,
		programme: v.programme,
		kind: v.kind,
		courses: v.courses,
		trainedCourses: trainedCourses(v.courses, v.trainedCourses),
		country: v.country,
		region: v.region || null,
		communes: splitCommunes(v.communes),
		startDate: v.startDate,
		endDate: v.endDate,
		capacity: v.capacity ?? null,
	}
	return { submission, input }
}
