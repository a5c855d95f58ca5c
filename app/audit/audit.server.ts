import type { Actor } from '#app/auth/actor.ts'
import { prisma } from '#app/db.server.ts'

export type AuditAction =
	| 'user.create'
	| 'user.role.change'
	| 'user.password.reset_link'
	| 'user.password.invite_link'
	| 'user.password.reset'
	| 'user.delete'
	| `cohort.${string}`
	| `enrollment.${string}`
	| `certificate.${string}`

/** Who did what to whom: kept after the target is deleted (no foreign key, no personal data in `data`). */
export async function recordAudit(event: {
	actorId: string | null
	action: AuditAction
	targetType: 'user' | 'cohort' | 'enrollment' | 'certificate'
	targetId: string
	data?: Record<string, unknown>
}) {
	await prisma.auditEvent.create({
		data: { ...event, data: JSON.stringify(event.data ?? {}) },
	})
}

/** The same, for an action by `actor` (null: the system) on a cohort, an enrolment or a certificate. */
export async function audit(
	actor: Actor | null,
	action: `cohort.${string}` | `enrollment.${string}` | `certificate.${string}`,
	targetId: string,
	data: Record<string, unknown>,
	targetType: 'cohort' | 'enrollment' | 'certificate' = 'cohort',
) {
	await recordAudit({
		actorId: actor?.id ?? null,
		action,
		targetType,
		targetId,
		data,
	})
}
