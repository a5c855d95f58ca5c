import { requireUserWithRole } from '#app/auth/session.server.ts'
import type { Actor } from './cohorts.server.ts'

/** Trainers and admins manage cohorts; everyone else gets 403 (or the sign-in page). */
export async function requireTrainer(request: Request): Promise<Actor & { name: string }> {
	const user = await requireUserWithRole(request, ['trainer', 'admin'])
	return { id: user.id, role: user.role, name: user.name }
}
