import { prisma } from '#app/db.server.ts'
import { canManageCohort } from './cohorts.server.ts'
import type { Actor } from '#app/auth/actor.ts'
import { audit } from '#app/audit/audit.server.ts'

/**
 * Invitations to join a cohort, made when a trainer's import names someone
 * who already has an account: the person decides; until they accept, the
 * trainer sees only the name and contact their own file gave.
 */

export async function listPendingInvitations(userId: string) {
	return prisma.cohortInvitation.findMany({
		where: { userId, respondedAt: null },
		orderBy: { createdAt: 'desc' },
		select: {
			id: true,
			createdAt: true,
			cohort: {
				select: {
					name: true,
					programme: true,
					startDate: true,
					endDate: true,
					trainers: { select: { user: { select: { name: true } } } },
					courses: { select: { courseSlug: true } },
				},
			},
		},
	})
}

export type InvitationAnswer = 'accepted' | 'declined' | 'notFound'

/** The person's own answer; accepting enrols them (once, whatever the cohort's join settings). */
export async function answerInvitation(
	userId: string,
	invitationId: string,
	accept: boolean,
): Promise<{ answer: InvitationAnswer; cohortId?: string }> {
	const outcome = await prisma.$transaction(async (tx) => {
		const invitation = await tx.cohortInvitation.findFirst({
			where: { id: invitationId, userId, respondedAt: null },
			select: { id: true, cohortId: true },
		})
		if (!invitation) return null
		await tx.cohortInvitation.update({
			where: { id: invitation.id },
			data: { respondedAt: new Date(), accepted: accept },
		})
		if (accept) {
			const enrolled = await tx.enrollment.findUnique({
				where: {
					cohortId_userId: { cohortId: invitation.cohortId, userId },
				},
				select: { id: true },
			})
			if (!enrolled)
				await tx.enrollment.create({
					data: { cohortId: invitation.cohortId, userId, source: 'invitation' },
				})
		}
		return invitation
	})
	if (!outcome) return { answer: 'notFound' }
	await audit(
		{ id: userId, role: 'learner' },
		accept ? 'cohort.invitation.accept' : 'cohort.invitation.decline',
		outcome.cohortId,
		{ invitationId },
	)
	return {
		answer: accept ? 'accepted' : 'declined',
		cohortId: outcome.cohortId,
	}
}

/** For the cohort's trainers: invitations not yet accepted, as their file named the people. */
export async function listCohortInvitations(actor: Actor, cohortId: string) {
	if (!(await canManageCohort(actor, cohortId))) return null
	return prisma.cohortInvitation.findMany({
		where: { cohortId, OR: [{ accepted: null }, { accepted: false }] },
		orderBy: { createdAt: 'desc' },
		take: 200,
		select: {
			id: true,
			rowName: true,
			rowContact: true,
			createdAt: true,
			respondedAt: true,
			accepted: true,
		},
	})
}
