import crypto from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'
import { hashPassword } from '#app/auth/password.server.ts'
import type { Role } from '#app/auth/permissions.ts'
import { createSession, SESSION_COOKIE } from '#app/auth/session.server.ts'
import { prisma } from '#app/db.server.ts'
import { TEST_ORIGIN } from './test-env.ts'

/** Factories and request helpers for integration tests that call loaders and actions directly. */

export const TEST_PASSWORD = 'Correct-Horse-Battery-9'
let hashed: Promise<string> | undefined

export function uniqueEmail(prefix = 'user') {
	return `${prefix}-${crypto.randomBytes(4).toString('hex')}@example.test`
}

export async function createTestUser({
	role = 'learner',
	email = uniqueEmail(role),
	phone = null,
	name = 'Test Person',
	language = 'fr',
	password = TEST_PASSWORD,
}: {
	role?: Role
	email?: string | null
	phone?: string | null
	name?: string
	language?: string
	password?: string | null
} = {}) {
	hashed ??= hashPassword(TEST_PASSWORD)
	const passwordHash =
		password === null
			? null
			: password === TEST_PASSWORD
				? await hashed
				: await hashPassword(password)
	return prisma.user.create({
		// An account with a password is one its owner set up (sign-up, a link).
		data: {
			email,
			phone,
			name,
			role,
			language,
			passwordHash,
			claimedAt: passwordHash ? new Date() : null,
		},
	})
}

/** A signed-in session for the user: its raw token and the Cookie header that carries it. */
export async function signedInCookie(userId: string, userAgent = 'Vitest') {
	const { token } = await createSession(userId, { userAgent })
	return { token, cookie: `${SESSION_COOKIE}=${token}` }
}

export function context(clientAddress = '203.0.113.10'): AppLoadContext {
	return { cspNonce: 'test', clientAddress }
}

export function getRequest(path: string, { cookie }: { cookie?: string } = {}) {
	return new Request(`${TEST_ORIGIN}${path}`, {
		headers: cookie ? { Cookie: cookie } : {},
	})
}

export function postRequest(
	path: string,
	fields: Record<string, string>,
	{
		cookie,
		headers = {},
	}: { cookie?: string; headers?: Record<string, string> } = {},
) {
	return new Request(`${TEST_ORIGIN}${path}`, {
		method: 'POST',
		body: new URLSearchParams(fields),
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			...(cookie ? { Cookie: cookie } : {}),
			...headers,
		},
	})
}

/** The Response a loader or action returned or threw (redirects and 403s are thrown). */
export async function settle(promise: Promise<unknown>): Promise<Response> {
	try {
		const value = await promise
		if (value instanceof Response) return value
		// A loader's data() with headers or a status: the same as a JSON response here.
		if (isDataWithInit(value))
			return Response.json(value.data, value.init ?? undefined)
		throw new Error(`Expected a Response, got ${JSON.stringify(value)}`)
	} catch (error) {
		if (error instanceof Response) return error
		throw error
	}
}

function isDataWithInit(
	value: unknown,
): value is { data: unknown; init: ResponseInit | null } {
	return (
		typeof value === 'object' &&
		value !== null &&
		(value as { type?: unknown }).type === 'DataWithResponseInit'
	)
}

/** The session token in a Set-Cookie header, or '' when the cookie is cleared. */
export function sessionTokenFrom(response: Response): string | null {
	const header = response.headers
		.getSetCookie()
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`))
	return header ? header.slice(SESSION_COOKIE.length + 1).split(';')[0]! : null
}

type Reply = {
	result: { status?: string; error?: Record<string, string[] | null> | null }
}

/** The Conform reply of a failed submission: its form-level and field errors. */
export async function replyErrors(response: Response) {
	const body = (await response.json()) as Reply
	return body.result.error ?? {}
}
