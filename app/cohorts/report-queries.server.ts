import { Prisma } from '#app/.server/prisma/client.ts'
import { prisma } from '#app/db.server.ts'

/**
 * The report's SQL, kept in one module so that it can be ported as a whole.
 * NOTE: portable SQL only (it must run unchanged on PostgreSQL): quoted
 * identifiers as Prisma names them, CASE instead of IIF/MIN(a, b)/booleans,
 * CAST on parameters whose type the database cannot infer, sums cast back to
 * INTEGER (PostgreSQL's SUM of integers is bigint or numeric, and numeric
 * division is not integer division), no date arithmetic (dates are only
 * tested for NULL), counts read back through Number() (bigint).
 */

export type CourseSize = { slug: string; lessons: number }

/** Which enrollments a query covers: whole cohorts, or a list of enrollments (an export's chunk). */
export type Scope = { cohortIds: string[] } | { enrollmentIds: string[] }

function scopeWhere(scope: Scope) {
	return 'cohortIds' in scope
		? Prisma.sql`e."cohortId" IN (${Prisma.join(scope.cohortIds)})`
		: Prisma.sql`e."id" IN (${Prisma.join(scope.enrollmentIds)})`
}

const isEmpty = (scope: Scope) =>
	('cohortIds' in scope ? scope.cohortIds : scope.enrollmentIds).length === 0

/** The catalog's courses and their number of lessons, as a table the query can join (content is not in the database). */
function courseSizes(courses: CourseSize[]) {
	if (!courses.length)
		return Prisma.sql`SELECT CAST(NULL AS TEXT) AS "slug", CAST(0 AS INTEGER) AS "lessons" WHERE 1 = 0`
	return Prisma.join(
		courses.map(
			(c) =>
				Prisma.sql`SELECT CAST(${c.slug} AS TEXT) AS "slug", CAST(${c.lessons} AS INTEGER) AS "lessons"`,
		),
		' UNION ALL ',
	)
}

/**
 * One row per enrollment and course of its cohort that exists in the catalog:
 * lessons done (capped by the course's size), completion, last visit and quiz
 * totals. Each figure is an index lookup on (userId, courseSlug).
 */
function enrollmentCourses(
	scope: Scope,
	courses: CourseSize[],
	detail: boolean,
) {
	return Prisma.sql`
	SELECT e."id" AS "enrollmentId", cs."lessons" AS "lessons",
		(SELECT CASE WHEN COUNT(*) > cs."lessons" THEN cs."lessons" ELSE COUNT(*) END
			FROM "LessonProgress" lp
			WHERE lp."userId" = e."userId" AND lp."courseSlug" = cc."courseSlug") AS "done",
		(SELECT k."completedAt" FROM "CourseCompletion" k
			WHERE k."userId" = e."userId" AND k."courseSlug" = cc."courseSlug") AS "completedAt"
		${
			detail
				? Prisma.sql`,
		(SELECT a."lastSeenAt" FROM "CourseActivity" a
			WHERE a."userId" = e."userId" AND a."courseSlug" = cc."courseSlug") AS "lastSeenAt",
		(SELECT COALESCE(SUM(q."score"), 0) FROM "QuizAttempt" q
			WHERE q."userId" = e."userId" AND q."courseSlug" = cc."courseSlug") AS "quizSum",
		(SELECT COUNT(*) FROM "QuizAttempt" q
			WHERE q."userId" = e."userId" AND q."courseSlug" = cc."courseSlug") AS "quizCount"`
				: Prisma.empty
		}
	FROM "Enrollment" e
	JOIN "CohortCourse" cc ON cc."cohortId" = e."cohortId"
	JOIN (${courseSizes(courses)}) cs ON cs."slug" = cc."courseSlug"
	WHERE ${scopeWhere(scope)}`
}

/** Per enrollment: courses, courses completed, lessons done (each course's capped by its size) and in total. */
function progressPerEnrollment(
	scope: Scope,
	courses: CourseSize[],
	detail: boolean,
) {
	return Prisma.sql`
	SELECT ec."enrollmentId" AS "enrollmentId",
		COUNT(*) AS "courses",
		COUNT(ec."completedAt") AS "coursesCompleted",
		CAST(SUM(ec."done") AS INTEGER) AS "lessonsDone",
		CAST(SUM(ec."lessons") AS INTEGER) AS "lessonsTotal"
		${
			detail
				? Prisma.sql`,
		MAX(ec."completedAt") AS "completedAt",
		MAX(ec."lastSeenAt") AS "lastActivity",
		CAST(SUM(ec."quizSum") AS INTEGER) AS "quizSum",
		CAST(SUM(ec."quizCount") AS INTEGER) AS "quizCount"`
				: Prisma.empty
		}
	FROM (${enrollmentCourses(scope, courses, detail)}) ec
	GROUP BY ec."enrollmentId"`
}

/** Rounded percentage in integers, half up, as Math.round(done / total * 100) means it (no float error). */
const PERCENT = Prisma.sql`CASE WHEN COALESCE(p."lessonsTotal", 0) = 0 THEN 0
	ELSE (200 * p."lessonsDone" + p."lessonsTotal") / (2 * p."lessonsTotal") END`

const COMPLETED = Prisma.sql`CASE WHEN p."courses" > 0 AND p."coursesCompleted" = p."courses" THEN 1 ELSE 0 END`

const unknownIfEmpty = (column: Prisma.Sql) =>
	Prisma.sql`COALESCE(NULLIF(${column}, ''), 'unknown')`

// ---------------------------------------------------------------------------
// Aggregates: the dashboard's and the programme report's figures, counted by
// the database, one GROUP BY per dimension, in one round trip.

export type AggregateRow = {
	dimension: string
	key: string
	enrolled: number
	completed: number
}

type AggregateInput = {
	scope: Scope
	courses: CourseSize[]
	referenceYear: number
}

export async function queryAggregates(
	input: AggregateInput,
): Promise<AggregateRow[]> {
	if (isEmpty(input.scope)) return []
	const rows = await prisma.$queryRaw<Record<string, unknown>[]>(
		aggregatesSql(input),
	)
	return rows.map((r) => ({
		dimension: String(r.dimension),
		key: String(r.key),
		enrolled: Number(r.enrolled ?? 0),
		completed: Number(r.completed ?? 0),
	}))
}

export function aggregatesSql({
	scope,
	courses,
	referenceYear,
}: AggregateInput): Prisma.Sql {
	const age = Prisma.sql`CAST(${referenceYear} AS INTEGER) - u."birthYear"`
	const progress = Prisma.sql`(${PERCENT})`
	const byKey = (dimension: string, column: string, where = Prisma.empty) =>
		Prisma.sql`SELECT CAST(${dimension} AS TEXT) AS "dimension", f.${Prisma.raw(`"${column}"`)} AS "key",
			COUNT(*) AS "enrolled", SUM(f."completed") AS "completed"
			FROM "facts" f ${where} GROUP BY f.${Prisma.raw(`"${column}"`)}`
	// The funnel counts each stage by its own record, never by the stage
	// column: a learner marked "trained" by a completion is not "selected"
	// unless someone selected them.
	const stage = (key: string, count: Prisma.Sql) =>
		Prisma.sql`SELECT CAST('stage' AS TEXT) AS "dimension", CAST(${key} AS TEXT) AS "key",
			${count} AS "enrolled", 0 AS "completed" FROM "facts" f`
	return Prisma.sql`
	WITH "facts" AS MATERIALIZED (
		SELECT e."id",
			${unknownIfEmpty(Prisma.sql`u."gender"`)} AS "gender",
			CASE
				WHEN u."birthYear" IS NULL OR u."birthYear" = 0 THEN 'unknown'
				WHEN ${age} < 18 THEN 'under18'
				WHEN ${age} <= 24 THEN '18-24'
				WHEN ${age} <= 29 THEN '25-29'
				WHEN ${age} <= 35 THEN '30-35'
				ELSE 'over35' END AS "ageBand",
			${unknownIfEmpty(Prisma.sql`u."commune"`)} AS "commune",
			${unknownIfEmpty(Prisma.sql`u."situation"`)} AS "situation",
			${unknownIfEmpty(Prisma.sql`u."migration"`)} AS "migration",
			${unknownIfEmpty(Prisma.sql`e."legalForm"`)} AS "legalForm",
			e."selectedAt", e."trainedAt", e."activityCreatedAt",
			${COMPLETED} AS "completed",
			CASE
				WHEN ${progress} <= 0 THEN '0'
				WHEN ${progress} >= 100 THEN '100'
				WHEN ${progress} <= 25 THEN '1-25'
				WHEN ${progress} <= 50 THEN '26-50'
				WHEN ${progress} <= 75 THEN '51-75'
				ELSE '76-99' END AS "progress"
		FROM "Enrollment" e
		JOIN "User" u ON u."id" = e."userId"
		LEFT JOIN (${progressPerEnrollment(scope, courses, false)}) p ON p."enrollmentId" = e."id"
		WHERE ${scopeWhere(scope)}
	)
	${stage('identified', Prisma.sql`COUNT(*)`)}
	UNION ALL ${stage('selected', Prisma.sql`COUNT(f."selectedAt")`)}
	UNION ALL ${stage('trained', Prisma.sql`COUNT(f."trainedAt")`)}
	UNION ALL ${stage('created', Prisma.sql`COUNT(f."activityCreatedAt")`)}
	UNION ALL SELECT CAST('stage' AS TEXT), CAST('followed_up' AS TEXT),
		COUNT(DISTINCT fu."enrollmentId"), 0
		FROM "FollowUp" fu JOIN "Enrollment" e ON e."id" = fu."enrollmentId"
		WHERE ${scopeWhere(scope)}
	UNION ALL ${byKey('progress', 'progress')}
	UNION ALL ${byKey('gender', 'gender')}
	UNION ALL ${byKey('ageBand', 'ageBand')}
	UNION ALL ${byKey('commune', 'commune')}
	UNION ALL ${byKey('situation', 'situation')}
	UNION ALL ${byKey('migration', 'migration')}
	UNION ALL ${byKey('legalForm', 'legalForm', Prisma.sql`WHERE f."activityCreatedAt" IS NOT NULL`)}`
}

// ---------------------------------------------------------------------------
// Rows: one per enrollment, for the learner list and the exports.

export type EnrollmentRow = {
	enrollmentId: string
	cohortId: string
	userId: string
	name: string
	email: string | null
	phone: string | null
	gender: string | null
	birthYear: number | null
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

function toDate(value: unknown): Date | null {
	if (value === null || value === undefined) return null
	const date =
		value instanceof Date ? value : new Date(value as string | number)
	return Number.isNaN(date.getTime()) ? null : date
}

const text = (value: unknown) =>
	value === null || value === undefined ? null : String(value)

type RowsInput = { scope: Scope; courses: CourseSize[] }

export function enrollmentRowsSql({ scope, courses }: RowsInput): Prisma.Sql {
	return Prisma.sql`
	SELECT e."id" AS "enrollmentId", e."cohortId", e."userId", e."stage",
		e."selectedAt", e."trainedAt", e."activityCreatedAt", e."legalForm",
		u."name", u."email", u."phone", u."gender", u."birthYear", u."country",
		u."region", u."commune", u."situation", u."migration",
		COALESCE(p."lessonsDone", 0) AS "lessonsDone",
		COALESCE(p."lessonsTotal", 0) AS "lessonsTotal",
		${PERCENT} AS "progress",
		${COMPLETED} AS "completed",
		p."completedAt", p."lastActivity",
		COALESCE(p."quizSum", 0) AS "quizSum", COALESCE(p."quizCount", 0) AS "quizCount"
	FROM "Enrollment" e
	JOIN "User" u ON u."id" = e."userId"
	LEFT JOIN (${progressPerEnrollment(scope, courses, true)}) p ON p."enrollmentId" = e."id"
	WHERE ${scopeWhere(scope)}`
}

export async function queryEnrollmentRows(
	input: RowsInput,
): Promise<EnrollmentRow[]> {
	if (isEmpty(input.scope)) return []
	const rows = await prisma.$queryRaw<Record<string, unknown>[]>(
		enrollmentRowsSql(input),
	)
	return rows.map((r) => {
		const completed = Number(r.completed) === 1
		const quizCount = Number(r.quizCount)
		const birthYear = r.birthYear === null ? null : Number(r.birthYear)
		return {
			enrollmentId: String(r.enrollmentId),
			cohortId: String(r.cohortId),
			userId: String(r.userId),
			name: String(r.name),
			email: text(r.email),
			phone: text(r.phone),
			gender: text(r.gender),
			birthYear,
			country: text(r.country),
			region: text(r.region),
			commune: text(r.commune),
			situation: text(r.situation),
			migration: text(r.migration),
			stage: String(r.stage),
			selectedAt: toDate(r.selectedAt),
			trainedAt: toDate(r.trainedAt),
			activityCreatedAt: toDate(r.activityCreatedAt),
			legalForm: text(r.legalForm),
			lessonsDone: Number(r.lessonsDone),
			lessonsTotal: Number(r.lessonsTotal),
			progress: Number(r.progress),
			completed,
			completedAt: completed ? toDate(r.completedAt) : null,
			lastActivity: toDate(r.lastActivity),
			quizAverage: quizCount ? Math.round(Number(r.quizSum) / quizCount) : null,
			quizAttempts: quizCount,
		}
	})
}
