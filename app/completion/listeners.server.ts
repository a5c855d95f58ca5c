import {
	completionIssueKey,
	prepareCompletionCertificate,
} from '#app/certificates/issue.server.ts'
import { markTrainedOnCompletion } from '#app/cohorts/stages.server.ts'
import type { Prisma } from '#app/db.server.ts'

/**
 * Who hears that a course is complete. The completion service announces a
 * completion to each listener in the transaction that records it, so that a
 * crash leaves all of their records or none. Certificates and cohorts know
 * nothing of the service: the arrows point from here to them, never back.
 */

export type CourseCompleted = {
	completionId: string
	userId: string
	courseSlug: string
	completedAt: Date
}

export type CompletionListener<Prepared = unknown> = {
	name: string
	/** Slow work done before the transaction opens (signing); writes nothing. */
	prepare: (event: Omit<CourseCompleted, 'completionId'>) => Promise<Prepared>
	/** Writes in the completion's transaction. NOTE: use `tx` only (see app/db/serialized-adapter.server.ts). */
	record: (
		tx: Prisma.TransactionClient,
		event: CourseCompleted,
		prepared: Prepared,
	) => Promise<void>
}

function listener<P>(l: CompletionListener<P>) {
	return l as CompletionListener
}

/** One certificate per completion, keyed by the completion: issued once, whatever happens. */
const certificate = listener({
	name: 'certificate',
	prepare: (event) => prepareCompletionCertificate(event),
	record: async (tx, event, prepared) => {
		if (!prepared) return
		await tx.certificate.create({
			data: { ...prepared, issueKey: completionIssueKey(event.completionId) },
		})
	},
})

/** The "trained" stage of the cohorts whose designated courses are now all complete. */
const trainedStage = listener({
	name: 'trained-stage',
	prepare: async () => null,
	record: async (tx, event) => {
		await markTrainedOnCompletion(event, tx)
	},
})

export const completionListeners: CompletionListener[] = [
	certificate,
	trainedStage,
]
