import { expect, test } from 'vitest'
import { roleHasPermission, toRole } from './permissions.ts'

test('learners hold no permission', () => {
	expect(roleHasPermission('learner', 'manage:cohort:own')).toBe(false)
	expect(roleHasPermission('learner', 'read:user:own')).toBe(false)
})

test('trainers manage their own cohorts, not everyone’s', () => {
	expect(roleHasPermission('trainer', 'manage:cohort:own')).toBe(true)
	expect(roleHasPermission('trainer', 'manage:cohort:any')).toBe(false)
	expect(roleHasPermission('trainer', 'manage:user:any')).toBe(false)
	expect(roleHasPermission('trainer', 'issue:certificate')).toBe(true)
	expect(roleHasPermission('trainer', 'revoke:certificate')).toBe(true)
})

test('an admin’s :any covers :own', () => {
	expect(roleHasPermission('admin', 'manage:cohort:own')).toBe(true)
	expect(roleHasPermission('admin', 'reset:password:own')).toBe(true)
	expect(roleHasPermission('admin', 'manage:user:any')).toBe(true)
})

test('an unknown role gets a learner’s rights', () => {
	expect(toRole('superuser')).toBe('learner')
	expect(roleHasPermission('superuser', 'manage:cohort:own')).toBe(false)
	expect(roleHasPermission(null, 'read:report:own')).toBe(false)
})
