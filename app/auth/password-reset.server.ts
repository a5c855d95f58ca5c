import { prisma } from '#app/db.server.ts'
import { appUrl } from '#app/env.server.ts'
import { fallbackLanguage, isLanguage } from '#app/i18n/config.ts'
import { getFixedTFor } from '#app/i18n/i18n.server.ts'
import {
	findUserByIdentifier,
	checkNewPassword,
	type FieldProblem,
} from './accounts.server.ts'
import { recordAudit } from './audit.server.ts'
import { sendMail } from './mail.server.ts'
import { hashPassword } from './password.server.ts'
import { roleHasPermission } from './permissions.ts'
import {
	generateToken,
	hashToken,
	invalidateUserSessions,
	isWellFormedToken,
} from './session.server.ts'
import { findUserInScope, type Actor } from './users.server.ts'

/**
 * Password reset by a single-use, expiring link. The link's token is random;
 * the database keeps only its SHA-256. By email for accounts that have one;
 * phone-only accounts get a link from their trainer or an admin, who hands it
 * over in person or by message.
 */

export const EMAIL_LINK_TTL_MS = 60 * 60 * 1000
export const ASSISTED_LINK_TTL_MS = 72 * 60 * 60 * 1000
const MAX_EMAILS_PER_HOUR = 3

export function resetUrl(token: string): string {
	return `${appUrl()}/reset-password/${token}`
}

export async function createResetToken(userId: string, ttlMs: number) {
	const token = generateToken()
	const expiresAt = new Date(Date.now() + ttlMs)
	await prisma.passwordToken.create({
		data: { tokenHash: hashToken(token), purpose: 'reset', userId, expiresAt },
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
			user: { select: { name: true } },
		},
	})
	if (
		!found ||
		found.purpose !== 'reset' ||
		found.usedAt ||
		found.expiresAt <= new Date()
	)
		return null
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
		prisma.user.update({ where: { id: found.userId }, data: { passwordHash } }),
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
	})
	return { ok: true, userId: found.userId }
}

export type AssistedLink = {
	url: string
	expiresAt: Date
	user: { id: string; name: string }
}

/**
 * A reset link made by an admin (for anyone) or a trainer (for the learners
 * of their cohorts), for accounts that cannot receive email. Null when the
 * actor may not reset this user's password.
 */
export async function createAssistedResetLink(
	actor: Actor,
	userId: string,
): Promise<AssistedLink | null> {
	if (!roleHasPermission(actor.role, 'reset:password:own')) return null
	const target = await findUserInScope(actor, userId)
	if (!target) return null
	const { token, expiresAt } = await createResetToken(
		target.id,
		ASSISTED_LINK_TTL_MS,
	)
	await recordAudit({
		actorId: actor.id,
		action: 'user.password.reset_link',
		targetType: 'user',
		targetId: target.id,
	})
	return {
		url: resetUrl(token),
		expiresAt,
		user: { id: target.id, name: target.name },
	}
}
