import crypto from 'node:crypto'
import { prisma } from '#app/db.server.ts'
import { signedInCookie } from './auth.ts'
import { TEST_ORIGIN } from './test-env.ts'

export { settle } from './auth.ts'

/** Test data factories: each call makes distinct records, so tests never collide. */

export async function createUser(
	data: {
		role?: 'learner' | 'trainer' | 'admin'
		name?: string
		email?: string | null
		phone?: string | null
		language?: string
		gender?: string
		birthYear?: number
		commune?: string
	} = {},
) {
	const id = crypto.randomBytes(6).toString('hex')
	return prisma.user.create({
		data: {
			name: data.name ?? `Test ${id}`,
			email: data.email === undefined ? `${id}@test.essor` : data.email,
			phone: data.phone ?? null,
			role: data.role ?? 'learner',
			language: data.language ?? 'fr',
			gender: data.gender ?? null,
			birthYear: data.birthYear ?? null,
			commune: data.commune ?? null,
		},
	})
}

/** A request carrying a real session cookie for `userId`, from our own origin. */
export async function requestAs(
	userId: string | null,
	url: string,
	init: RequestInit = {},
) {
	const headers = new Headers(init.headers)
	if (userId) headers.set('Cookie', (await signedInCookie(userId)).cookie)
	return new Request(new URL(url, TEST_ORIGIN), {
		...init,
		headers,
	})
}

export function form(values: Record<string, string | string[]>) {
	const body = new FormData()
	for (const [k, v] of Object.entries(values))
		for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
	return body
}
