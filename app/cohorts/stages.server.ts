import { prisma, type Prisma } from '#app/db.server.ts'
import { stageIndex } from './constants.ts'

/**
 * "Trained" is set automatically: completing a course of an entrepreneurship
 * cohort moves the learner's enrollment there to the trained stage.
 */
export async function markTrainedOnCompletion(
	{
		userId,
		courseSlug,
		completedAt,
	}: { userId: string; courseSlug: string; completedAt: Date },
	// The transaction that records the completion, so both are written together.
	db: Prisma.TransactionClient = prisma,
) {
	const enrollments = await db.enrollment.findMany({
		where: {
			userId,
			cohort: { kind: 'entrepreneurship', courses: { some: { courseSlug } } },
		},
		select: { id: true, stage: true, trainedAt: true },
	})
	for (const e of enrollments) {
		await db.enrollment.update({
			where: { id: e.id },
			data: {
				trainedAt: e.trainedAt ?? completedAt,
				stage:
					stageIndex(e.stage) >= stageIndex('trained') ? e.stage : 'trained',
			},
		})
	}
}
