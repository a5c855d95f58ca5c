import { genders, migrations, situations } from '#app/auth/profile.ts'
import { getCatalog } from '#app/content/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import type { Prisma } from '#app/db.server.ts'
import { programmeTimeZone } from '#app/env.server.ts'
import { compareText, getFormatter, sortByName } from '#app/i18n/format.ts'
import { cohortAccessWhere, getCohortForActor } from './cohorts.server.ts'
import {
	ageBand,
	ageBands,
	progressBuckets,
	stages,
	type AgeBand,
} from './constants.ts'
import {
	queryAggregates,
	queryEnrollmentRows,
	type AggregateRow,
	type CourseSize,
	type EnrollmentRow,
} from './report-queries.server.ts'
import type { Actor } from '#app/auth/actor.ts'

/**
 * The figures funders ask for. Counting is done by the database, one GROUP BY
 * per dimension (report-queries.server.ts); this module only puts the rows in
 * order. Lists of people are sorted with the French collator.
 */

export type EnrollmentFact = EnrollmentRow & {
	cohortName: string
	programme: string
	ageBand: AgeBand
}

async function courseSizes(): Promise<CourseSize[]> {
	const catalog = await getCatalog()
	return catalog.courses.map((c) => ({
		slug: c.slug,
		lessons: c.lessons.length,
	}))
}

/** This year in the programme's time zone (age bands change on 1 January there, not in the server's zone). */
function currentYear() {
	return getFormatter('fr', programmeTimeZone()).year(new Date())
}

export type Breakdown = { key: string; enrolled: number; completed: number }[]

function breakdown(
	rows: AggregateRow[],
	dimension: string,
	order?: readonly string[],
): Breakdown {
	const found = rows
		.filter((r) => r.dimension === dimension)
		.map(({ key, enrolled, completed }) => ({ key, enrolled, completed }))
	if (!order)
		return found.sort(
			(a, b) => b.enrolled - a.enrolled || compareText(a.key, b.key),
		)
	const byKey = new Map(found.map((r) => [r.key, r]))
	return [
		...order.map((key) => byKey.get(key) ?? { key, enrolled: 0, completed: 0 }),
		// A code no list knows (data from an older version) is still counted.
		...found.filter((r) => !order.includes(r.key)),
	]
}

export function summaryFromAggregates(rows: AggregateRow[]) {
	const count = (dimension: string, key: string) =>
		rows.find((r) => r.dimension === dimension && r.key === key)?.enrolled ?? 0
	const byGender = breakdown(rows, 'gender', [...genders, 'unknown'])
	const total = count('stage', 'identified')
	const completed = byGender.reduce((sum, r) => sum + r.completed, 0)
	return {
		total,
		completed,
		completionRate: total ? Math.round((completed / total) * 1000) / 10 : 0,
		/** Each stage counted by its own date (see report-queries.server.ts), not cumulatively. */
		funnel: stages.map((stage) => ({ stage, count: count('stage', stage) })),
		distribution: progressBuckets.map((bucket) => ({
			bucket,
			count: count('progress', bucket),
		})),
		byGender,
		byAge: breakdown(rows, 'ageBand', ageBands),
		byCommune: breakdown(rows, 'commune'),
		bySituation: breakdown(rows, 'situation', [...situations, 'unknown']),
		byMigration: breakdown(rows, 'migration', [...migrations, 'unknown']),
		byLegalForm: breakdown(rows, 'legalForm'),
	}
}
export type ReportSummary = ReturnType<typeof summaryFromAggregates>

async function summaryOf(cohortIds: string[]) {
	return summaryFromAggregates(
		await queryAggregates({
			scope: { cohortIds },
			courses: await courseSizes(),
			referenceYear: currentYear(),
		}),
	)
}

function toFacts(
	rows: EnrollmentRow[],
	cohorts: Map<string, { name: string; programme: string }>,
	referenceYear: number,
): EnrollmentFact[] {
	return rows.map((r) => ({
		...r,
		cohortName: cohorts.get(r.cohortId)?.name ?? '',
		programme: cohorts.get(r.cohortId)?.programme ?? '',
		ageBand: ageBand(r.birthYear, referenceYear),
	}))
}

export const LEARNERS_PAGE_SIZE = 100

/** The learners of one cohort by name (French collation), as enrollment ids. */
async function enrollmentsByName(cohortId: string) {
	const people = await prisma.enrollment.findMany({
		where: { cohortId },
		select: { id: true, user: { select: { name: true } } },
	})
	return sortByName(
		people,
		(p) => p.user.name,
		(p) => p.id,
	).map((p) => p.id)
}

/** Rows of these enrollments, in this order. */
async function factsInOrder(
	ids: string[],
	cohorts: Map<string, { name: string; programme: string }>,
	courses: CourseSize[],
	year: number,
) {
	const rows = await queryEnrollmentRows({
		scope: { enrollmentIds: ids },
		courses,
	})
	const byId = new Map(rows.map((r) => [r.enrollmentId, r]))
	return toFacts(
		ids.flatMap((id) => byId.get(id) ?? []),
		cohorts,
		year,
	)
}

/**
 * The cohort dashboard: the figures of the whole cohort, and one page of its
 * learners by name (the page stays light however large the cohort).
 */
export async function getCohortReport({
	actor,
	cohortId,
	page = 1,
}: {
	actor: Actor
	cohortId: string
	page?: number
}) {
	const cohort = await getCohortForActor(actor, cohortId)
	if (!cohort) return null
	const [summary, ids, courses] = await Promise.all([
		summaryOf([cohort.id]),
		enrollmentsByName(cohort.id),
		courseSizes(),
	])
	const pageCount = Math.max(1, Math.ceil(ids.length / LEARNERS_PAGE_SIZE))
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount)
	const facts = await factsInOrder(
		ids.slice((current - 1) * LEARNERS_PAGE_SIZE, current * LEARNERS_PAGE_SIZE),
		new Map([[cohort.id, cohort]]),
		courses,
		currentYear(),
	)
	return { cohort, summary, facts, page: current, pageCount }
}

/** A cohort's figures and every learner, for its JSON export. */
export async function getCohortExport({
	actor,
	cohortId,
}: {
	actor: Actor
	cohortId: string
}) {
	const cohort = await getCohortForActor(actor, cohortId)
	if (!cohort) return null
	const [summary, facts] = await Promise.all([
		summaryOf([cohort.id]),
		loadEnrollmentFacts({ id: cohort.id }),
	])
	return { cohort, summary, facts }
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

/** The cohorts a report covers, in the order exports list them (by name, French collation). */
async function cohortsIn(where: Prisma.CohortWhereInput) {
	const cohorts = await prisma.cohort.findMany({
		where,
		select: { id: true, name: true, programme: true },
	})
	return sortByName(
		cohorts,
		(c) => c.name,
		(c) => c.id,
	)
}

export async function getProgrammeReport({
	actor,
	filter,
}: {
	actor: Actor
	filter: ProgrammeFilter
}) {
	const [cohorts, options] = await Promise.all([
		cohortsIn(programmeWhere(actor, filter)),
		prisma.cohort.findMany({
			where: cohortAccessWhere(actor),
			select: { programme: true, country: true, region: true },
			distinct: ['programme', 'country', 'region'],
		}),
	])
	const distinct = (values: (string | null)[]) =>
		[...new Set(values.filter((v): v is string => Boolean(v)))].sort(
			compareText,
		)
	return {
		cohorts: cohorts.length,
		summary: await summaryOf(cohorts.map((c) => c.id)),
		options: {
			programmes: distinct(options.map((o) => o.programme)),
			countries: distinct(options.map((o) => o.country)),
			regions: distinct(options.map((o) => o.region)),
		},
	}
}

/** The aggregated tables of a programme report (the same figures as the page), for its CSV export. */
export async function getProgrammeSummary(
	actor: Actor,
	filter: ProgrammeFilter,
) {
	const cohorts = await cohortsIn(programmeWhere(actor, filter))
	return summaryOf(cohorts.map((c) => c.id))
}

const EXPORT_CHUNK = 500

/**
 * Every enrollment of the cohorts, by cohort then by name, in chunks: an
 * export holds one cohort's list of ids and names and one chunk of rows at a
 * time, so its memory stays flat however many learners it writes.
 */
export async function* enrollmentFactsInChunks(
	where: Prisma.CohortWhereInput,
	chunkSize = EXPORT_CHUNK,
): AsyncGenerator<EnrollmentFact[]> {
	const [cohorts, courses] = await Promise.all([
		cohortsIn(where),
		courseSizes(),
	])
	const info = new Map(cohorts.map((c) => [c.id, c]))
	const year = currentYear()
	for (const cohort of cohorts) {
		const ordered = await enrollmentsByName(cohort.id)
		for (let i = 0; i < ordered.length; i += chunkSize)
			yield await factsInOrder(
				ordered.slice(i, i + chunkSize),
				info,
				courses,
				year,
			)
	}
}

/** Every fact of these cohorts at once (the JSON exports). */
export async function loadEnrollmentFacts(where: Prisma.CohortWhereInput) {
	const facts: EnrollmentFact[] = []
	for await (const chunk of enrollmentFactsInChunks(where)) facts.push(...chunk)
	return facts
}
