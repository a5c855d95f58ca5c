import { getCatalog, type CatalogCourse } from '#app/content/catalog.server.ts'
import { doneLessons } from '#app/courses/progress.server.ts'
import { prisma } from '#app/db.server.ts'
import type { Language } from '#app/i18n/config.ts'

/**
 * "My training": what a learner follows and what to do next, on one page.
 * Read only, scoped to the person asking.
 */

type CourseRows = {
	lessons: Map<string, { lessonSlug: string; via: string }[]>
	completions: Map<string, { completedAt: Date; readOnlyLessons: number }>
	activity: Map<string, string>
	certificates: Map<string, string>
}

function courseView(course: CatalogCourse, lang: Language, rows: CourseRows) {
	const done = doneLessons(course, rows.lessons.get(course.slug) ?? [])
	const completion = rows.completions.get(course.slug)
	const last = rows.activity.get(course.slug)
	// Where to go on: the lesson last opened if it is not done, else the first one not done.
	const resume = course.lessons.find(
		(l) => l.slug === last && !done.has(l.slug),
	)
	const next = completion
		? null
		: (resume ?? course.lessons.find((l) => !done.has(l.slug)) ?? null)
	return {
		slug: course.slug,
		title: course.i18n[lang].title,
		hours: course.hours,
		lessonCount: course.lessons.length,
		lessonsDone: done.size,
		completedAt: completion?.completedAt ?? null,
		readOnlyLessons: completion?.readOnlyLessons ?? 0,
		certificateCode: rows.certificates.get(course.slug) ?? null,
		nextLesson: next
			? {
					slug: next.slug,
					title: next.i18n[lang].title,
					position: course.lessons.indexOf(next) + 1,
				}
			: null,
	}
}
export type TrainingCourse = ReturnType<typeof courseView>

/** Midnight UTC today: calendar dates (sessions) are stored at midnight UTC. */
function today() {
	const now = new Date()
	return new Date(
		Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
	)
}

export async function getMyTraining(userId: string, lang: Language) {
	const [catalog, enrollments] = await Promise.all([
		getCatalog(),
		prisma.enrollment.findMany({
			where: { userId },
			orderBy: { createdAt: 'desc' },
			select: {
				stage: true,
				cohort: {
					select: {
						id: true,
						name: true,
						programme: true,
						kind: true,
						startDate: true,
						endDate: true,
						courses: { select: { courseSlug: true } },
						trainers: {
							select: { user: { select: { name: true } } },
							orderBy: { addedAt: 'asc' },
						},
					},
				},
			},
		}),
	])
	const cohortIds = enrollments.map((e) => e.cohort.id)
	const [lessons, completions, activity, certificates, sessions] =
		await Promise.all([
			prisma.lessonProgress.findMany({
				where: { userId },
				select: { courseSlug: true, lessonSlug: true, via: true },
			}),
			prisma.courseCompletion.findMany({
				where: { userId },
				select: { courseSlug: true, completedAt: true, readOnlyLessons: true },
			}),
			prisma.courseActivity.findMany({
				where: { userId },
				orderBy: { lastSeenAt: 'desc' },
				select: { courseSlug: true, lessonSlug: true },
			}),
			prisma.certificate.findMany({
				where: { userId, revokedAt: null },
				orderBy: { issuedAt: 'desc' },
				select: {
					code: true,
					title: true,
					kind: true,
					courseSlug: true,
					hours: true,
					issuedAt: true,
				},
			}),
			cohortIds.length
				? prisma.trainingSession.findMany({
						where: { cohortId: { in: cohortIds }, date: { gte: today() } },
						orderBy: { date: 'asc' },
						take: 10,
						select: {
							id: true,
							cohortId: true,
							kind: true,
							title: true,
							date: true,
							notes: true,
						},
					})
				: [],
		])
	const rows: CourseRows = {
		lessons: new Map(),
		completions: new Map(completions.map((c) => [c.courseSlug, c])),
		activity: new Map(activity.map((a) => [a.courseSlug, a.lessonSlug])),
		certificates: new Map(),
	}
	for (const l of lessons)
		rows.lessons.set(l.courseSlug, [
			...(rows.lessons.get(l.courseSlug) ?? []),
			l,
		])
	// The most recent active certificate of each course.
	for (const c of certificates)
		if (
			c.kind === 'course' &&
			c.courseSlug &&
			!rows.certificates.has(c.courseSlug)
		)
			rows.certificates.set(c.courseSlug, c.code)
	const bySlug = new Map(catalog.courses.map((c) => [c.slug, c]))
	const inCohorts = new Set<string>()
	const cohorts = enrollments.map(({ cohort, stage }) => {
		const courses = cohort.courses
			.map((c) => bySlug.get(c.courseSlug))
			.filter((c): c is CatalogCourse => Boolean(c))
			.sort((a, b) => a.order - b.order)
		for (const c of courses) inCohorts.add(c.slug)
		return {
			id: cohort.id,
			name: cohort.name,
			programme: cohort.programme,
			kind: cohort.kind,
			stage,
			startDate: cohort.startDate,
			endDate: cohort.endDate,
			trainers: cohort.trainers.map((t) => t.user.name),
			courses: courses.map((c) => courseView(c, lang, rows)),
		}
	})
	// Courses started on one's own, outside any cohort.
	const ownCourses = catalog.courses
		.filter(
			(c) =>
				!inCohorts.has(c.slug) &&
				(rows.activity.has(c.slug) || rows.completions.has(c.slug)),
		)
		.map((c) => courseView(c, lang, rows))
	const cohortName = new Map(cohorts.map((c) => [c.id, c.name]))
	return {
		cohorts,
		ownCourses,
		sessions: sessions.map((s) => ({
			...s,
			cohortName: cohortName.get(s.cohortId) ?? '',
		})),
		certificates,
	}
}
export type MyTraining = Awaited<ReturnType<typeof getMyTraining>>
