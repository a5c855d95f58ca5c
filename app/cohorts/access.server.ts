import { requireUserWithRole } from '#app/auth/session.server.ts'
import { canManageCohort } from './cohorts.server.ts'
import type { Actor } from '#app/auth/actor.ts'

/** Trainers and admins manage cohorts; everyone else gets 403 (or the sign-in page). */
export async function requireTrainer(
	request: Request,
): Promise<Actor & { name: string }> {
	const user = await requireUserWithRole(request, ['trainer', 'admin'])
	return { id: user.id, role: user.role, name: user.name }
}

/**
 * A trainer of this cohort, or an admin. Anyone else is refused before the
 * form is read, so a stranger learns nothing from validation errors; another
 * trainer gets 404, as if the cohort did not exist.
 */
export async function requireCohortTrainer(request: Request, cohortId: string) {
	const actor = await requireTrainer(request)
	if (!(await canManageCohort(actor, cohortId)))
		throw new Response('Cohort not found', { status: 404 })
	return actor
}
