import { prisma, type Prisma } from '#app/db.server.ts'
import type { Stage } from './constants.ts'

/**
 * The stages of the pre-creation path are milestones: each is reached on its
 * own date, by its own event (a trainer's selection, the completion of the
 * cohort's designated courses, a created activity, a follow-up), and never
 * implies another one. The enrollment's `stage` is the furthest milestone
 * reached. Every milestone recorded or removed is kept in StageChange with
 * who or what did it, so a trainer can see why a person is where they are.
 */

type Db = Prisma.TransactionClient | typeof prisma

export type StageSource = 'trainer' | 'completion'

export type Milestones = {
	selectedAt: Date | null
	trainedAt: Date | null
	activityCreatedAt: Date | null
	followUps: number
}

/** The furthest milestone reached. */
export function currentStage(m: Milestones): Stage {
	if (m.followUps > 0) return 'followed_up'
	if (m.activityCreatedAt) return 'created'
	if (m.trainedAt) return 'trained'
	if (m.selectedAt) return 'selected'
	return 'identified'
}

export const milestoneSelect = {
	id: true,
	stage: true,
	identifiedAt: true,
	selectedAt: true,
	trainedAt: true,
	activityCreatedAt: true,
	legalForm: true,
	_count: { select: { followUps: true } },
} satisfies Prisma.EnrollmentSelect

type EnrollmentMilestones = Prisma.EnrollmentGetPayload<{
	select: typeof milestoneSelect
}>

export function milestonesOf(e: EnrollmentMilestones): Milestones {
	return {
		selectedAt: e.selectedAt,
		trainedAt: e.trainedAt,
		activityCreatedAt: e.activityCreatedAt,
		followUps: e._count.followUps,
	}
}

/**
 * Applies a change of milestones to an enrollment, sets its stage to the
 * furthest one reached and records the change. `change` holds the dates to
 * set (a Date) or remove (null).
 */
export async function changeMilestone(
	db: Db,
	enrollment: EnrollmentMilestones,
	input: {
		stage: Exclude<Stage, 'identified'>
		removed?: boolean
		reachedAt: Date | null
		change: Partial<Omit<Milestones, 'followUps'>> & {
			legalForm?: string | null
			followUps?: number
		}
		source: StageSource
		actorId?: string | null
		detail?: Record<string, unknown>
	},
) {
	const { followUps, legalForm, ...dates } = input.change
	const before = milestonesOf(enrollment)
	const after = {
		...before,
		...dates,
		followUps: followUps ?? before.followUps,
	}
	const fromStage = currentStage(before)
	const toStage = currentStage(after)
	await db.enrollment.update({
		where: { id: enrollment.id },
		data: {
			...dates,
			...(legalForm !== undefined ? { legalForm } : {}),
			stage: toStage,
		},
	})
	await db.stageChange.create({
		data: {
			enrollmentId: enrollment.id,
			stage: input.stage,
			removed: input.removed ?? false,
			fromStage,
			toStage,
			reachedAt: input.reachedAt,
			source: input.source,
			actorId: input.actorId ?? null,
			detail: JSON.stringify(input.detail ?? {}),
		},
	})
	return toStage
}

/** The courses of a cohort that count for "trained". */
export async function designatedCourses(db: Db, cohortId: string) {
	return (
		await db.cohortCourse.findMany({
			where: { cohortId, countsForTrained: true },
			select: { courseSlug: true },
		})
	).map((c) => c.courseSlug)
}

/**
 * When every designated course is complete: the day the last one was (not
 * before the person entered the cohort); else null.
 */
async function designatedCompletion(
	db: Db,
	userId: string,
	designated: string[],
	identifiedAt: Date,
) {
	if (!designated.length) return null
	const completions = await db.courseCompletion.findMany({
		where: { userId, courseSlug: { in: designated } },
		select: { courseSlug: true, completedAt: true },
	})
	if (completions.length < designated.length) return null
	return completions.reduce(
		(latest, c) => (c.completedAt > latest ? c.completedAt : latest),
		identifiedAt,
	)
}

/**
 * "Trained" is reached when the cohort's designated courses are all
 * complete: a completion announces itself here (in its own transaction) and
 * each pre-creation cohort of the learner that designates this course checks
 * whether its whole set is now done. A stage already reached is left as it is.
 */
export async function markTrainedOnCompletion(
	{
		userId,
		courseSlug,
	}: { userId: string; courseSlug: string; completedAt: Date },
	// The transaction that records the completion, so both are written together.
	db: Db = prisma,
) {
	const enrollments = await db.enrollment.findMany({
		where: {
			userId,
			trainedAt: null,
			cohort: {
				kind: 'entrepreneurship',
				courses: { some: { courseSlug, countsForTrained: true } },
			},
		},
		select: { ...milestoneSelect, cohortId: true },
	})
	for (const e of enrollments) {
		const designated = await designatedCourses(db, e.cohortId)
		const reachedAt = await designatedCompletion(
			db,
			userId,
			designated,
			e.identifiedAt,
		)
		if (!reachedAt) continue
		await changeMilestone(db, e, {
			stage: 'trained',
			reachedAt,
			change: { trainedAt: reachedAt },
			source: 'completion',
			detail: { courses: designated },
		})
	}
}

/**
 * After a cohort's designated courses change: the learners who have now
 * completed them all reach "trained", on the day they completed the last one.
 */
export async function syncTrainedStage(cohortId: string) {
	const cohort = await prisma.cohort.findUnique({
		where: { id: cohortId },
		select: { kind: true },
	})
	if (cohort?.kind !== 'entrepreneurship') return 0
	const designated = await designatedCourses(prisma, cohortId)
	if (!designated.length) return 0
	const enrollments = await prisma.enrollment.findMany({
		where: {
			cohortId,
			trainedAt: null,
			user: {
				completions: { some: { courseSlug: { in: designated } } },
			},
		},
		select: { ...milestoneSelect, userId: true },
	})
	let trained = 0
	for (const e of enrollments) {
		const reachedAt = await designatedCompletion(
			prisma,
			e.userId,
			designated,
			e.identifiedAt,
		)
		if (!reachedAt) continue
		await prisma.$transaction(async (tx) => {
			await changeMilestone(tx, e, {
				stage: 'trained',
				reachedAt,
				change: { trainedAt: reachedAt },
				source: 'completion',
				detail: { courses: designated, designationChanged: true },
			})
		})
		trained++
	}
	return trained
}

export type StageHistoryEntry = {
	stage: string
	removed: boolean
	fromStage: string | null
	toStage: string
	reachedAt: Date | null
	at: Date
	source: StageSource | 'join' | 'import' | 'former_rule'
	actorName: string | null
	courses: string[]
}

/** A stored change's source as the pages name it; 'former_rule': set before changes were kept (migration 20261201070000). */
function historySource(source: string): StageHistoryEntry['source'] {
	return source === 'completion' || source === 'former_rule'
		? source
		: 'trainer'
}

/**
 * Why a person is at their stage: how they entered the cohort (identified,
 * by joining or by an import), then every milestone recorded or removed.
 */
export async function getStageHistory(enrollmentId: string) {
	const enrollment = await prisma.enrollment.findUnique({
		where: { id: enrollmentId },
		select: { source: true, identifiedAt: true, createdAt: true },
	})
	if (!enrollment) return []
	const changes = await prisma.stageChange.findMany({
		where: { enrollmentId },
		orderBy: { createdAt: 'asc' },
	})
	const actorIds = [
		...new Set(changes.map((c) => c.actorId).filter((id) => id !== null)),
	]
	const names = new Map(
		(
			await prisma.user.findMany({
				where: { id: { in: actorIds } },
				select: { id: true, name: true },
			})
		).map((u) => [u.id, u.name]),
	)
	const entries: StageHistoryEntry[] = [
		{
			stage: 'identified',
			removed: false,
			fromStage: null,
			toStage: 'identified',
			reachedAt: enrollment.identifiedAt,
			at: enrollment.createdAt,
			source: enrollment.source === 'import' ? 'import' : 'join',
			actorName: null,
			courses: [],
		},
	]
	for (const c of changes) {
		const detail = safeJson(c.detail)
		entries.push({
			stage: c.stage,
			removed: c.removed,
			fromStage: c.fromStage,
			toStage: c.toStage,
			reachedAt: c.reachedAt,
			at: c.createdAt,
			source: historySource(c.source),
			actorName: c.actorId ? (names.get(c.actorId) ?? null) : null,
			courses: Array.isArray(detail.courses)
				? detail.courses.filter((x): x is string => typeof x === 'string')
				: [],
		})
	}
	return entries
}

function safeJson(text: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(text)
		return typeof value === 'object' && value !== null
			? (value as Record<string, unknown>)
			: {}
	} catch {
		return {}
	}
}

/** For each enrollment of a cohort, the latest stage change (what the dashboard shows as "why"). */
export async function latestStageChanges(enrollmentIds: string[]) {
	if (!enrollmentIds.length) return new Map<string, StageHistoryEntry>()
	const changes = await prisma.stageChange.findMany({
		where: { enrollmentId: { in: enrollmentIds } },
		orderBy: { createdAt: 'asc' },
		select: {
			enrollmentId: true,
			stage: true,
			removed: true,
			fromStage: true,
			toStage: true,
			reachedAt: true,
			createdAt: true,
			source: true,
			actorId: true,
		},
	})
	const latest = new Map<string, (typeof changes)[number]>()
	for (const c of changes) latest.set(c.enrollmentId, c)
	const actorIds = [
		...new Set(
			[...latest.values()].map((c) => c.actorId).filter((id) => id !== null),
		),
	]
	const names = new Map(
		(
			await prisma.user.findMany({
				where: { id: { in: actorIds } },
				select: { id: true, name: true },
			})
		).map((u) => [u.id, u.name]),
	)
	return new Map(
		[...latest.entries()].map(([id, c]) => [
			id,
			{
				stage: c.stage,
				removed: c.removed,
				fromStage: c.fromStage,
				toStage: c.toStage,
				reachedAt: c.reachedAt,
				at: c.createdAt,
				source: historySource(c.source),
				actorName: c.actorId ? (names.get(c.actorId) ?? null) : null,
				courses: [],
			} satisfies StageHistoryEntry,
		]),
	)
}
