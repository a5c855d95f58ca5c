import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, expect, test } from 'vitest'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { confirmImport, previewImport } from '#app/cohorts/import.server.ts'
import { prisma } from '#app/db.server.ts'
import { outboxDir } from '#app/auth/mail.server.ts'
import { processMailQueue } from '#app/auth/mail-queue.server.ts'
import {
	action as importAction,
	loader as importLoader,
} from '#app/routes/cohorts.$cohortId.import.tsx'
import { createUser, requestAs, settle } from '#tests/support/factories.ts'

// The fixtures share people: each test starts without any learner account.
beforeEach(async () => {
	await prisma.user.deleteMany({ where: { role: 'learner' } })
	await prisma.outboundMail.deleteMany()
})

const fixtures = path.resolve(import.meta.dirname, '../fixtures/roster')
const read = (name: string) => ({
	name,
	bytes: new Uint8Array(fs.readFileSync(path.join(fixtures, name))),
})

async function newCohort() {
	const trainer = await createUser({ role: 'trainer' })
	const cohort = await createCohort(trainer, {
		name: `Import ${Math.random()}`,
		programme: 'Import',
		kind: 'course',
		courses: ['loi-cadre-economie-sociale'],
		country: 'CM',
		region: null,
		communes: [],
		startDate: new Date('2026-01-01'),
		endDate: new Date('2026-06-30'),
		capacity: null,
	})
	return { trainer, cohort }
}

test.each([
	['participants-en-utf8-virgule.csv'],
	['participants-fr-utf8-bom-pointvirgule-crlf.csv'],
	['participants-fr-windows-1252-pointvirgule.csv'],
	['cohorte-20-3-erreurs.xlsx'],
])('%s: preview, confirm, and re-import without duplicates', async (file) => {
	const { trainer, cohort } = await newCohort()
	const preview = await previewImport(trainer, cohort.id, read(file))
	expect(preview?.ok).toBe(true)
	if (!preview?.ok) return
	const valid = preview.report.rows.length
	expect(valid).toBeGreaterThan(0)
	// Nothing is enrolled before the trainer confirms.
	expect(
		await prisma.enrollment.count({ where: { cohortId: cohort.id } }),
	).toBe(0)

	const result = await confirmImport(trainer, cohort.id, preview.batchId)
	expect(result?.enrolled).toBe(valid)
	expect(
		await prisma.enrollment.count({ where: { cohortId: cohort.id } }),
	).toBe(valid)
	const names = (
		await prisma.enrollment.findMany({
			where: { cohortId: cohort.id },
			select: { user: { select: { name: true } } },
		})
	).map((e) => e.user.name)
	expect(names.sort()).toEqual(preview.report.rows.map((r) => r.name).sort())

	const again = await previewImport(trainer, cohort.id, read(file))
	expect(again?.ok && again.alreadyImportedAt).toBeInstanceOf(Date)
	const second = await confirmImport(
		trainer,
		cohort.id,
		(again as { batchId: string }).batchId,
	)
	expect(second).toMatchObject({
		enrolled: 0,
		alreadyEnrolled: valid,
		accountsCreated: 0,
	})
	expect(
		await prisma.enrollment.count({ where: { cohortId: cohort.id } }),
	).toBe(valid)
})

test('accents survive each encoding', async () => {
	const { trainer, cohort } = await newCohort()
	const cp1252 = await previewImport(
		trainer,
		cohort.id,
		read('participants-fr-windows-1252-pointvirgule.csv'),
	)
	const names = cp1252?.ok
		? cp1252.report.rows.map((r) => r.name).join(' ')
		: ''
	expect(names).toMatch(/[éèàçô]/)
	expect(names).not.toContain('\ufffd')
})

test('the 20-row file with 3 bad rows: exactly rows 7, 12 and 18 are named, 16 new people enrolled, the one with an account invited, invitations sent', async () => {
	const { trainer, cohort } = await newCohort()
	const existing = await createUser({
		email: null,
		phone: '+237699415263',
		name: 'Déjà Inscrite',
	})
	const preview = await previewImport(
		trainer,
		cohort.id,
		read('cohorte-20-3-erreurs.csv'),
	)
	if (!preview?.ok) throw new Error('preview failed')
	expect(preview.report.problems.map((p) => [p.row, p.column, p.code])).toEqual(
		[
			[7, null, 'missingContact'],
			[12, 'phone', 'invalidPhone'],
			[18, 'email', 'invalidEmail'],
		],
	)
	const before = fs.existsSync(outboxDir())
		? fs.readdirSync(outboxDir()).length
		: 0
	const result = await confirmImport(trainer, cohort.id, preview.batchId)
	// The person who already had an account is invited, not enrolled.
	expect(result?.enrolled).toBe(16)
	expect(result?.invited).toBe(1)
	expect(result?.problems).toBe(3)
	expect(
		await prisma.cohortInvitation.count({
			where: { cohortId: cohort.id, userId: existing.id },
		}),
	).toBe(1)
	const withEmail = preview.report.rows.filter((r) => r.email).length
	expect(result?.invitationsSent).toBe(withEmail)
	// Queued, then sent by the mail loop.
	let sent = 0
	for (let i = 0; i < 5; i++) sent += (await processMailQueue()).sent
	expect(sent).toBe(withEmail)
	expect(fs.readdirSync(outboxDir()).length - before).toBe(withEmail)
	expect(result!.assistedLinks.length + result!.invitationsSent).toBe(16)
})

test('the import page: a file problem is a 400 with a translated message, another trainer gets 404', async () => {
	const { trainer, cohort } = await newCohort()
	const other = await createUser({ role: 'trainer' })
	const body = new FormData()
	body.append(
		'file',
		new File(
			[
				new Uint8Array([
					0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0,
				]),
			],
			'liste.xls',
		),
	)
	const res = await settle(
		(async () =>
			importAction({
				request: await requestAs(trainer.id, `/cohorts/${cohort.id}/import`, {
					method: 'POST',
					body,
				}),
				params: { cohortId: cohort.id },
				context: {} as never,
			}))(),
	)
	expect(res.status).toBe(400)
	expect(await res.json()).toEqual({
		error: { key: 'import.fileProblems.unsupportedType', detail: '.xls' },
	})

	const denied = await settle(
		(async () =>
			importLoader({
				request: await requestAs(other.id, `/cohorts/${cohort.id}/import`),
				params: { cohortId: cohort.id },
				context: {} as never,
			}))(),
	)
	expect(denied.status).toBe(404)
})
