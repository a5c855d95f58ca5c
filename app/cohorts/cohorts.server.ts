import crypto from 'node:crypto'
import type { Actor } from '#app/auth/actor.ts'
import { audit } from '#app/audit/audit.server.ts'
import { isUniqueViolation } from '#app/db/errors.server.ts'
import { prisma } from '#app/db.server.ts'
import { demoMode } from '#app/env.server.ts'
import type { Prisma } from '#app/db.server.ts'
import type { CohortKind } from './constants.ts'
import { syncTrainedStage } from './stages.server.ts'

/** Cohorts, scoped by who asks: a trainer sees the cohorts they train, an admin all of them. */

export function cohortAccessWhere(actor: Actor): Prisma.CohortWhereInput {
	return actor.role === 'admin'
		? {}
		: { trainers: { some: { userId: actor.id } } }
}

// No 0/O, 1/I/L: codes are read aloud in workshops and typed on phones.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export function generateJoinCode(length = 8) {
	let code = ''
	for (let i = 0; i < length; i++)
		code += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]
	return code
}

export function normalizeJoinCode(input: string) {
	return input.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

export type CohortInput = {
	name: string
	programme: string
	kind: CohortKind
	courses: string[]
	/** The courses whose completion makes a learner "trained" (a subset of `courses`); all of them when unset. */
	trainedCourses?: string[]
	country: string
	region: string | null
	communes: string[]
	startDate: Date
	endDate: Date
	capacity: number | null
}

/** Whether a course of the cohort counts for "trained": every one when none is designated. */
const countsForTrained = (trainedCourses: string[] | undefined, slug: string) =>
	trainedCourses?.includes(slug) ?? true

export async function createCohort(actor: Actor, input: CohortInput) {
	const { courses, trainedCourses, communes, ...rest } = input
	for (let attempt = 0; ; attempt++) {
		try {
			const cohort = await prisma.cohort.create({
				data: {
					...rest,
					communes: communes.join('\n'),
					joinCode: generateJoinCode(),
					createdById: actor.id,
					trainers: { create: { userId: actor.id } },
					courses: {
						create: courses.map((courseSlug) => ({
							courseSlug,
							countsForTrained: countsForTrained(trainedCourses, courseSlug),
						})),
					},
				},
			})
			await audit(actor, 'cohort.create', cohort.id, { name: cohort.name })
			return cohort
		} catch (error) {
			// A join code collision is astronomically rare; retry a few times.
			if (isUniqueViolation(error) && attempt < 3) continue
			throw error
		}
	}
}

const sameCourses = (a: string[], b: string[]) =>
	a.length === b.length && a.every((slug) => b.includes(slug))

export async function updateCohort(
	actor: Actor,
	cohortId: string,
	input: CohortInput,
) {
	const cohort = await getCohortForActor(actor, cohortId)
	if (!cohort) return null
	const { courses, trainedCourses, communes, ...rest } = input
	await prisma.$transaction([
		prisma.cohort.update({
			where: { id: cohortId },
			data: { ...rest, communes: communes.join('\n') },
		}),
		prisma.cohortCourse.deleteMany({
			where: { cohortId, courseSlug: { notIn: courses } },
		}),
		...courses.map((courseSlug) =>
			prisma.cohortCourse.upsert({
				where: { cohortId_courseSlug: { cohortId, courseSlug } },
				create: {
					cohortId,
					courseSlug,
					countsForTrained: countsForTrained(trainedCourses, courseSlug),
				},
				update: {
					countsForTrained: countsForTrained(trainedCourses, courseSlug),
				},
			}),
		),
	])
	await audit(actor, 'cohort.update', cohortId, { trainedCourses })
	// Learners who have now completed every designated course reach "trained".
	// Only when the rule changed: a save that keeps it (a rename) must not
	// bring back a "trained" the trainer removed, nor query every learner.
	const designated = courses.filter((slug) =>
		countsForTrained(trainedCourses, slug),
	)
	if (
		input.kind !== cohort.kind ||
		!sameCourses(designated, cohort.trainedCourses)
	)
		await syncTrainedStage(cohortId)
	return true
}

export async function listCohortsForActor(actor: Actor) {
	const cohorts = await prisma.cohort.findMany({
		where: cohortAccessWhere(actor),
		orderBy: [{ startDate: 'desc' }, { name: 'asc' }],
		select: {
			id: true,
			name: true,
			programme: true,
			kind: true,
			country: true,
			region: true,
			startDate: true,
			endDate: true,
			capacity: true,
			enrollmentOpen: true,
			courses: { select: { courseSlug: true } },
			_count: { select: { enrollments: true } },
		},
	})
	return cohorts.map(({ _count, courses, ...c }) => ({
		...c,
		courses: courses.map((x) => x.courseSlug),
		learners: _count.enrollments,
	}))
}

/** Whether `actor` may manage the cohort (a cheap check for actions that need nothing else). */
export async function canManageCohort(actor: Actor, cohortId: string) {
	return (
		(await prisma.cohort.count({
			where: { id: cohortId, ...cohortAccessWhere(actor) },
		})) > 0
	)
}

/** The cohort if `actor` may manage it, else null (callers answer 404: no leak of other trainers' cohorts). */
export async function getCohortForActor(actor: Actor, cohortId: string) {
	const cohort = await prisma.cohort.findFirst({
		where: { id: cohortId, ...cohortAccessWhere(actor) },
		include: {
			courses: { select: { courseSlug: true, countsForTrained: true } },
			trainers: {
				select: {
					user: { select: { id: true, name: true, email: true, phone: true } },
				},
				orderBy: { addedAt: 'asc' },
			},
			_count: { select: { enrollments: true } },
		},
	})
	if (!cohort) return null
	const { courses, trainers, _count, ...rest } = cohort
	return {
		...rest,
		communes: rest.communes ? rest.communes.split('\n') : [],
		courses: courses.map((c) => c.courseSlug),
		trainedCourses: courses
			.filter((c) => c.countsForTrained)
			.map((c) => c.courseSlug),
		trainers: trainers.map((t) => t.user),
		learners: _count.enrollments,
	}
}
export type ManagedCohort = NonNullable<
	Awaited<ReturnType<typeof getCohortForActor>>
>

export async function rotateJoinCode(actor: Actor, cohortId: string) {
	if (!(await canManageCohort(actor, cohortId))) return null
	const joinCode = generateJoinCode()
	await prisma.cohort.update({ where: { id: cohortId }, data: { joinCode } })
	await audit(actor, 'cohort.rotate_code', cohortId, {})
	return joinCode
}

export async function setEnrollmentOpen(
	actor: Actor,
	cohortId: string,
	open: boolean,
) {
	if (!(await canManageCohort(actor, cohortId))) return null
	await prisma.cohort.update({
		where: { id: cohortId },
		data: { enrollmentOpen: open },
	})
	await audit(actor, open ? 'cohort.open' : 'cohort.close', cohortId, {})
	return true
}

export type AddTrainerResult = 'added' | 'already' | 'notFound' | 'notTrainer'

/** Adds a co-trainer by email or phone; they must already have a trainer or admin account. */
export async function addCoTrainer(
	actor: Actor,
	cohortId: string,
	identifier: { email?: string; phone?: string },
): Promise<AddTrainerResult | null> {
	if (!(await canManageCohort(actor, cohortId))) return null
	const user = await prisma.user.findFirst({
		where: identifier.email
			? { email: identifier.email }
			: { phone: identifier.phone ?? '__none__' },
		select: { id: true, role: true },
	})
	if (!user) return 'notFound'
	if (user.role !== 'trainer' && user.role !== 'admin') return 'notTrainer'
	const existing = await prisma.cohortTrainer.findUnique({
		where: { cohortId_userId: { cohortId, userId: user.id } },
	})
	if (existing) return 'already'
	await prisma.cohortTrainer.create({ data: { cohortId, userId: user.id } })
	await audit(actor, 'cohort.add_trainer', cohortId, { userId: user.id })
	return 'added'
}

export async function findCohortByJoinCode(code: string) {
	const joinCode = normalizeJoinCode(code)
	if (!joinCode) return null
	const cohort = await prisma.cohort.findUnique({
		where: { joinCode },
		select: {
			id: true,
			name: true,
			programme: true,
			enrollmentOpen: true,
			capacity: true,
			startDate: true,
			endDate: true,
			demo: true,
			courses: { select: { courseSlug: true } },
			_count: { select: { enrollments: true } },
		},
	})
	// The demo cohort's public code (README) works only in demo mode.
	if (cohort?.demo && !demoMode()) return null
	return cohort
}

export type JoinResult = 'joined' | 'already' | 'closed' | 'full' | 'notFound'

export async function joinCohort(
	userId: string,
	code: string,
): Promise<{ result: JoinResult; cohortId?: string; name?: string }> {
	const cohort = await findCohortByJoinCode(code)
	if (!cohort) return { result: 'notFound' }
	const found = { cohortId: cohort.id, name: cohort.name }
	const existing = await prisma.enrollment.findUnique({
		where: { cohortId_userId: { cohortId: cohort.id, userId } },
	})
	if (existing) return { result: 'already', ...found }
	if (!cohort.enrollmentOpen) return { result: 'closed', ...found }
	return prisma.$transaction(async (tx) => {
		if (cohort.capacity !== null) {
			const count = await tx.enrollment.count({
				where: { cohortId: cohort.id },
			})
			if (count >= cohort.capacity) return { result: 'full' as const, ...found }
		}
		await tx.enrollment.create({
			data: { cohortId: cohort.id, userId, source: 'join' },
		})
		return { result: 'joined' as const, ...found }
	})
}
