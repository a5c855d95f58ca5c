import { prisma } from '#app/db.server.ts'
import { appUrl } from '#app/env.server.ts'
import { fallbackLanguage, isLanguage } from '#app/i18n/config.ts'
import { getFixedTFor } from '#app/i18n/i18n.server.ts'
import {
	findUserByIdentifier,
	checkNewPassword,
	type FieldProblem,
} from './accounts.server.ts'
import { recordAudit } from '#app/audit/audit.server.ts'
import { sendMail } from './mail.server.ts'
import { hashPassword } from './password.server.ts'
import { roleHasPermission } from './permissions.ts'
import {
	generateToken,
	hashToken,
	invalidateUserSessions,
	isWellFormedToken,
} from './session.server.ts'
import { findUserInScope } from './users.server.ts'
import type { Actor } from '#app/auth/actor.ts'

/**
 * Password links: single-use and expiring; the database keeps only the
 * SHA-256 of the random token.
 * - `reset`: asked by the person for themselves, sent to their e-mail address.
 * - `assisted`: made by a trainer or an admin, handed over in person, and
 *   `invite`: sent by a trainer's import to a new account. Both work only for
 *   an account nobody has taken in hand yet (claimedAt is null: created by a
 *   trainer or an admin, never signed into): once the person uses their
 *   account, no one else can set its password. Each one is audited.
 */

export const EMAIL_LINK_TTL_MS = 60 * 60 * 1000
export const ASSISTED_LINK_TTL_MS = 72 * 60 * 60 * 1000
export const INVITE_LINK_TTL_MS = 14 * 24 * 60 * 60 * 1000
const MAX_EMAILS_PER_HOUR = 3

export type LinkPurpose = 'reset' | 'assisted' | 'invite'
const ON_BEHALF: readonly LinkPurpose[] = ['assisted', 'invite']

export function resetUrl(token: string): string {
	return `${appUrl()}/reset-password/${token}`
}

export async function createResetToken(
	userId: string,
	ttlMs: number,
	{
		purpose = 'reset',
		createdById = null,
	}: { purpose?: LinkPurpose; createdById?: string | null } = {},
) {
	const token = generateToken()
	const expiresAt = new Date(Date.now() + ttlMs)
	await prisma.passwordToken.create({
		data: {
			tokenHash: hashToken(token),
			purpose,
			createdById,
			userId,
			expiresAt,
		},
	})
	return { token, expiresAt }
}

async function sendResetMail(
	user: { email: string; name: string; language: string },
	token: string,
) {
	const lang = isLanguage(user.language) ? user.language : fallbackLanguage
	const t = await getFixedTFor(lang)
	await sendMail({
		to: user.email,
		subject: t('auth.mail.reset.subject'),
		text: t('auth.mail.reset.text', {
			name: user.name,
			url: resetUrl(token),
			minutes: EMAIL_LINK_TTL_MS / 60_000,
		}),
	})
}

/**
 * Sends a reset link when the identifier names an account with an email
 * address. The caller shows the same message whatever happened, so the page
 * never tells whether an account exists. Returns the mail's promise for tests
 * and the log; the page does not wait for it (no timing difference either).
 */
export async function requestPasswordReset(
	identifier: string,
): Promise<{ sending: Promise<void> | null }> {
	const user = await findUserByIdentifier(identifier)
	if (!user?.email) return { sending: null }
	const recent = await prisma.passwordToken.count({
		where: {
			userId: user.id,
			createdAt: { gt: new Date(Date.now() - 60 * 60 * 1000) },
		},
	})
	if (recent >= MAX_EMAILS_PER_HOUR) return { sending: null }
	const { token } = await createResetToken(user.id, EMAIL_LINK_TTL_MS)
	const sending = sendResetMail(
		{ email: user.email, name: user.name, language: user.language },
		token,
	).catch((error: unknown) => {
		console.error(
			`Could not send the password reset message to user ${user.id}:`,
			error,
		)
	})
	return { sending }
}

/** The token's record if the link can still be used (not used, not expired). */
export async function findUsableResetToken(token: string) {
	if (!isWellFormedToken(token)) return null
	const found = await prisma.passwordToken.findUnique({
		where: { tokenHash: hashToken(token) },
		select: {
			id: true,
			userId: true,
			expiresAt: true,
			usedAt: true,
			purpose: true,
			user: { select: { name: true, claimedAt: true } },
		},
	})
	if (!found || found.usedAt || found.expiresAt <= new Date()) return null
	if (!isLinkPurpose(found.purpose)) return null
	// A link made on someone's behalf dies once they use their account.
	if (ON_BEHALF.includes(found.purpose) && found.user.claimedAt) return null
	return found
}

export type ResetOutcome =
	| { ok: true; userId: string }
	| FieldProblem
	| { ok: false; field: null; code: 'linkInvalid' }

/** Sets the new password, spends the link (and every other pending one) and ends all the user's sessions. */
export async function resetPasswordWithToken(
	token: string,
	newPassword: string,
): Promise<ResetOutcome> {
	const weak = checkNewPassword('newPassword', newPassword)
	if (weak) return weak
	const found = await findUsableResetToken(token)
	if (!found) return { ok: false, field: null, code: 'linkInvalid' }
	const passwordHash = await hashPassword(newPassword)
	const now = new Date()
	// NOTE: the conditional update is what makes the link single-use when two
	// requests race: only one of them sees count === 1.
	const spent = await prisma.passwordToken.updateMany({
		where: { id: found.id, usedAt: null, expiresAt: { gt: now } },
		data: { usedAt: now },
	})
	if (spent.count !== 1) return { ok: false, field: null, code: 'linkInvalid' }
	await prisma.$transaction([
		prisma.user.update({
			where: { id: found.userId },
			data: { passwordHash, claimedAt: found.user.claimedAt ?? now },
		}),
		prisma.passwordToken.updateMany({
			where: { userId: found.userId, usedAt: null },
			data: { usedAt: now },
		}),
	])
	await invalidateUserSessions(found.userId)
	await recordAudit({
		actorId: found.userId,
		action: 'user.password.reset',
		targetType: 'user',
		targetId: found.userId,
		data: { via: found.purpose },
	})
	return { ok: true, userId: found.userId }
}

function isLinkPurpose(value: string): value is LinkPurpose {
	return (['reset', 'assisted', 'invite'] as const).includes(
		value as LinkPurpose,
	)
}

export type AssistedLink = {
	url: string
	expiresAt: Date
	user: { id: string; name: string }
}

export type AssistedLinkOutcome =
	| { ok: true; link: AssistedLink }
	| { ok: false; reason: 'notFound' | 'claimed' }

/**
 * A reset link made by an admin (for anyone) or a trainer (for the learners
 * of their cohorts), for an account its owner has never used: imported
 * people and phone-only learners who have not set a password yet. An account
 * its owner has signed into is theirs alone: they reset it with their e-mail
 * address, never through someone else.
 */
export async function createAssistedResetLink(
	actor: Actor,
	userId: string,
): Promise<AssistedLinkOutcome> {
	if (!roleHasPermission(actor.role, 'reset:password:own'))
		return { ok: false, reason: 'notFound' }
	const target = await findUserInScope(actor, userId)
	if (!target) return { ok: false, reason: 'notFound' }
	if (target.claimedAt) return { ok: false, reason: 'claimed' }
	const { token, expiresAt } = await createResetToken(
		target.id,
		ASSISTED_LINK_TTL_MS,
		{ purpose: 'assisted', createdById: actor.id },
	)
	await recordAudit({
		actorId: actor.id,
		action: 'user.password.reset_link',
		targetType: 'user',
		targetId: target.id,
		data: { purpose: 'assisted', expiresAt: expiresAt.toISOString() },
	})
	return {
		ok: true,
		link: {
			url: resetUrl(token),
			expiresAt,
			user: { id: target.id, name: target.name },
		},
	}
}
