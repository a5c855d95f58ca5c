import crypto from 'node:crypto'
import {
	inviteQuotaKey,
	kickMailWorker,
	type QueuedMail,
} from '#app/auth/mail-queue.server.ts'
import {
	INVITE_LINK_TTL_MS,
	resetUrl,
} from '#app/auth/password-reset.server.ts'
import { generateToken, hashToken } from '#app/auth/session.server.ts'
import { prisma } from '#app/db.server.ts'
import { insertRows } from '#app/db/bulk.server.ts'
import { appUrl, getEnv } from '#app/env.server.ts'
import { fallbackLanguage, isLanguage } from '#app/i18n/config.ts'
import { getFixedTFor } from '#app/i18n/i18n.server.ts'
import { canManageCohort, getCohortForActor } from './cohorts.server.ts'
import {
	parseRoster,
	rosterFileHash,
	type FileProblem,
	type RosterRow,
	type RowProblem,
} from './import/roster.server.ts'
import type { Actor } from '#app/auth/actor.ts'
import { audit } from '#app/audit/audit.server.ts'

/**
 * A trainer's list import in two steps: the preview is stored as an
 * ImportBatch (so confirming needs no second upload and works without
 * JavaScript); confirming enrolls every valid row in one transaction.
 */

type PreviewReport = {
	status: 'preview' | 'confirmed'
	rows: RosterRow[]
	problems: RowProblem[]
	columns: Record<string, string>
	totalRows: number
	encoding: string
	delimiter: string | null
	result?: ImportResult
}

export type ImportResult = {
	enrolled: number
	alreadyEnrolled: number
	accountsCreated: number
	/** E-mails queued: set-a-password links for new people, join invitations for existing accounts. */
	invitationsSent: number
	/** People who already had an account: invited to accept, not enrolled until they do. */
	invited: number
	/** The trainer's hourly limit on these e-mails (MAIL_INVITES_PER_HOUR). */
	mailPerHour: number
	/** Phone-only people: no email to send to, the trainer shares these links. */
	assistedLinks: { name: string; phone: string; url: string }[]
	problems: number
}

export async function previewImport(
	actor: Actor,
	cohortId: string,
	file: { name: string; bytes: Uint8Array },
) {
	const cohort = await getCohortForActor(actor, cohortId)
	if (!cohort) return null
	const defaultCountry = cohort.country === 'MA' ? 'MA' : 'CM'
	const parsed = await parseRoster(file.bytes, file.name, { defaultCountry })
	if (!parsed.ok)
		return { ok: false as const, problem: parsed.problem satisfies FileProblem }
	const report: PreviewReport = {
		status: 'preview',
		rows: parsed.rows,
		problems: parsed.problems,
		columns: parsed.columns as Record<string, string>,
		totalRows: parsed.totalRows,
		encoding: parsed.encoding,
		delimiter: parsed.delimiter,
	}
	const fileHash = rosterFileHash(file.bytes)
	const previous = await prisma.importBatch.findFirst({
		where: { cohortId, fileHash, report: { contains: '"status":"confirmed"' } },
	})
	const batch = await prisma.importBatch.create({
		data: {
			cohortId,
			fileHash,
			fileName: file.name.slice(0, 200),
			createdById: actor.id,
			report: JSON.stringify(report),
		},
	})
	return {
		ok: true as const,
		batchId: batch.id,
		report,
		alreadyImportedAt: previous?.createdAt ?? null,
	}
}

export async function getImportBatch(
	actor: Actor,
	cohortId: string,
	batchId: string,
) {
	if (!(await canManageCohort(actor, cohortId))) return null
	return readImportBatch(cohortId, batchId)
}

async function readImportBatch(cohortId: string, batchId: string) {
	const batch = await prisma.importBatch.findFirst({
		where: { id: batchId, cohortId },
	})
	if (!batch) return null
	return { ...batch, report: JSON.parse(batch.report) as PreviewReport }
}

const CHUNK = 500

function chunks<T>(items: T[], size = CHUNK): T[][] {
	const out: T[][] = []
	for (let i = 0; i < items.length; i += size)
		out.push(items.slice(i, i + size))
	return out
}

/**
 * Confirms a previewed import. New people get an account (created by the
 * trainer: unclaimed) and are enrolled; their set-a-password links are
 * audited and go out through the mail queue at the trainer's hourly limit.
 * People who already have an account are never enrolled by someone else:
 * they get an invitation to accept (by e-mail when they have an address, and
 * on their page when they sign in), and until they accept the trainer sees
 * only what their own file said. Large lists are written in batches, so the
 * write lock is held briefly.
 */
export async function confirmImport(
	actor: Actor,
	cohortId: string,
	batchId: string,
): Promise<ImportResult | null> {
	const cohort = await getCohortForActor(actor, cohortId)
	const batch = cohort ? await readImportBatch(cohortId, batchId) : null
	if (!cohort || !batch) return null
	if (batch.report.status === 'confirmed' && batch.report.result)
		return batch.report.result
	const rows = batch.report.rows
	// Imported people have not chosen yet: French, the reference language, until they do.
	const language = fallbackLanguage
	const now = new Date()

	const emails = rows.map((r) => r.email).filter((e): e is string => Boolean(e))
	const phones = rows.map((r) => r.phone).filter((p): p is string => Boolean(p))
	const existing = (
		await Promise.all(
			[
				...chunks(emails).map((c) => ({ email: { in: c } })),
				...chunks(phones).map((c) => ({ phone: { in: c } })),
			].map((where) =>
				prisma.user.findMany({
					where,
					select: {
						id: true,
						email: true,
						phone: true,
						name: true,
						language: true,
					},
				}),
			),
		)
	).flat()
	const byEmail = new Map(
		existing.filter((u) => u.email).map((u) => [u.email!, u]),
	)
	const byPhone = new Map(
		existing.filter((u) => u.phone).map((u) => [u.phone!, u]),
	)
	const enrolledIds = new Set(
		(
			await prisma.enrollment.findMany({
				where: { cohortId },
				select: { userId: true },
			})
		).map((e) => e.userId),
	)
	const invitedIds = new Set(
		(
			await prisma.cohortInvitation.findMany({
				where: { cohortId },
				select: { userId: true },
			})
		).map((i) => i.userId),
	)

	type NewPerson = (typeof rows)[number] & { id: string }
	const created: NewPerson[] = []
	const invitations: {
		user: (typeof existing)[number]
		row: (typeof rows)[number]
	}[] = []
	let alreadyEnrolled = 0
	const seen = new Set<string>()
	for (const row of rows) {
		const match =
			(row.email && byEmail.get(row.email)) ||
			(row.phone && byPhone.get(row.phone)) ||
			null
		if (match) {
			if (seen.has(match.id)) continue
			seen.add(match.id)
			if (enrolledIds.has(match.id)) alreadyEnrolled++
			else if (!invitedIds.has(match.id)) invitations.push({ user: match, row })
			continue
		}
		const key = row.email ?? row.phone ?? `row:${row.row}`
		if (seen.has(key)) continue
		seen.add(key)
		created.push({ ...row, id: newId() })
	}

	const links = created.map((person) => ({
		person,
		token: generateToken(),
	}))
	const expiresAt = new Date(now.getTime() + INVITE_LINK_TTL_MS)
	const t = await getFixedTFor(language)
	const quotaKey = inviteQuotaKey(actor.id)
	const days = INVITE_LINK_TTL_MS / 86_400_000
	const mails: QueuedMail[] = []
	const assistedLinks: ImportResult['assistedLinks'] = []
	for (const [i, { person, token }] of links.entries()) {
		if (i % 250 === 249) await yieldToOtherRequests()
		if (person.email) {
			mails.push({
				to: person.email,
				quotaKey,
				subject: t('import.invitation.subject', { cohort: cohort.name }),
				text: t('import.invitation.text', {
					name: person.name,
					cohort: cohort.name,
					url: resetUrl(token),
					days,
				}),
			})
		} else if (person.phone) {
			assistedLinks.push({
				name: person.name,
				phone: person.phone,
				url: resetUrl(token),
			})
		}
	}
	for (const { user } of invitations) {
		if (!user.email) continue
		const theirs = await getFixedTFor(
			isLanguage(user.language) ? user.language : language,
		)
		mails.push({
			to: user.email,
			quotaKey,
			subject: theirs('import.joinInvitation.subject', { cohort: cohort.name }),
			text: theirs('import.joinInvitation.text', {
				name: user.name,
				cohort: cohort.name,
				url: `${appUrl()}/invitations`,
			}),
		})
	}
	// One transaction: accounts, enrolments, links, invitations, their audit
	// and their e-mails exist together or not at all. Bulk inserts keep it
	// short (about half a second for 5,000 people), so other requests wait
	// little; the e-mails go out later, from the queue.
	await prisma.$transaction(async (tx) => {
		await insertRows(
			tx,
			'User',
			[
				'id',
				'name',
				'email',
				'phone',
				'gender',
				'birthYear',
				'country',
				'region',
				'commune',
				'situation',
				'migration',
				'language',
				'createdAt',
				'updatedAt',
			],
			created.map((row) => [
				row.id,
				row.name,
				row.email,
				row.phone,
				row.gender,
				row.birthYear,
				row.country ?? cohort.country,
				row.region,
				row.commune,
				row.situation,
				row.migration,
				language,
				now,
				now,
			]),
		)
		await insertRows(
			tx,
			'Enrollment',
			[
				'id',
				'cohortId',
				'userId',
				'source',
				'stage',
				'identifiedAt',
				'createdAt',
			],
			created.map((row) => [
				newId(),
				cohortId,
				row.id,
				'import',
				'identified',
				now,
				now,
			]),
		)
		await insertRows(
			tx,
			'PasswordToken',
			[
				'id',
				'tokenHash',
				'purpose',
				'createdById',
				'userId',
				'expiresAt',
				'createdAt',
			],
			links.map(({ person, token }) => [
				newId(),
				hashToken(token),
				'invite',
				actor.id,
				person.id,
				expiresAt,
				now,
			]),
		)
		await insertRows(
			tx,
			'CohortInvitation',
			[
				'id',
				'cohortId',
				'userId',
				'invitedById',
				'importBatchId',
				'rowName',
				'rowContact',
				'createdAt',
			],
			invitations.map(({ user, row }) => [
				newId(),
				cohortId,
				user.id,
				actor.id,
				batchId,
				row.name,
				row.email ?? row.phone ?? '',
				now,
			]),
		)
		await insertRows(
			tx,
			'AuditEvent',
			[
				'id',
				'actorId',
				'action',
				'targetType',
				'targetId',
				'data',
				'createdAt',
			],
			links.map(({ person }) => [
				newId(),
				actor.id,
				'user.password.invite_link',
				'user',
				person.id,
				JSON.stringify({
					cohortId,
					batchId,
					expiresAt: expiresAt.toISOString(),
				}),
				now,
			]),
		)
		await insertRows(
			tx,
			'OutboundMail',
			[
				'id',
				'to',
				'subject',
				'text',
				'quotaKey',
				'createdAt',
				'sendAfter',
				'attempts',
			],
			mails.map((m) => [
				newId(),
				m.to,
				m.subject,
				m.text,
				m.quotaKey ?? null,
				now,
				now,
				0,
			]),
		)
	})
	kickMailWorker()

	const result: ImportResult = {
		enrolled: created.length,
		alreadyEnrolled,
		accountsCreated: created.length,
		invitationsSent: mails.length,
		invited: invitations.length,
		mailPerHour: getEnv().MAIL_INVITES_PER_HOUR,
		assistedLinks,
		problems: batch.report.problems.length,
	}
	await prisma.importBatch.update({
		where: { id: batchId },
		data: {
			report: JSON.stringify({ ...batch.report, status: 'confirmed', result }),
		},
	})
	await audit(actor, 'cohort.import', cohortId, {
		batchId,
		enrolled: result.enrolled,
		created: result.accountsCreated,
		invited: result.invited,
	})
	return result
}

/** Long loops give the event loop back now and then, so other people's pages are served meanwhile. */
function yieldToOtherRequests() {
	return new Promise<void>((resolve) => setImmediate(resolve))
}

function newId(): string {
	// Portable primary keys for rows inserted in bulk (createMany returns no ids).
	return `imp${crypto.randomBytes(12).toString('hex')}`
}
