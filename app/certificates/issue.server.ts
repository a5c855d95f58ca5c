import crypto from 'node:crypto'

import { findCourse } from '#app/courses/catalog.server.ts'
import { prisma, type Prisma } from '#app/db.server.ts'
import { appUrl, getEnv } from '#app/env.server.ts'
import { isLanguage, type Language } from '#app/i18n/config.ts'
import { sortByName } from '#app/i18n/format.ts'
import {
	buildCredential,
	signCompact,
	signCredential,
	type CertificateFacts,
	type IssuerInfo,
} from './credential.server.ts'
import type { RevocationCategory } from './revocation.ts'
import { allocateStatusEntry, refreshStatusList } from './status-list.server.ts'
import { isUniqueViolation } from '#app/db/errors.server.ts'
import type { Actor } from '#app/auth/actor.ts'
import { audit } from '#app/audit/audit.server.ts'

/** Issuing, revoking and re-issuing certificates. Each issue is keyed, so it happens once. */

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export function generateCertificateCode() {
	const pick = () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]
	const group = () => Array.from({ length: 4 }, pick).join('')
	return `ESR-${group()}-${group()}`
}

export function issuerInfo(): IssuerInfo {
	return { url: appUrl(), name: getEnv().ISSUER_NAME }
}

type IssueInput = {
	issueKey: string
	userId: string
	kind: 'course' | 'in_person'
	courseSlug: string | null
	cohortId: string | null
	/** Title and description in the learner's language (known only once the learner is loaded). */
	describe: (language: Language) => { title: string; description: string }
	hours: number
	issuedAt: Date
	replacesId?: string
}

/** The certificate row, signed, ready to insert (without its issue key). */
async function prepareCertificate(input: Omit<IssueInput, 'issueKey'>) {
	const user = await prisma.user.findUniqueOrThrow({
		where: { id: input.userId },
		select: { name: true, language: true, subjectId: true },
	})
	const language: Language = isLanguage(user.language) ? user.language : 'fr'
	const cohort = input.cohortId
		? await prisma.cohort.findUnique({
				where: { id: input.cohortId },
				select: {
					name: true,
					trainers: {
						select: { user: { select: { name: true } } },
						orderBy: { addedAt: 'asc' },
						take: 1,
					},
				},
			})
		: null
	const issuer = issuerInfo()
	const facts: CertificateFacts = {
		code: generateCertificateCode(),
		holderName: user.name,
		...input.describe(language),
		courseUrl: input.courseSlug
			? `${issuer.url}/courses/${input.courseSlug}`
			: null,
		cohortName: cohort?.name ?? null,
		trainerName: cohort?.trainers[0]?.user.name ?? null,
		hours: input.hours,
		issuedAt: input.issuedAt,
		language,
		subjectId: user.subjectId ?? (await ensureSubjectId(input.userId)),
		status: await allocateStatusEntry(),
	}
	const [{ jwt, kid }, compact] = await Promise.all([
		signCredential(buildCredential(facts, issuer), issuer.url),
		signCompact(facts, issuer),
	])
	return {
		code: facts.code,
		userId: input.userId,
		kind: input.kind,
		courseSlug: input.courseSlug,
		cohortId: input.cohortId,
		language,
		title: facts.title,
		holderName: facts.holderName,
		cohortName: facts.cohortName,
		trainerName: facts.trainerName,
		hours: facts.hours,
		issuedAt: facts.issuedAt,
		keyId: kid,
		credential: jwt,
		compact,
		statusList: facts.status?.list ?? null,
		statusIndex: facts.status?.index ?? null,
		replacesId: input.replacesId ?? null,
	} satisfies Omit<Prisma.CertificateUncheckedCreateInput, 'issueKey'>
}

/**
 * The learner's credential subject id, created on first need for accounts
 * made before subject ids existed (new accounts get one at creation).
 */
export async function ensureSubjectId(userId: string) {
	await prisma.user.updateMany({
		where: { id: userId, subjectId: null },
		data: { subjectId: crypto.randomUUID() },
	})
	const { subjectId } = await prisma.user.findUniqueOrThrow({
		where: { id: userId },
		select: { subjectId: true },
	})
	return subjectId!
}

/**
 * Stores a signed certificate under its issue key, once: if another request
 * stored one first, that one stands. A clash on anything else (the random
 * code or status list index, taken meanwhile) signs a fresh certificate.
 */
async function storeCertificate(
	issueKey: string,
	data: Awaited<ReturnType<typeof prepareCertificate>>,
	prepareAgain?: () => Promise<Awaited<ReturnType<typeof prepareCertificate>>>,
) {
	for (let attempt = 0; ; attempt++) {
		try {
			return await prisma.certificate.create({ data: { ...data, issueKey } })
		} catch (error) {
			if (!isUniqueViolation(error)) throw error
			const winner = await prisma.certificate.findUnique({
				where: { issueKey },
			})
			if (winner || !prepareAgain || attempt >= 3) return winner
			data = await prepareAgain()
		}
	}
}

async function createCertificate(input: IssueInput) {
	return storeCertificate(input.issueKey, await prepareCertificate(input), () =>
		prepareCertificate(input),
	)
}

/** The cohort through which the learner followed the course, if any (the most recent). */
async function cohortForCourse(userId: string, courseSlug: string) {
	const enrollment = await prisma.enrollment.findFirst({
		where: { userId, cohort: { courses: { some: { courseSlug } } } },
		orderBy: { createdAt: 'desc' },
		select: { cohortId: true },
	})
	return enrollment?.cohortId ?? null
}

export function completionIssueKey(completionId: string) {
	return `completion:${completionId}`
}

/**
 * The certificate of a course completion, signed but not yet stored: the
 * caller stores it in the transaction that records the completion (see
 * `recordCompletion` in app/courses/progress.server.ts), so that neither exists without the other.
 */
export async function prepareCompletionCertificate(completion: {
	userId: string
	courseSlug: string
	completedAt: Date
}) {
	const course = await findCourse(completion.courseSlug)
	if (!course) return null
	return prepareCertificate({
		userId: completion.userId,
		kind: 'course',
		courseSlug: course.slug,
		cohortId: await cohortForCourse(completion.userId, course.slug),
		describe: (lang) => ({
			title: course.i18n[lang].title,
			description: course.i18n[lang].description,
		}),
		hours: course.hours,
		issuedAt: completion.completedAt,
	})
}

/** Issues the certificate of an existing completion that has none (idempotent). */
export async function issueCertificateForCompletion(completion: {
	id: string
	userId: string
	courseSlug: string
	completedAt: Date
}) {
	const issueKey = completionIssueKey(completion.id)
	const existing = await prisma.certificate.findUnique({ where: { issueKey } })
	if (existing) return existing
	const data = await prepareCompletionCertificate(completion)
	return data
		? storeCertificate(
				issueKey,
				data,
				async () => (await prepareCompletionCertificate(completion))!,
			)
		: null
}

/** Issues the missing certificates of a cohort's completions; returns how many were created. */
export async function bulkIssueForCohort(actor: Actor, cohortId: string) {
	const completions = await prisma.courseCompletion.findMany({
		where: {
			user: { enrollments: { some: { cohortId } } },
			courseSlug: {
				in: (
					await prisma.cohortCourse.findMany({
						where: { cohortId },
						select: { courseSlug: true },
					})
				).map((c) => c.courseSlug),
			},
		},
	})
	const existing = new Set(
		(
			await prisma.certificate.findMany({
				where: {
					issueKey: { in: completions.map((c) => completionIssueKey(c.id)) },
				},
				select: { issueKey: true },
			})
		).map((c) => c.issueKey),
	)
	let created = 0
	for (const completion of completions) {
		if (existing.has(completionIssueKey(completion.id))) continue
		if (await issueCertificateForCompletion(completion)) created++
	}
	await audit(actor, 'certificate.bulk_issue', cohortId, { created })
	return created
}

export async function issueInPerson(
	actor: Actor,
	cohortId: string,
	input: {
		userIds: string[]
		title: string
		description: string
		hours: number
		date: Date
	},
) {
	const enrolled = new Set(
		(
			await prisma.enrollment.findMany({
				where: { cohortId, userId: { in: input.userIds } },
				select: { userId: true },
			})
		).map((e) => e.userId),
	)
	const titleKey = crypto
		.createHash('sha256')
		.update(`${input.title}\0${input.date.toISOString().slice(0, 10)}`)
		.digest('hex')
		.slice(0, 16)
	let created = 0
	for (const userId of enrolled) {
		const cert = await createCertificate({
			issueKey: `inperson:${cohortId}:${userId}:${titleKey}`,
			userId,
			kind: 'in_person',
			courseSlug: null,
			cohortId,
			describe: () => ({ title: input.title, description: input.description }),
			hours: input.hours,
			issuedAt: input.date,
		})
		if (cert) created++
	}
	await audit(actor, 'certificate.issue_in_person', cohortId, {
		created,
		title: input.title,
	})
	return created
}

export async function canManageCertificate(
	actor: Actor,
	cert: { cohortId: string | null },
) {
	if (actor.role === 'admin') return true
	if (!cert.cohortId || actor.role !== 'trainer') return false
	return Boolean(
		await prisma.cohortTrainer.findUnique({
			where: { cohortId_userId: { cohortId: cert.cohortId, userId: actor.id } },
		}),
	)
}

/**
 * Revokes a certificate: the public sees the category, the cohort's trainers
 * and admins also the reason. The status list is rebuilt at once (and again
 * on its next request if this one is cut short).
 */
export async function revokeCertificate(
	actor: Actor,
	code: string,
	revocation: { category: RevocationCategory; reason: string },
) {
	const cert = await prisma.certificate.findUnique({ where: { code } })
	if (!cert || !(await canManageCertificate(actor, cert))) return null
	if (cert.revokedAt) return cert
	const updated = await prisma.certificate.update({
		where: { id: cert.id },
		data: {
			revokedAt: new Date(),
			revokedCategory: revocation.category,
			revokedReason: revocation.reason || null,
			revokedById: actor.id,
		},
	})
	await audit(
		actor,
		'certificate.revoke',
		cert.id,
		{ code, category: revocation.category, reason: revocation.reason },
		'certificate',
	)
	await refreshStatusList(cert.statusList)
	return updated
}

export async function reissueCertificate(actor: Actor, code: string) {
	const cert = await prisma.certificate.findUnique({ where: { code } })
	if (!cert || !cert.revokedAt || !(await canManageCertificate(actor, cert)))
		return null
	const course = cert.courseSlug ? await findCourse(cert.courseSlug) : undefined
	const fresh = await createCertificate({
		issueKey: `reissue:${cert.id}`,
		userId: cert.userId,
		kind: cert.kind === 'in_person' ? 'in_person' : 'course',
		courseSlug: cert.courseSlug,
		cohortId: cert.cohortId,
		describe: (lang) =>
			course
				? {
						title: course.i18n[lang].title,
						description: course.i18n[lang].description,
					}
				: { title: cert.title, description: cert.title },
		hours: course ? course.hours : cert.hours,
		issuedAt: new Date(),
		replacesId: cert.id,
	})
	await audit(
		actor,
		'certificate.reissue',
		cert.id,
		{ code, newCode: fresh?.code },
		'certificate',
	)
	return fresh
}

export function findCertificate(code: string) {
	return prisma.certificate.findUnique({
		where: { code: code.trim().toUpperCase() },
	})
}

export function listCertificatesForUser(userId: string) {
	return prisma.certificate.findMany({
		where: { userId },
		orderBy: { issuedAt: 'desc' },
	})
}

export async function setCertificateNameVisibility(
	userId: string,
	code: string,
	showName: boolean,
) {
	const { count } = await prisma.certificate.updateMany({
		where: { userId, code },
		data: { showName },
	})
	return count > 0
}

export async function listCohortCertificates(cohortId: string) {
	const [enrollments, certificates] = await Promise.all([
		prisma.enrollment.findMany({
			where: { cohortId },
			select: { userId: true, user: { select: { name: true } } },
		}),
		prisma.certificate.findMany({
			where: { cohortId },
			select: {
				code: true,
				userId: true,
				title: true,
				issuedAt: true,
				revokedAt: true,
				revokedCategory: true,
				revokedReason: true,
				kind: true,
			},
			orderBy: { issuedAt: 'asc' },
		}),
	])
	const byUser = new Map<string, typeof certificates>()
	for (const c of certificates)
		byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c])
	return sortByName(
		enrollments.map((e) => ({
			userId: e.userId,
			name: e.user.name,
			certificates: byUser.get(e.userId) ?? [],
		})),
		(e) => e.name,
		(e) => e.userId,
	)
}

/** Active certificates of a cohort, with what the PDFs need (for the ZIP download). */
export function activeCohortCertificates(cohortId: string) {
	return prisma.certificate.findMany({
		where: { cohortId, revokedAt: null },
		orderBy: { holderName: 'asc' },
	})
}
