import { sha256 } from '@oslojs/crypto/sha2'
import {
	encodeBase32LowerCaseNoPadding,
	encodeHexLowerCase,
} from '@oslojs/encoding'
import { redirect } from '@remix-run/node'
import { Prisma } from '#app/.server/prisma/client.ts'
import { prisma, readRows } from '#app/db.server.ts'
import { demoMode } from '#app/env.server.ts'
import { isLanguage, type Language } from '#app/i18n/config.ts'
import {
	clearCookie,
	readCookie,
	writeCookie,
} from '#app/utils/cookies.server.ts'
import {
	roleHasPermission,
	toRole,
	type Permission,
	type Role,
} from './permissions.ts'

/**
 * Sessions as in the Lucia guide: the cookie holds a random token, the
 * database only its SHA-256 (Session.id), so a leaked database cannot be
 * replayed as cookies. Expiry slides: a session used in its last 15 days is
 * extended to 30 days again and its cookie sent anew.
 */

export const SESSION_COOKIE = 'essor_session'
const DAY_MS = 24 * 60 * 60 * 1000
export const SESSION_DURATION_MS = 30 * DAY_MS
export const SESSION_RENEW_WITHIN_MS = 15 * DAY_MS
// lastSeenAt is for the "your sessions" list: minutes are precise enough, and
// it spares a write on every request.
const LAST_SEEN_PRECISION_MS = 5 * 60 * 1000
const USER_AGENT_MAX_LENGTH = 300
const TOKEN_PATTERN = /^[a-z2-7]{32}$/

export type SessionUser = {
	id: string
	name: string
	role: Role
	email: string | null
	phone: string | null
	language: Language | null
	country: string | null
	/** A demo account (see demoMode): marked as such in the interface. */
	demo: boolean
	/** Invitations to join a cohort waiting for the person's answer. */
	pendingInvitations: number
}

export type SessionRecord = {
	id: string
	userId: string
	expiresAt: Date
	lastSeenAt: Date
}
export type SessionContext = {
	token: string
	session: SessionRecord
	user: SessionUser
}

/** 20 random bytes, base32 (lower case, no padding): 160 bits, 32 characters. */
export function generateToken(): string {
	const bytes = new Uint8Array(20)
	crypto.getRandomValues(bytes)
	return encodeBase32LowerCaseNoPadding(bytes)
}

/** The SHA-256 (hex) of a token: what the database keeps instead of the token. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

export function isWellFormedToken(
	token: string | null | undefined,
): token is string {
	return typeof token === 'string' && TOKEN_PATTERN.test(token)
}

export async function createSession(
	userId: string,
	{ userAgent }: { userAgent?: string | null } = {},
) {
	const token = generateToken()
	const expiresAt = new Date(Date.now() + SESSION_DURATION_MS)
	await prisma.session.create({
		data: {
			id: hashToken(token),
			userId,
			expiresAt,
			userAgent: userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
		},
	})
	return { token, expiresAt }
}

type SessionRow = {
	id: string
	userId: string
	expiresAt: Date | string
	lastSeenAt: Date | string
	name: string
	role: string
	email: string | null
	phone: string | null
	language: string
	country: string | null
	demo: boolean | number | bigint
	pendingInvitations: number | bigint
}

const asDate = (value: Date | string) =>
	value instanceof Date ? value : new Date(value)

/**
 * The session, its user and the user's pending invitations in one indexed
 * statement (the primary key of Session, then of User): this runs on every
 * signed-in request. Portable SQL (PostgreSQL runs it as is).
 */
async function findSession(id: string): Promise<SessionRow | null> {
	const rows = await readRows<SessionRow>(Prisma.sql`
		SELECT s."id", s."userId", s."expiresAt", s."lastSeenAt",
			u."name", u."role", u."email", u."phone", u."language", u."country", u."demo",
			(SELECT COUNT(*) FROM "CohortInvitation" i
				WHERE i."userId" = u."id" AND i."respondedAt" IS NULL) AS "pendingInvitations"
		FROM "Session" s JOIN "User" u ON u."id" = s."userId"
		WHERE s."id" = ${id}`)
	return rows[0] ?? null
}

export async function validateSessionToken(
	token: string,
): Promise<Omit<SessionContext, 'token'> | null> {
	if (!isWellFormedToken(token)) return null
	const found = await findSession(hashToken(token))
	if (!found) return null
	const now = Date.now()
	const session: SessionRecord = {
		id: found.id,
		userId: found.userId,
		expiresAt: asDate(found.expiresAt),
		lastSeenAt: asDate(found.lastSeenAt),
	}
	if (session.expiresAt.getTime() <= now) {
		await prisma.session.deleteMany({ where: { id: found.id } })
		return null
	}
	const demo = Boolean(Number(found.demo))
	// Demo accounts do not exist outside demo mode, even with an old cookie.
	if (demo && !demoMode()) return null
	if (now - session.lastSeenAt.getTime() > LAST_SEEN_PRECISION_MS) {
		session.lastSeenAt = new Date(now)
		await prisma.session.updateMany({
			where: { id: session.id },
			data: { lastSeenAt: session.lastSeenAt },
		})
	}
	return {
		session,
		user: {
			id: found.userId,
			name: found.name,
			email: found.email,
			phone: found.phone,
			country: found.country,
			demo,
			role: toRole(found.role),
			language: isLanguage(found.language) ? found.language : null,
			pendingInvitations: Number(found.pendingInvitations),
		},
	}
}

/** Extends a session that has less than 15 days left; returns the new expiry, or null when nothing changed. */
export async function renewSessionIfDue(
	session: SessionRecord,
): Promise<Date | null> {
	if (session.expiresAt.getTime() - Date.now() >= SESSION_RENEW_WITHIN_MS)
		return null
	const expiresAt = new Date(Date.now() + SESSION_DURATION_MS)
	const { count } = await prisma.session.updateMany({
		where: { id: session.id },
		data: { expiresAt },
	})
	if (count === 0) return null
	session.expiresAt = expiresAt
	return expiresAt
}

export async function invalidateSession(sessionId: string) {
	await prisma.session.deleteMany({ where: { id: sessionId } })
}

export async function invalidateUserSessions(
	userId: string,
	{ except }: { except?: string } = {},
) {
	const { count } = await prisma.session.deleteMany({
		where: { userId, ...(except ? { id: { not: except } } : {}) },
	})
	return count
}

export async function listUserSessions(userId: string) {
	return prisma.session.findMany({
		where: { userId, expiresAt: { gt: new Date() } },
		select: {
			id: true,
			createdAt: true,
			lastSeenAt: true,
			expiresAt: true,
			userAgent: true,
		},
		orderBy: { lastSeenAt: 'desc' },
	})
}

/** Ends one of the user's own sessions; false when it is not theirs. */
export async function endUserSession(
	userId: string,
	sessionId: string,
): Promise<boolean> {
	const { count } = await prisma.session.deleteMany({
		where: { id: sessionId, userId },
	})
	return count > 0
}

export function sessionCookie(token: string, expiresAt: Date): string {
	const maxAge = Math.max(
		0,
		Math.floor((expiresAt.getTime() - Date.now()) / 1000),
	)
	return writeCookie(SESSION_COOKIE, token, { maxAgeSeconds: maxAge })
}

export function blankSessionCookie(): string {
	return clearCookie(SESSION_COOKIE)
}

export function readSessionToken(request: Request): string | null {
	return readCookie(request.headers.get('Cookie'), SESSION_COOKIE)
}

// After sign-up, the sign-in form is filled with the identifier just typed
// (a short-lived cookie, so the address never appears in a URL or a log).
const SIGN_UP_COOKIE = 'essor_signup'

export function signUpIdentifierCookie(identifier: string): string {
	return writeCookie(SIGN_UP_COOKIE, identifier.slice(0, 254), {
		maxAgeSeconds: 600,
	})
}

export function readSignUpIdentifier(request: Request): string | null {
	return readCookie(request.headers.get('Cookie'), SIGN_UP_COOKIE)
}

export function clearSignUpIdentifier(): string {
	return clearCookie(SIGN_UP_COOKIE)
}

// The loaders of one page (root, layout, route) ask at the same moment, each
// with a Request of its own (Remix copies it per loader): they share one
// validation, its lastSeenAt write included, while it is in flight. Nothing is
// kept after it settles, so a signed-out or deleted session is never served
// from here.
const inFlight = new Map<string, Promise<SessionContext | null>>()

export function getSessionContext(
	request: Request,
): Promise<SessionContext | null> {
	const token = readSessionToken(request)
	if (!token) return Promise.resolve(null)
	let pending = inFlight.get(token)
	if (!pending) {
		pending = validateSessionToken(token).then((found) =>
			found ? { token, ...found } : null,
		)
		inFlight.set(token, pending)
		const forget = () => inFlight.delete(token)
		pending.then(forget, forget)
	}
	return pending
}

export async function getUserId(request: Request): Promise<string | null> {
	return (await getSessionContext(request))?.user.id ?? null
}

export async function getUser(request: Request): Promise<SessionUser | null> {
	return (await getSessionContext(request))?.user ?? null
}

/** The user's preferred language, for pages when no `lng` cookie says otherwise. */
export async function getUserLanguage(
	request: Request,
): Promise<Language | null> {
	return (await getSessionContext(request))?.user.language ?? null
}

function currentPath(request: Request) {
	const url = new URL(request.url)
	return `${url.pathname}${url.search}`
}

export function loginPath(redirectTo?: string | null) {
	return redirectTo && redirectTo !== '/'
		? `/login?${new URLSearchParams({ redirectTo })}`
		: '/login'
}

type RequireOptions = { redirectTo?: string | null }

/** The signed-in user's id; otherwise redirects to /login?redirectTo=<this page> (or the given path; null for none). */
export async function requireUserId(
	request: Request,
	{ redirectTo }: RequireOptions = {},
): Promise<string> {
	return (await requireUser(request, { redirectTo })).id
}

export async function requireUser(
	request: Request,
	{ redirectTo }: RequireOptions = {},
): Promise<SessionUser> {
	const user = await getUser(request)
	if (!user)
		throw redirect(
			loginPath(redirectTo === undefined ? currentPath(request) : redirectTo),
		)
	return user
}

/** The signed-in user with their current session (e.g. to tell "this device" apart); sign-in page when anonymous. */
export async function requireSession(
	request: Request,
	{ redirectTo }: RequireOptions = {},
): Promise<SessionContext> {
	const context = await getSessionContext(request)
	if (!context)
		throw redirect(
			loginPath(redirectTo === undefined ? currentPath(request) : redirectTo),
		)
	return context
}

/** For the sign-in and sign-up pages: a signed-in visitor goes to their account. */
export async function requireAnonymous(request: Request): Promise<void> {
	if (await getUserId(request)) throw redirect('/account')
}

function forbidden(): never {
	throw new Response('Forbidden', {
		status: 403,
		headers: { 'Content-Type': 'text/plain; charset=utf-8' },
	})
}

/** The signed-in user if their role is one of `roles`; sign-in page when anonymous, 403 otherwise. */
export async function requireUserWithRole(
	request: Request,
	roles: Role | readonly Role[],
): Promise<SessionUser> {
	const user = await requireUser(request)
	const allowed: readonly Role[] = typeof roles === 'string' ? [roles] : roles
	if (!allowed.includes(user.role)) forbidden()
	return user
}

/** The signed-in user if their role grants `permission` (see permissions.ts); sign-in page when anonymous, 403 otherwise. */
export async function requirePermission(
	request: Request,
	permission: Permission,
): Promise<SessionUser> {
	const user = await requireUser(request)
	if (!roleHasPermission(user.role, permission)) forbidden()
	return user
}

/**
 * For the root loader, which runs on every page: the signed-in user, and the
 * Set-Cookie header when the session was extended (or the cookie is stale).
 */
export async function getRootSession(request: Request): Promise<{
	user: Pick<
		SessionUser,
		'id' | 'name' | 'role' | 'demo' | 'pendingInvitations'
	> | null
	setCookie: string | null
}> {
	const context = await getSessionContext(request)
	if (!context)
		return {
			user: null,
			setCookie: readSessionToken(request) ? blankSessionCookie() : null,
		}
	const renewed = await renewSessionIfDue(context.session)
	const { id, name, role, demo, pendingInvitations } = context.user
	return {
		user: { id, name, role, demo, pendingInvitations },
		setCookie: renewed ? sessionCookie(context.token, renewed) : null,
	}
}

/** Signs out the current session; returns the header that clears the cookie. */
export async function signOut(request: Request): Promise<string> {
	const context = await getSessionContext(request)
	if (context) await invalidateSession(context.session.id)
	return blankSessionCookie()
}
