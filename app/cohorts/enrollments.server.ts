import { prisma } from '#app/db.server.ts'
import { audit, canManageCohort, type Actor } from './cohorts.server.ts'
import { stageIndex, type LegalForm, type Stage } from './constants.ts'

/** The pre-creation programme path of one enrollment, recorded by trainers. */

async function enrollmentForActor(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
) {
	if (!(await canManageCohort(actor, cohortId))) return null
	return prisma.enrollment.findFirst({ where: { id: enrollmentId, cohortId } })
}

export async function getEnrollmentDetail(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
) {
	if (!(await canManageCohort(actor, cohortId))) return null
	return prisma.enrollment.findFirst({
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
		},
	})
}

const STAGE_DATE: Record<
	Stage,
	'identifiedAt' | 'selectedAt' | 'trainedAt' | 'activityCreatedAt' | null
> = {
	identified: 'identifiedAt',
	selected: 'selectedAt',
	trained: 'trainedAt',
	created: 'activityCreatedAt',
	followed_up: null,
}

export async function setStage(
	actor: Actor,
	cohortId: string,
	enrollmentId: string,
	stage: Stage,
	date: Date,
) {
	const enrollment = await enrollmentForActor(actor, cohortId, enrollmentId)
	if (!enrollment) return null
	const field = STAGE_DATE[stage]
	await prisma.enrollment.update({
		where: { id: enrollmentId },
		data: { stage, ...(field ? { [field]: date } : {}) },
	})
	await audit(actor, 'enrollment.stage', enrollmentId, { stage }, 'enrollment')
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
	await prisma.enrollment.update({
		where: { id: enrollmentId },
		data: {
			activityCreatedAt: date,
			legalForm,
			stage:
				stageIndex(enrollment.stage) > stageIndex('created')
					? enrollment.stage
					: 'created',
		},
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
	await prisma.$transaction([
		prisma.followUp.create({
			data: { enrollmentId, date, notes, createdById: actor.id },
		}),
		prisma.enrollment.update({
			where: { id: enrollmentId },
			data: { stage: 'followed_up' },
		}),
	])
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
