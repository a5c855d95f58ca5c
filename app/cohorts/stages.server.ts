import { prisma } from '#app/db.server.ts'
import { stageIndex } from './constants.ts'

/**
 * "Trained" is set automatically: completing a course of an entrepreneurship
 * cohort moves the learner's enrollment there to the trained stage.
 */
export async function markTrainedOnCompletion({ userId, courseSlug, completedAt }: { userId: string; courseSlug: string; completedAt: Date }) {
	const enrollments = await prisma.enrollment.findMany({
		where: { userId, cohort: { kind: 'entrepreneurship', courses: { some: { courseSlug } } } },
		select: { id: true, stage: true, trainedAt: true },
	})
	for (const e of enrollments) {
		await prisma.enrollment.update({
			where: { id: e.id },
			data: {
				trainedAt: e.trainedAt ?? completedAt,
				stage: stageIndex(e.stage) >= stageIndex('trained') ? e.stage : 'trained',
			},
		})
	}
}
