import { createResetToken, resetUrl } from '#app/auth/password-reset.server.ts'
import { sendMail } from '#app/auth/mail.server.ts'
import { prisma } from '#app/db.server.ts'
import { fallbackLanguage } from '#app/i18n/config.ts'
import { getFixedTFor } from '#app/i18n/i18n.server.ts'
import {
	audit,
	canManageCohort,
	getCohortForActor,
	type Actor,
} from './cohorts.server.ts'
import {
	parseRoster,
	rosterFileHash,
	type FileProblem,
	type RosterRow,
	type RowProblem,
} from './import/roster.server.ts'

/**
 * A trainer's list import in two steps: the preview is stored as an
 * ImportBatch (so confirming needs no second upload and works without
 * JavaScript); confirming enrolls every valid row in one transaction.
 */

const INVITE_TTL_MS = 14 * 24 * 60 * 60 * 1000

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
	invitationsSent: number
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

async function sendInvitation(
	user: { id: string; name: string; email: string; language: string },
	cohortName: string,
) {
	const { token } = await createResetToken(user.id, INVITE_TTL_MS)
	const t = await getFixedTFor(user.language === 'en' ? 'en' : 'fr')
	await sendMail({
		to: user.email,
		subject: t('import.invitation.subject', { cohort: cohortName }),
		text: t('import.invitation.text', {
			name: user.name,
			cohort: cohortName,
			url: resetUrl(token),
			days: INVITE_TTL_MS / 86_400_000,
		}),
	})
}

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

	const outcome = await prisma.$transaction(async (tx) => {
		const emails = rows
			.map((r) => r.email)
			.filter((e): e is string => Boolean(e))
		const phones = rows
			.map((r) => r.phone)
			.filter((p): p is string => Boolean(p))
		const existing = await tx.user.findMany({
			where: { OR: [{ email: { in: emails } }, { phone: { in: phones } }] },
			select: { id: true, email: true, phone: true },
		})
		const byEmail = new Map(
			existing.filter((u) => u.email).map((u) => [u.email!, u.id]),
		)
		const byPhone = new Map(
			existing.filter((u) => u.phone).map((u) => [u.phone!, u.id]),
		)
		const enrolledIds = new Set(
			(
				await tx.enrollment.findMany({
					where: { cohortId },
					select: { userId: true },
				})
			).map((e) => e.userId),
		)
		const created: {
			id: string
			name: string
			email: string | null
			phone: string | null
		}[] = []
		let enrolled = 0
		let alreadyEnrolled = 0
		for (const row of rows) {
			let userId =
				(row.email && byEmail.get(row.email)) ||
				(row.phone && byPhone.get(row.phone)) ||
				null
			if (!userId) {
				const user = await tx.user.create({
					data: {
						name: row.name,
						email: row.email,
						phone: row.phone,
						gender: row.gender,
						birthYear: row.birthYear,
						country: row.country ?? cohort.country,
						region: row.region,
						commune: row.commune,
						situation: row.situation,
						migration: row.migration,
						language,
					},
				})
				userId = user.id
				if (row.email) byEmail.set(row.email, userId)
				if (row.phone) byPhone.set(row.phone, userId)
				created.push({
					id: userId,
					name: row.name,
					email: row.email,
					phone: row.phone,
				})
			}
			if (enrolledIds.has(userId)) {
				alreadyEnrolled++
				continue
			}
			await tx.enrollment.create({
				data: { cohortId, userId, source: 'import' },
			})
			enrolledIds.add(userId)
			enrolled++
		}
		return { created, enrolled, alreadyEnrolled }
	})

	let invitationsSent = 0
	const assistedLinks: ImportResult['assistedLinks'] = []
	for (const user of outcome.created) {
		try {
			if (user.email) {
				await sendInvitation(
					{ id: user.id, name: user.name, email: user.email, language },
					cohort.name,
				)
				invitationsSent++
			} else if (user.phone) {
				const { token } = await createResetToken(user.id, INVITE_TTL_MS)
				assistedLinks.push({
					name: user.name,
					phone: user.phone,
					url: resetUrl(token),
				})
			}
		} catch (error) {
			// The enrollment stands; the trainer can send a new link from the learner's page.
			console.error(`Invitation for user ${user.id} failed:`, error)
		}
	}
	const result: ImportResult = {
		enrolled: outcome.enrolled,
		alreadyEnrolled: outcome.alreadyEnrolled,
		accountsCreated: outcome.created.length,
		invitationsSent,
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
	})
	return result
}
