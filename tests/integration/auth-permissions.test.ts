import { afterEach, expect, test } from 'vitest'
import {
	requirePermission,
	requireUserWithRole,
} from '#app/auth/session.server.ts'
import { prisma } from '#app/db.server.ts'
import {
	action as adminAction,
	loader as adminLoader,
} from '#app/routes/admin.users.tsx'
import {
	context,
	createTestUser,
	getRequest,
	postRequest,
	settle,
	signedInCookie,
} from '#tests/support/auth.ts'

afterEach(async () => {
	await prisma.auditEvent.deleteMany()
	await prisma.cohort.deleteMany()
	await prisma.session.deleteMany()
	await prisma.user.deleteMany()
})

async function cookieFor(role: 'learner' | 'trainer' | 'admin') {
	const user = await createTestUser({ role })
	return { user, ...(await signedInCookie(user.id)) }
}

function postAdmin(
	fields: Record<string, string>,
	cookie?: string,
	search = '',
) {
	return settle(
		adminAction({
			request: postRequest(`/admin/users${search}`, fields, { cookie }),
			params: {},
			context: context(),
		}),
	)
}

function getAdmin(cookie?: string, search = '') {
	return settle(
		adminLoader({
			request: getRequest(`/admin/users${search}`, { cookie }),
			params: {},
			context: context(),
		}),
	)
}

async function cohortTrainedBy(trainerId: string, learnerIds: string[]) {
	return prisma.cohort.create({
		data: {
			name: 'Garoua 2026',
			programme: 'pre-creation',
			country: 'CM',
			startDate: new Date('2026-01-01'),
			endDate: new Date('2026-06-30'),
			joinCode: `T${Math.random().toString(36).slice(2, 9).toUpperCase()}`,
			trainers: { create: { userId: trainerId } },
			enrollments: { create: learnerIds.map((userId) => ({ userId })) },
		},
	})
}

test('anonymous visitors are sent to sign in, with the page to come back to', async () => {
	const res = await getAdmin(undefined, '?q=awa')
	expect(res.status).toBe(302)
	expect(res.headers.get('Location')).toBe(
		`/login?redirectTo=${encodeURIComponent('/admin/users?q=awa')}`,
	)
})

test('a learner gets 403 from the users page and its actions, and nothing changes', async () => {
	const { cookie } = await cookieFor('learner')
	const victim = await createTestUser({ role: 'learner' })
	expect((await getAdmin(cookie)).status).toBe(403)
	const roleChange = await postAdmin(
		{ intent: 'role', userId: victim.id, role: 'admin' },
		cookie,
	)
	expect(roleChange.status).toBe(403)
	const resetLink = await postAdmin(
		{ intent: 'reset-link', userId: victim.id },
		cookie,
	)
	expect(resetLink.status).toBe(403)
	expect(
		(await prisma.user.findUniqueOrThrow({ where: { id: victim.id } })).role,
	).toBe('learner')
	expect(await prisma.passwordToken.count()).toBe(0)
	expect(await prisma.auditEvent.count()).toBe(0)
})

test('a trainer cannot change roles (403)', async () => {
	const { cookie } = await cookieFor('trainer')
	const learner = await createTestUser()
	const res = await postAdmin(
		{ intent: 'role', userId: learner.id, role: 'trainer' },
		cookie,
	)
	expect(res.status).toBe(403)
	expect(
		(await prisma.user.findUniqueOrThrow({ where: { id: learner.id } })).role,
	).toBe('learner')
})

test('the guards: role lists and permissions', async () => {
	const { cookie: learnerCookie } = await cookieFor('learner')
	const { cookie: trainerCookie } = await cookieFor('trainer')
	await expect(
		settle(
			requireUserWithRole(getRequest('/cohorts', { cookie: learnerCookie }), [
				'trainer',
				'admin',
			]),
		),
	).resolves.toHaveProperty('status', 403)
	await expect(
		requireUserWithRole(getRequest('/cohorts', { cookie: trainerCookie }), [
			'trainer',
			'admin',
		]),
	).resolves.toMatchObject({ role: 'trainer' })
	await expect(
		requirePermission(
			getRequest('/cohorts', { cookie: trainerCookie }),
			'manage:cohort:own',
		),
	).resolves.toMatchObject({ role: 'trainer' })
	await expect(
		settle(
			requirePermission(
				getRequest('/reports', { cookie: trainerCookie }),
				'read:report:any',
			),
		),
	).resolves.toHaveProperty('status', 403)
})

test('an admin lists, searches and pages through users', async () => {
	const { cookie } = await cookieFor('admin')
	for (let i = 0; i < 30; i++)
		await createTestUser({
			name: `Learner ${String(i).padStart(2, '0')}`,
			email: `learner${i}@example.test`,
		})
	await createTestUser({
		name: 'Fatima-Zahra Alaoui',
		email: null,
		phone: '+212612345678',
	})
	const first = (await (await getAdmin(cookie)).json()) as {
		total: number
		pageCount: number
		users: { name: string }[]
	}
	expect(first.total).toBe(32)
	expect(first.pageCount).toBe(2)
	expect(first.users).toHaveLength(25)
	const second = (await (await getAdmin(cookie, '?page=2')).json()) as {
		users: unknown[]
	}
	expect(second.users).toHaveLength(7)
	const byName = (await (await getAdmin(cookie, '?q=Fatima')).json()) as {
		users: { name: string }[]
	}
	expect(byName.users.map((u) => u.name)).toEqual(['Fatima-Zahra Alaoui'])
	const byPhone = (await (await getAdmin(cookie, '?q=0612345678')).json()) as {
		users: { name: string }[]
	}
	expect(byPhone.users.map((u) => u.name)).toEqual(['Fatima-Zahra Alaoui'])
})

test('an admin changes a role: audited, and the last admin cannot be demoted', async () => {
	const { user: admin, cookie } = await cookieFor('admin')
	const learner = await createTestUser()
	const res = await postAdmin(
		{ intent: 'role', userId: learner.id, role: 'trainer' },
		cookie,
		'?q=test&page=1',
	)
	expect(res.status).toBe(302)
	expect(res.headers.get('Location')).toBe('/admin/users?q=test&roleChanged=')
	expect(
		(await prisma.user.findUniqueOrThrow({ where: { id: learner.id } })).role,
	).toBe('trainer')
	const audit = await prisma.auditEvent.findFirstOrThrow({
		where: { action: 'user.role.change' },
	})
	expect(audit).toMatchObject({
		actorId: admin.id,
		targetType: 'user',
		targetId: learner.id,
	})
	expect(JSON.parse(audit.data)).toEqual({ from: 'learner', to: 'trainer' })

	const invalid = await postAdmin(
		{ intent: 'role', userId: learner.id, role: 'superuser' },
		cookie,
	)
	expect(invalid.status).toBe(400)
	expect(await invalid.json()).toMatchObject({
		error: 'Rôle : choisissez une des réponses proposées.',
	})

	const lastAdmin = await postAdmin(
		{ intent: 'role', userId: admin.id, role: 'learner' },
		cookie,
	)
	expect(lastAdmin.status).toBe(400)
	expect(
		(await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role,
	).toBe('admin')
})

test('a trainer sees and resets only the learners of their own cohorts', async () => {
	const { user: trainer, cookie } = await cookieFor('trainer')
	// Imported and never used: the trainer may still make a link for it.
	const mine = await createTestUser({
		name: 'Aminatou Bello',
		email: null,
		phone: '+237677000001',
		password: null,
	})
	const notMine = await createTestUser({ name: 'Someone Else' })
	const otherTrainer = await createTestUser({
		role: 'trainer',
		name: 'Other Trainer',
	})
	await cohortTrainedBy(trainer.id, [mine.id])
	await cohortTrainedBy(otherTrainer.id, [notMine.id])

	const list = (await (await getAdmin(cookie)).json()) as {
		users: { name: string }[]
		canManageRoles: boolean
	}
	expect(list.users.map((u) => u.name)).toEqual(['Aminatou Bello'])
	expect(list.canManageRoles).toBe(false)

	const created = await postAdmin(
		{ intent: 'reset-link', userId: mine.id },
		cookie,
	)
	expect(created.status).toBe(200)
	const body = (await created.json()) as { link: { url: string; name: string } }
	expect(body.link.name).toBe('Aminatou Bello')
	expect(body.link.url).toMatch(
		/^http:\/\/localhost:3000\/reset-password\/[a-z2-7]{32}$/,
	)
	const token = await prisma.passwordToken.findFirstOrThrow({
		where: { userId: mine.id },
	})
	expect(token.expiresAt.getTime() - Date.now()).toBeGreaterThan(
		71 * 60 * 60 * 1000,
	)
	expect(
		await prisma.auditEvent.count({
			where: {
				action: 'user.password.reset_link',
				actorId: trainer.id,
				targetId: mine.id,
			},
		}),
	).toBe(1)

	expect(
		(await postAdmin({ intent: 'reset-link', userId: notMine.id }, cookie))
			.status,
	).toBe(404)
	expect(
		(await postAdmin({ intent: 'reset-link', userId: otherTrainer.id }, cookie))
			.status,
	).toBe(404)
	expect(
		await prisma.passwordToken.count({
			where: { userId: { in: [notMine.id, otherTrainer.id] } },
		}),
	).toBe(0)
})
