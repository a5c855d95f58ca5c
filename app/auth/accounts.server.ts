import { prisma } from '#app/db.server.ts'
import { appUrl, demoMode } from '#app/env.server.ts'
import { isLanguage, type Language } from '#app/i18n/config.ts'
import { getFixedTFor } from '#app/i18n/i18n.server.ts'
import { enqueueMails } from './mail-queue.server.ts'
import { recordAudit } from '#app/audit/audit.server.ts'
import {
	looksLikeEmail,
	normalizeEmail,
	normalizeIdentifier,
	normalizePhone,
	phoneCandidates,
	type Identifier,
} from './identifier.ts'
import {
	hashPassword,
	isCommonPassword,
	verifyPassword,
	verifyPasswordOrDummy,
} from './password.server.ts'
import { profileData, type ProfileInput, demographicSelect } from './profile.ts'
import {
	checkSignInThrottle,
	clearAccountFailures,
	recordSignInFailure,
	signInKeys,
	signUpRefused,
	sleep,
} from './rate-limit.server.ts'
import { invalidateUserSessions } from './session.server.ts'
import { isUniqueViolation } from '#app/db/errors.server.ts'

/** Sign-up, sign-in and the account's own changes. Failures name the form field and an error code (auth.errors.*). */

export type FieldProblem = { ok: false; field: string; code: string }
const problem = (field: string, code: string): FieldProblem => ({
	ok: false,
	field,
	code,
})

/**
 * The account a sign-in identifier names. A local phone number valid in both
 * Cameroon and Morocco matches whichever of the two has an account
 * (Cameroon first).
 */
export async function findUserByIdentifier(input: string) {
	if (looksLikeEmail(input)) {
		const email = normalizeEmail(input)
		return email ? prisma.user.findUnique({ where: { email } }) : null
	}
	const candidates = phoneCandidates(input)
	if (candidates.length === 0) return null
	const users = await prisma.user.findMany({
		where: { phone: { in: candidates } },
	})
	return (
		candidates
			.map((phone) => users.find((u) => u.phone === phone))
			.find((u) => u !== undefined) ?? null
	)
}

function identifierKey(input: string): string {
	const identifier = normalizeIdentifier(input)
	if (!identifier) return input.trim().toLowerCase()
	return 'email' in identifier ? identifier.email : identifier.phone
}

export type SignInResult =
	| { status: 'ok'; user: { id: string; name: string; role: string } }
	| { status: 'invalid' }
	| { status: 'throttled' }

/** Unknown identifier and wrong password give the same answer, in about the same time. */
export async function signIn({
	identifier,
	password,
	address,
}: {
	identifier: string
	password: string
	address?: string | null
}): Promise<SignInResult> {
	const user = await findUserByIdentifier(identifier)
	const keys = signInKeys(user?.id ?? identifierKey(identifier), address)
	const throttle = await checkSignInThrottle(keys)
	if (throttle.refused) return { status: 'throttled' }
	if (throttle.delayMs > 0) await sleep(throttle.delayMs)
	const valid = await verifyPasswordOrDummy(user?.passwordHash, password)
	// Demo accounts (README's password) do not exist outside demo mode.
	if (!user || !valid || (user.demo && !demoMode())) {
		await recordSignInFailure(keys)
		return { status: 'invalid' }
	}
	await clearAccountFailures(keys)
	if (!user.claimedAt)
		await prisma.user.updateMany({
			where: { id: user.id, claimedAt: null },
			data: { claimedAt: new Date() },
		})
	return {
		status: 'ok',
		user: { id: user.id, name: user.name, role: user.role },
	}
}

export function checkNewPassword(
	field: string,
	password: string,
): FieldProblem | null {
	return isCommonPassword(password) ? problem(field, 'passwordCommon') : null
}

async function identifierTaken(
	identifier: Identifier,
	exceptUserId?: string,
): Promise<boolean> {
	const found = await prisma.user.findFirst({
		where: {
			...identifier,
			...(exceptUserId ? { id: { not: exceptUserId } } : {}),
		},
		select: { id: true },
	})
	return found !== null
}

export type SignUpInput = ProfileInput & {
	identifier: string
	password: string
}

export type SignUpResult =
	| { ok: true }
	| FieldProblem
	| { ok: false; field: null; code: 'signUpThrottled' }

/**
 * Creates a learner account when the identifier is free. The answer is the
 * same whether it was free or not (the person is sent to sign in), so that
 * sign-up tells no more than sign-in about which accounts exist; the owner of
 * a taken e-mail address is told by e-mail that someone tried. A password is
 * hashed in both cases, so both take the same time.
 */
export async function signUp(
	input: SignUpInput,
	{ address, language }: { address?: string | null; language: Language },
): Promise<SignUpResult> {
	const identifier = normalizeIdentifier(input.identifier, input.country)
	if (!identifier) return problem('identifier', 'identifierInvalid')
	const weak = checkNewPassword('password', input.password)
	if (weak) return weak
	if (await signUpRefused(address))
		return { ok: false, field: null, code: 'signUpThrottled' }
	const passwordHash = await hashPassword(input.password)
	try {
		await prisma.user.create({
			data: {
				...identifier,
				...profileData(input),
				role: 'learner',
				passwordHash,
				claimedAt: new Date(),
			},
			select: { id: true },
		})
	} catch (error) {
		if (!isUniqueViolation(error)) throw error
		if ('email' in identifier)
			await notifySignUpAttempt(identifier.email, language)
	}
	return { ok: true }
}

async function notifySignUpAttempt(email: string, language: Language) {
	const owner = await prisma.user.findUnique({
		where: { email },
		select: { name: true, language: true },
	})
	if (!owner) return
	const lang = isLanguage(owner.language) ? owner.language : language
	const t = await getFixedTFor(lang)
	await enqueueMails([
		{
			to: email,
			subject: t('auth.mail.signUpAttempt.subject'),
			text: t('auth.mail.signUpAttempt.text', {
				name: owner.name,
				url: `${appUrl()}/forgot-password`,
			}),
		},
	])
}

export async function getAccount(userId: string) {
	return prisma.user.findUnique({
		where: { id: userId },
		select: {
			id: true,
			name: true,
			email: true,
			phone: true,
			role: true,
			...demographicSelect,
			language: true,
			consentAt: true,
			createdAt: true,
			passwordHash: true,
		},
	})
}

export async function updateProfile(userId: string, input: ProfileInput) {
	const current = await prisma.user.findUniqueOrThrow({
		where: { id: userId },
		select: { consentAt: true },
	})
	await prisma.user.update({
		where: { id: userId },
		data: profileData(input, current.consentAt),
	})
}

async function checkCurrentPassword(
	userId: string,
	password: string,
	field: string,
): Promise<FieldProblem | null> {
	const user = await prisma.user.findUniqueOrThrow({
		where: { id: userId },
		select: { passwordHash: true },
	})
	const valid = user.passwordHash
		? await verifyPassword(user.passwordHash, password)
		: false
	return valid ? null : problem(field, 'wrongPassword')
}

/** Changes the password and ends every other session of the user (this device stays signed in). */
export async function changePassword({
	userId,
	currentPassword,
	newPassword,
	currentSessionId,
}: {
	userId: string
	currentPassword: string
	newPassword: string
	currentSessionId: string
}): Promise<{ ok: true; endedSessions: number } | FieldProblem> {
	const wrong = await checkCurrentPassword(
		userId,
		currentPassword,
		'currentPassword',
	)
	if (wrong) return wrong
	const weak = checkNewPassword('newPassword', newPassword)
	if (weak) return weak
	await prisma.user.update({
		where: { id: userId },
		data: { passwordHash: await hashPassword(newPassword) },
	})
	const endedSessions = await invalidateUserSessions(userId, {
		except: currentSessionId,
	})
	return { ok: true, endedSessions }
}

/** Email and phone used to sign in; at least one must remain. */
export async function updateContact({
	userId,
	email,
	phone,
	password,
	country,
}: {
	userId: string
	email?: string
	phone?: string
	password: string
	country?: string | null
}): Promise<{ ok: true } | FieldProblem> {
	const normalizedEmail = email ? normalizeEmail(email) : null
	if (email && !normalizedEmail) return problem('email', 'email')
	const newPhone = phone ? normalizePhone(phone, country) : null
	if (phone && !newPhone) return problem('phone', 'phoneInvalid')
	if (!normalizedEmail && !newPhone) return problem('email', 'contactNeeded')
	const wrong = await checkCurrentPassword(userId, password, 'password')
	if (wrong) return wrong
	if (
		normalizedEmail &&
		(await identifierTaken({ email: normalizedEmail }, userId))
	)
		return problem('email', 'identifierTaken')
	if (newPhone && (await identifierTaken({ phone: newPhone }, userId)))
		return problem('phone', 'identifierTaken')
	try {
		await prisma.user.update({
			where: { id: userId },
			data: { email: normalizedEmail, phone: newPhone },
		})
	} catch (error) {
		if (isUniqueViolation(error)) return problem('email', 'identifierTaken')
		throw error
	}
	return { ok: true }
}

/** Deletes the account and, by cascade, everything attached to it. */
export async function deleteAccount(
	userId: string,
	password: string,
): Promise<{ ok: true } | FieldProblem> {
	const wrong = await checkCurrentPassword(userId, password, 'password')
	if (wrong) return wrong
	await prisma.user.delete({ where: { id: userId } })
	await recordAudit({
		actorId: userId,
		action: 'user.delete',
		targetType: 'user',
		targetId: userId,
		data: { by: 'self' },
	})
	return { ok: true }
}
