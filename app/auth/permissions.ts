/**
 * Who may do what: the one table of permissions per role. Server guards
 * (`requirePermission`, `requireUserWithRole` in session.server.ts) and the UI
 * (which links to show) both read it.
 *
 * A permission is `action:entity:access`. `:any` covers `:own`: an admin who
 * may manage any cohort may also manage their own.
 */

export const roles = ['learner', 'trainer', 'admin'] as const
export type Role = (typeof roles)[number]

export type Permission =
	| 'manage:cohort:own'
	| 'manage:cohort:any'
	| 'read:report:own'
	| 'read:report:any'
	| 'read:user:own'
	| 'read:user:any'
	| 'manage:user:any'
	| 'reset:password:own'
	| 'reset:password:any'
	| 'issue:certificate'
	| 'revoke:certificate'

// `:own` for a trainer means: the cohorts they train and the learners enrolled in them;
// they revoke only the certificates of those cohorts.
export const rolePermissions: Record<Role, readonly Permission[]> = {
	learner: [],
	trainer: [
		'manage:cohort:own',
		'read:report:own',
		'read:user:own',
		'reset:password:own',
		'issue:certificate',
		'revoke:certificate',
	],
	admin: [
		'manage:cohort:any',
		'read:report:any',
		'read:user:any',
		'manage:user:any',
		'reset:password:any',
		'issue:certificate',
		'revoke:certificate',
	],
}

export function isRole(value: unknown): value is Role {
	return (
		typeof value === 'string' && (roles as readonly string[]).includes(value)
	)
}

/** Unknown roles in the database get a learner's rights, never more. */
export function toRole(value: string | null | undefined): Role {
	return isRole(value) ? value : 'learner'
}

export function roleHasPermission(
	role: string | null | undefined,
	permission: Permission,
): boolean {
	const granted = rolePermissions[toRole(role)]
	if (granted.includes(permission)) return true
	return (
		permission.endsWith(':own') &&
		granted.includes(permission.replace(/:own$/, ':any') as Permission)
	)
}

/** Where a person lands after signing in, when no page asked for it. */
export function homePathFor(role: string | null | undefined): string {
	// Learners land on "my training": their cohorts, next lesson, sessions, certificates.
	return roleHasPermission(role, 'manage:cohort:own') ? '/cohorts' : '/training'
}
