import {
	demographicSelect,
	genders,
	migrations,
	situations,
} from '#app/auth/profile.ts'
import { getCatalog } from '#app/content/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import type { Prisma } from '#app/db.server.ts'
import {
	cohortAccessWhere,
	getCohortForActor,
	type Actor,
} from './cohorts.server.ts'
import {
	ageBand,
	ageBands,
	progressBucket,
	progressBuckets,
	stageIndex,
	stages,
	type AgeBand,
} from './constants.ts'

/**
 * Facts per enrollment (one learner in one cohort) and the figures funders
 * ask for. Progress, completions, activity and quiz scores are aggregated in
 * SQL (groupBy), then joined to the enrollments in one pass.
 */

export type EnrollmentFact = {
	enrollmentId: string
	cohortId: string
	cohortName: string
	programme: string
	userId: string
	name: string
	email: string | null
	phone: string | null
	gender: string | null
	birthYear: number | null
	ageBand: AgeBand
	country: string | null
	region: string | null
	commune: string | null
	situation: string | null
	migration: string | null
	stage: string
	selectedAt: Date | null
	trainedAt: Date | null
	activityCreatedAt: Date | null
	legalForm: string | null
	lessonsDone: number
	lessonsTotal: number
	progress: number
	completed: boolean
	completedAt: Date | null
	lastActivity: Date | null
	quizAverage: number | null
	quizAttempts: number
}

export async function loadEnrollmentFacts(
	cohortWhere: Prisma.CohortWhereInput,
	referenceYear = new Date().getFullYear(),
): Promise<EnrollmentFact[]> {
	const catalog = await getCatalog()
	const lessonCount = new Map(
		catalog.courses.map((c) => [c.slug, c.lessons.length]),
	)
	const cohorts = await prisma.cohort.findMany({
		where: cohortWhere,
		select: {
			id: true,
			name: true,
			programme: true,
			courses: { select: { courseSlug: true } },
		},
	})
	const coursesOf = new Map(
		cohorts.map((c) => [
			c.id,
			c.courses.map((x) => x.courseSlug).filter((s) => lessonCount.has(s)),
		]),
	)
	const allCourses = [...new Set([...coursesOf.values()].flat())]
	const enrolled: Prisma.UserWhereInput = {
		enrollments: { some: { cohort: cohortWhere } },
	}
	const perCourse = { user: enrolled, courseSlug: { in: allCourses } }

	const [enrollments, lessons, completions, activity, quizzes] =
		await Promise.all([
			prisma.enrollment.findMany({
				where: { cohort: cohortWhere },
				select: {
					id: true,
					cohortId: true,
					stage: true,
					selectedAt: true,
					trainedAt: true,
					activityCreatedAt: true,
					legalForm: true,
					user: {
						select: {
							id: true,
							name: true,
							email: true,
							phone: true,
							...demographicSelect,
						},
					},
				},
				orderBy: [{ cohortId: 'asc' }, { user: { name: 'asc' } }],
			}),
			prisma.lessonProgress.groupBy({
				by: ['userId', 'courseSlug'],
				where: perCourse,
				_count: { _all: true },
			}),
			prisma.courseCompletion.findMany({
				where: perCourse,
				select: { userId: true, courseSlug: true, completedAt: true },
			}),
			prisma.courseActivity.groupBy({
				by: ['userId', 'courseSlug'],
				where: perCourse,
				_max: { lastSeenAt: true },
			}),
			prisma.quizAttempt.groupBy({
				by: ['userId', 'courseSlug'],
				where: perCourse,
				_sum: { score: true },
				_count: { _all: true },
			}),
		])

	const key = (userId: string, courseSlug: string) =>
		`${userId}\u0000${courseSlug}`
	const lessonsDone = new Map(
		lessons.map((l) => [key(l.userId, l.courseSlug), l._count._all]),
	)
	const completedAt = new Map(
		completions.map((c) => [key(c.userId, c.courseSlug), c.completedAt]),
	)
	const lastSeen = new Map(
		activity.map((a) => [key(a.userId, a.courseSlug), a._max.lastSeenAt]),
	)
	const quiz = new Map(
		quizzes.map((q) => [
			key(q.userId, q.courseSlug),
			{ sum: q._sum.score ?? 0, count: q._count._all },
		]),
	)
	const cohortInfo = new Map(cohorts.map((c) => [c.id, c]))

	return enrollments.map((e) => {
		const courses = coursesOf.get(e.cohortId) ?? []
		let done = 0
		let total = 0
		let last: Date | null = null
		let quizSum = 0
		let quizCount = 0
		let allCompleted = courses.length > 0
		let latestCompletion: Date | null = null
		for (const slug of courses) {
			const k = key(e.user.id, slug)
			total += lessonCount.get(slug) ?? 0
			done += Math.min(lessonsDone.get(k) ?? 0, lessonCount.get(slug) ?? 0)
			const seen = lastSeen.get(k)
			if (seen && (!last || seen > last)) last = seen
			const q = quiz.get(k)
			if (q) {
				quizSum += q.sum
				quizCount += q.count
			}
			const c = completedAt.get(k)
			if (!c) allCompleted = false
			else if (!latestCompletion || c > latestCompletion) latestCompletion = c
		}
		const info = cohortInfo.get(e.cohortId)
		return {
			enrollmentId: e.id,
			cohortId: e.cohortId,
			cohortName: info?.name ?? '',
			programme: info?.programme ?? '',
			userId: e.user.id,
			name: e.user.name,
			email: e.user.email,
			phone: e.user.phone,
			gender: e.user.gender,
			birthYear: e.user.birthYear,
			ageBand: ageBand(e.user.birthYear, referenceYear),
			country: e.user.country,
			region: e.user.region,
			commune: e.user.commune,
			situation: e.user.situation,
			migration: e.user.migration,
			stage: e.stage,
			selectedAt: e.selectedAt,
			trainedAt: e.trainedAt,
			activityCreatedAt: e.activityCreatedAt,
			legalForm: e.legalForm,
			lessonsDone: done,
			lessonsTotal: total,
			progress: total ? Math.round((done / total) * 100) : 0,
			completed: allCompleted,
			completedAt: allCompleted ? latestCompletion : null,
			lastActivity: last,
			quizAverage: quizCount ? Math.round(quizSum / quizCount) : null,
			quizAttempts: quizCount,
		}
	})
}

export type Breakdown = { key: string; enrolled: number; completed: number }[]

function breakdown(
	facts: EnrollmentFact[],
	pick: (f: EnrollmentFact) => string | null,
	order?: readonly string[],
): Breakdown {
	const rows = new Map<string, { enrolled: number; completed: number }>()
	for (const key of order ?? []) rows.set(key, { enrolled: 0, completed: 0 })
	for (const f of facts) {
		const key = pick(f) || 'unknown'
		const row = rows.get(key) ?? { enrolled: 0, completed: 0 }
		row.enrolled++
		if (f.completed) row.completed++
		rows.set(key, row)
	}
	const list = [...rows.entries()].map(([key, v]) => ({ key, ...v }))
	return order
		? list
		: list.sort((a, b) => b.enrolled - a.enrolled || a.key.localeCompare(b.key))
}

export function summarize(facts: EnrollmentFact[]) {
	const completed = facts.filter((f) => f.completed).length
	const funnel = stages.map((stage, i) => ({
		stage,
		count: facts.filter((f) => stageIndex(f.stage) >= i).length,
	}))
	const distribution = progressBuckets.map((bucket) => ({ bucket, count: 0 }))
	for (const f of facts)
		distribution[progressBuckets.indexOf(progressBucket(f.progress))]!.count++
	return {
		total: facts.length,
		completed,
		completionRate: facts.length
			? Math.round((completed / facts.length) * 1000) / 10
			: 0,
		funnel,
		distribution,
		byGender: breakdown(facts, (f) => f.gender, [...genders, 'unknown']),
		byAge: breakdown(facts, (f) => f.ageBand, ageBands),
		byCommune: breakdown(facts, (f) => f.commune),
		bySituation: breakdown(facts, (f) => f.situation, [
			...situations,
			'unknown',
		]),
		byMigration: breakdown(facts, (f) => f.migration, [
			...migrations,
			'unknown',
		]),
		byLegalForm: breakdown(
			facts.filter((f) => f.activityCreatedAt),
			(f) => f.legalForm,
		),
	}
}
export type ReportSummary = ReturnType<typeof summarize>

export async function getCohortReport({
	actor,
	cohortId,
}: {
	actor: Actor
	cohortId: string
}) {
	const cohort = await getCohortForActor(actor, cohortId)
	if (!cohort) return null
	const facts = await loadEnrollmentFacts({ id: cohortId })
	return { cohort, facts, summary: summarize(facts) }
}

export type ProgrammeFilter = {
	programme?: string
	country?: string
	region?: string
	from?: Date
	to?: Date
}

export function programmeWhere(
	actor: Actor,
	filter: ProgrammeFilter,
): Prisma.CohortWhereInput {
	return {
		AND: [
			cohortAccessWhere(actor),
			filter.programme ? { programme: filter.programme } : {},
			filter.country ? { country: filter.country } : {},
			filter.region ? { region: filter.region } : {},
			// Cohorts that ran at some point in the period.
			filter.from ? { endDate: { gte: filter.from } } : {},
			filter.to ? { startDate: { lte: filter.to } } : {},
		],
	}
}

export async function getProgrammeReport({
	actor,
	filter,
}: {
	actor: Actor
	filter: ProgrammeFilter
}) {
	const where = programmeWhere(actor, filter)
	const [facts, cohorts, options] = await Promise.all([
		loadEnrollmentFacts(where),
		prisma.cohort.count({ where }),
		prisma.cohort.findMany({
			where: cohortAccessWhere(actor),
			select: { programme: true, country: true, region: true },
			distinct: ['programme', 'country', 'region'],
		}),
	])
	return {
		cohorts,
		summary: summarize(facts),
		options: {
			programmes: [...new Set(options.map((o) => o.programme))].sort(),
			countries: [...new Set(options.map((o) => o.country))].sort(),
			regions: [
				...new Set(
					options.map((o) => o.region).filter((r): r is string => Boolean(r)),
				),
			].sort(),
		},
	}
}
