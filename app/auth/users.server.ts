import { prisma } from '#app/db.server.ts'
import { sortByName } from '#app/i18n/format.ts'
import type { Prisma } from '#app/db.server.ts'
import { recordAudit } from '#app/audit/audit.server.ts'
import { phoneCandidates } from './identifier.ts'
import { hashPassword } from './password.server.ts'
import { roleHasPermission, toRole, type Role } from './permissions.ts'
import type { Actor } from '#app/auth/actor.ts'

/** User administration, always scoped by who asks: an admin sees everyone, a trainer the learners of their cohorts. */

export const USERS_PAGE_SIZE = 25

export function userScopeWhere(actor: Actor): Prisma.UserWhereInput {
	if (roleHasPermission(actor.role, 'read:user:any')) return {}
	if (!roleHasPermission(actor.role, 'read:user:own'))
		return { id: '__nobody__' }
	return {
		role: 'learner',
		enrollments: {
			some: { cohort: { trainers: { some: { userId: actor.id } } } },
		},
	}
}

function searchWhere(q: string): Prisma.UserWhereInput {
	const term = q.trim()
	if (!term) return {}
	// Phone numbers are stored in E.164: "06 12 34 56 78" finds +212612345678.
	const digits = term.replace(/\D/g, '').replace(/^0+/, '')
	const phones = phoneCandidates(term)
	return {
		OR: [
			{ name: { contains: term } },
			{ email: { contains: term.toLowerCase() } },
			...(phones.length ? [{ phone: { in: phones } }] : []),
			...(digits.length >= 3 ? [{ phone: { contains: digits } }] : []),
		],
	}
}

export async function listUsers(
	actor: Actor,
	{ q = '', page = 1 }: { q?: string; page?: number },
) {
	const where: Prisma.UserWhereInput = {
		AND: [userScopeWhere(actor), searchWhere(q)],
	}
	// NOTE: SQLite orders by bytes ("Élodie" after "Zineb"): the names are
	// sorted here with the French collator, then the page is cut, then only
	// that page's rows are read.
	const names = await prisma.user.findMany({
		where,
		select: { id: true, name: true },
	})
	const ordered = sortByName(
		names,
		(u) => u.name,
		(u) => u.id,
	)
	const total = ordered.length
	const pageCount = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE))
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount)
	const ids = ordered
		.slice((current - 1) * USERS_PAGE_SIZE, current * USERS_PAGE_SIZE)
		.map((u) => u.id)
	const rows = await prisma.user.findMany({
		where: { id: { in: ids } },
		select: {
			id: true,
			name: true,
			email: true,
			phone: true,
			role: true,
			createdAt: true,
			passwordHash: true,
			claimedAt: true,
		},
	})
	const byId = new Map(rows.map((u) => [u.id, u]))
	return {
		total,
		page: current,
		pageCount,
		users: ids
			.flatMap((id) => byId.get(id) ?? [])
			.map(({ passwordHash, claimedAt, ...user }) => ({
				...user,
				role: toRole(user.role),
				hasPassword: passwordHash !== null,
				/** Whether someone other than the owner may still make a reset link for this account. */
				assistedResetAllowed: claimedAt === null,
			})),
	}
}

/** The user if the actor may see them (see userScopeWhere), else null. */
export async function findUserInScope(actor: Actor, userId: string) {
	return prisma.user.findFirst({
		where: { AND: [userScopeWhere(actor), { id: userId }] },
		select: {
			id: true,
			name: true,
			email: true,
			phone: true,
			role: true,
			language: true,
			claimedAt: true,
		},
	})
}

export type RoleChange = 'changed' | 'unchanged' | 'notFound' | 'lastAdmin'

/** Changes a role (admins only: the caller checks manage:user:any); never removes the last admin. */
export async function changeUserRole(
	actor: Actor,
	userId: string,
	role: Role,
): Promise<RoleChange> {
	const target = await prisma.user.findUnique({
		where: { id: userId },
		select: { role: true },
	})
	if (!target) return 'notFound'
	if (target.role === role) return 'unchanged'
	if (
		target.role === 'admin' &&
		(await prisma.user.count({ where: { role: 'admin' } })) <= 1
	)
		return 'lastAdmin'
	await prisma.user.update({ where: { id: userId }, data: { role } })
	await recordAudit({
		actorId: actor.id,
		action: 'user.role.change',
		targetType: 'user',
		targetId: userId,
		data: { from: target.role, to: role },
	})
	return 'changed'
}

/** For the command line (first admin, trainers): creates an account with a password. */
export async function createUser({
	name,
	email,
	phone,
	role,
	password,
}: {
	name: string
	email?: string | null
	phone?: string | null
	role: Role
	password: string
}) {
	const user = await prisma.user.create({
		data: {
			name,
			email: email ?? null,
			phone: phone ?? null,
			role,
			passwordHash: await hashPassword(password),
		},
		select: { id: true, name: true, email: true, phone: true, role: true },
	})
	await recordAudit({
		actorId: null,
		action: 'user.create',
		targetType: 'user',
		targetId: user.id,
		data: { role, via: 'cli' },
	})
	return user
}
