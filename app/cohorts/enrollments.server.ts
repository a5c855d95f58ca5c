import { prisma } from '#app/db.server.ts'
import { canManageCohort } from './cohorts.server.ts'
import type { LegalForm, RecordableStage, RemovableStage } from './constants.ts'
import {
	changeMilestone,
	getStageHistory,
	milestoneSelect,
} from './stages.server.ts'
import type { Actor } from '#app/auth/actor.ts'
import { audit } from '#app/audit/audit.server.ts'

/** The pre-creation programme path of one enrollment, recorded by trainers. */

async function enrollmentForActor(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
) {
	if (!(await canManageCohort(actor, cohortId))) return null
	return prisma.enrollment.findFirst({
		where: { id: enrollmentId, cohortId },
		select: { ...milestoneSelect, userId: true },
	})
}

export async function getEnrollmentDetail(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
) {
	if (!(await canManageCohort(actor, cohortId))) return null
	const enrollment = await prisma.enrollment.findFirst({
		where: { id: enrollmentId, cohortId },
		include: {
			user: {
				select: {
					id: true,
					name: true,
					email: true,
					phone: true,
					gender: true,
					birthYear: true,
					commune: true,
					situation: true,
				},
			},
			followUps: { orderBy: { date: 'desc' } },
			cohort: {
				select: {
					kind: true,
					courses: { select: { courseSlug: true, countsForTrained: true } },
				},
			},
		},
	})
	if (!enrollment) return null
	const [history, completions] = await Promise.all([
		getStageHistory(enrollment.id),
		prisma.courseCompletion.findMany({
			where: {
				userId: enrollment.userId,
				courseSlug: { in: enrollment.cohort.courses.map((c) => c.courseSlug) },
			},
			select: { courseSlug: true, completedAt: true, readOnlyLessons: true },
		}),
	])
	const done = new Map(completions.map((c) => [c.courseSlug, c]))
	return {
		...enrollment,
		history,
		/** The cohort's courses: which count for "trained", and whether this learner completed each (flagged when under the former rule). */
		courses: enrollment.cohort.courses.map((c) => ({
			slug: c.courseSlug,
			countsForTrained: c.countsForTrained,
			completedAt: done.get(c.courseSlug)?.completedAt ?? null,
			readOnlyLessons: done.get(c.courseSlug)?.readOnlyLessons ?? 0,
		})),
	}
}

const STAGE_DATE = {
	selected: 'selectedAt',
	trained: 'trainedAt',
	created: 'activityCreatedAt',
} as const satisfies Record<RemovableStage, string>

/** Records that the person reached `stage` on `date` (and only that stage: it implies no other). */
export async function setStage(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
	stage: RecordableStage,
	date: Date,
) {
	const enrollment = await enrollmentForActor(actor, cohortId, enrollmentId)
	if (!enrollment) return null
	await prisma.$transaction(async (tx) => {
		await changeMilestone(tx, enrollment, {
			stage,
			reachedAt: date,
			change: { [STAGE_DATE[stage]]: date },
			source: 'trainer',
			actorId: actor.id,
		})
	})
	await audit(actor, 'enrollment.stage', enrollmentId, { stage }, 'enrollment')
	return true
}

/** Removes a milestone recorded by mistake; the stage becomes the furthest one left. */
export async function clearStage(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
	stage: RemovableStage,
) {
	const enrollment = await enrollmentForActor(actor, cohortId, enrollmentId)
	if (!enrollment) return null
	await prisma.$transaction(async (tx) => {
		await changeMilestone(tx, enrollment, {
			stage,
			removed: true,
			reachedAt: null,
			change: {
				[STAGE_DATE[stage]]: null,
				...(stage === 'created' ? { legalForm: null } : {}),
			},
			source: 'trainer',
			actorId: actor.id,
		})
	})
	await audit(
		actor,
		'enrollment.stage_removed',
		enrollmentId,
		{ stage },
		'enrollment',
	)
	return true
}

export async function recordActivityCreated(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
	date: Date,
	legalForm: LegalForm,
) {
	const enrollment = await enrollmentForActor(actor, cohortId, enrollmentId)
	if (!enrollment) return null
	await prisma.$transaction(async (tx) => {
		await changeMilestone(tx, enrollment, {
			stage: 'created',
			reachedAt: date,
			change: { activityCreatedAt: date, legalForm },
			source: 'trainer',
			actorId: actor.id,
			detail: { legalForm },
		})
	})
	await audit(
		actor,
		'enrollment.created',
		enrollmentId,
		{ legalForm },
		'enrollment',
	)
	return true
}

export async function addFollowUp(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
	date: Date,
	notes: string,
) {
	const enrollment = await enrollmentForActor(actor, cohortId, enrollmentId)
	if (!enrollment) return null
	await prisma.$transaction(async (tx) => {
		await tx.followUp.create({
			data: { enrollmentId, date, notes, createdById: actor.id },
		})
		await changeMilestone(tx, enrollment, {
			stage: 'followed_up',
			reachedAt: date,
			change: { followUps: enrollment._count.followUps + 1 },
			source: 'trainer',
			actorId: actor.id,
		})
	})
	return true
}

export async function removeEnrollment(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
) {
	const enrollment = await enrollmentForActor(actor, cohortId, enrollmentId)
	if (!enrollment) return null
	await prisma.enrollment.delete({ where: { id: enrollmentId } })
	await audit(
		actor,
		'enrollment.remove',
		enrollmentId,
		{ userId: enrollment.userId },
		'enrollment',
	)
	return true
}

// In-person sessions (workshops, bootcamps) and who attended.

export async function listTrainingSessions(actor: Actor, cohortId: string) {
	if (!(await canManageCohort(actor, cohortId))) return null
	return prisma.trainingSession.findMany({
		where: { cohortId },
		orderBy: { date: 'desc' },
		include: {
			_count: { select: { attendance: { where: { present: true } } } },
		},
	})
}

export async function createTrainingSession(
	actor: Actor,
	cohortId: string,
	input: { kind: string; title: string; date: Date; notes: string },
) {
	if (!(await canManageCohort(actor, cohortId))) return null
	return prisma.trainingSession.create({ data: { cohortId, ...input } })
}

export async function getAttendanceSheet(
	actor: Actor,
	cohortId: string,
	sessionId: string,
) {
	if (!(await canManageCohort(actor, cohortId))) return null
	const session = await prisma.trainingSession.findFirst({
		where: { id: sessionId, cohortId },
	})
	if (!session) return null
	const [enrollments, attendance] = await Promise.all([
		prisma.enrollment.findMany({
			where: { cohortId },
			select: { userId: true, user: { select: { name: true } } },
			orderBy: { user: { name: 'asc' } },
		}),
		prisma.attendance.findMany({
			where: { sessionId },
			select: { userId: true, present: true },
		}),
	])
	const present = new Set(
		attendance.filter((a) => a.present).map((a) => a.userId),
	)
	return {
		session,
		learners: enrollments.map((e) => ({
			userId: e.userId,
			name: e.user.name,
			present: present.has(e.userId),
		})),
	}
}

export async function saveAttendance(
	actor: Actor,
	cohortId: string,
	sessionId: string,
	presentUserIds: string[],
) {
	const sheet = await getAttendanceSheet(actor, cohortId, sessionId)
	if (!sheet) return null
	const enrolled = new Set(sheet.learners.map((l) => l.userId))
	const present = new Set(presentUserIds.filter((id) => enrolled.has(id)))
	await prisma.$transaction([
		prisma.attendance.deleteMany({ where: { sessionId } }),
		prisma.attendance.createMany({
			data: [...enrolled].map((userId) => ({
				sessionId,
				userId,
				present: present.has(userId),
			})),
		}),
	])
	return present.size
}

/**
 * Of these learners, those holding a completion of these courses earned
 * under the former rule (a quiz lesson counted by a read mark alone).
 */
export async function learnersWithFlaggedCompletions(
	userIds: string[],
	courseSlugs: string[],
) {
	if (!userIds.length || !courseSlugs.length) return new Set<string>()
	const rows = await prisma.courseCompletion.findMany({
		where: {
			userId: { in: userIds },
			courseSlug: { in: courseSlugs },
			readOnlyLessons: { gt: 0 },
		},
		select: { userId: true },
	})
	return new Set(rows.map((r) => r.userId))
}
