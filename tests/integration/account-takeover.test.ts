import fs from 'node:fs'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { outboxDir } from '#app/auth/mail.server.ts'
import {
	inviteQuotaKey,
	processMailQueue,
} from '#app/auth/mail-queue.server.ts'
import {
	createAssistedResetLink,
	findUsableResetToken,
	resetPasswordWithToken,
} from '#app/auth/password-reset.server.ts'
import { listUsers } from '#app/auth/users.server.ts'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { confirmImport, previewImport } from '#app/cohorts/import.server.ts'
import { getCohortReport } from '#app/cohorts/reports.server.ts'
import { prisma } from '#app/db.server.ts'
import { action as adminAction } from '#app/routes/admin.users.tsx'
import { action as invitationsAction } from '#app/routes/invitations.tsx'
import { action as loginAction } from '#app/routes/login.tsx'
import {
	context,
	createTestUser,
	postRequest,
	settle,
	signedInCookie,
	TEST_PASSWORD,
} from '#tests/support/auth.ts'
import { createUser } from '#tests/support/factories.ts'

/**
 * A trainer must not be able to take over someone's account: an import that
 * names an existing account invites instead of enrolling; the trainer sees
 * nothing of the person until they accept; reset links made by someone else
 * work only on accounts nobody has used yet, expire, and are audited.
 */

let trainer: Awaited<ReturnType<typeof createUser>>
let admin: Awaited<ReturnType<typeof createUser>>

beforeAll(async () => {
	trainer = await createUser({ role: 'trainer', name: 'Formatrice Curieuse' })
	admin = await createUser({ role: 'admin', name: 'Admin' })
})

beforeEach(async () => {
	await prisma.outboundMail.deleteMany()
})

afterAll(async () => {
	await prisma.outboundMail.deleteMany()
})

async function newCohort() {
	return createCohort(trainer, {
		name: `Cohorte ${Math.random().toString(36).slice(2, 8)}`,
		programme: 'Test',
		kind: 'course',
		courses: ['loi-cadre-economie-sociale'],
		country: 'CM',
		region: null,
		communes: [],
		startDate: new Date('2026-01-01'),
		endDate: new Date('2026-12-31'),
		capacity: null,
	})
}

async function importRows(cohortId: string, csv: string) {
	const preview = await previewImport(trainer, cohortId, {
		name: 'liste.csv',
		bytes: new TextEncoder().encode(csv),
	})
	if (!preview?.ok)
		throw new Error(`preview failed: ${JSON.stringify(preview)}`)
	const result = await confirmImport(trainer, cohortId, preview.batchId)
	return result!
}

async function trainerSees(userId: string) {
	const { users } = await listUsers(
		{ id: trainer.id, role: 'trainer' },
		{ q: '' },
	)
	return users.some((u) => u.id === userId)
}

test('an import naming an existing account invites the person instead of enrolling them; the trainer sees only their own file until the person accepts', async () => {
	const cohort = await newCohort()
	const person = await createTestUser({
		email: 'victime@example.test',
		name: 'Vraie Titulaire',
	})
	await prisma.user.update({
		where: { id: person.id },
		data: { gender: 'woman', birthYear: 1990, commune: 'Garoua 1er' },
	})

	const result = await importRows(
		cohort.id,
		'nom;email\nNom Inventé Par Le Formateur;VICTIME@example.test\nNouvelle Personne;nouvelle@example.test\n',
	)
	expect(result).toMatchObject({ enrolled: 1, invited: 1, accountsCreated: 1 })

	// Not enrolled, not visible: no enrollment, not in the trainer's reports or user list.
	expect(
		await prisma.enrollment.count({
			where: { cohortId: cohort.id, userId: person.id },
		}),
	).toBe(0)
	expect(await trainerSees(person.id)).toBe(false)
	const report = await getCohortReport({
		actor: { id: trainer.id, role: 'trainer' },
		cohortId: cohort.id,
	})
	expect(JSON.stringify(report)).not.toContain('Vraie Titulaire')
	expect(JSON.stringify(report)).not.toContain('Garoua 1er')
	const invitation = await prisma.cohortInvitation.findFirstOrThrow({
		where: { cohortId: cohort.id, userId: person.id },
	})
	expect(invitation).toMatchObject({
		rowName: 'Nom Inventé Par Le Formateur',
		rowContact: 'victime@example.test',
		accepted: null,
	})

	// No reset link can be made for the person, by the trainer or through the import.
	expect(
		await createAssistedResetLink(
			{ id: trainer.id, role: 'trainer' },
			person.id,
		),
	).toEqual({ ok: false, reason: 'notFound' })
	expect(
		await prisma.passwordToken.count({ where: { userId: person.id } }),
	).toBe(0)

	// The person is told by e-mail, with a link to the invitation, not to a password form.
	const mail = await prisma.outboundMail.findFirstOrThrow({
		where: { to: 'victime@example.test' },
	})
	expect(mail.text).toContain('/invitations')
	expect(mail.text).not.toContain('/reset-password/')
	expect(mail.quotaKey).toBe(inviteQuotaKey(trainer.id))

	// The person accepts: now enrolled, and visible to the trainer.
	const { cookie } = await signedInCookie(person.id)
	const accepted = await settle(
		invitationsAction({
			request: postRequest(
				'/invitations',
				{ intent: 'accept', invitationId: invitation.id },
				{ cookie },
			),
			params: {},
			context: context(),
		}),
	)
	expect(accepted.status).toBe(302)
	expect(
		await prisma.enrollment.count({
			where: { cohortId: cohort.id, userId: person.id },
		}),
	).toBe(1)
	expect(await trainerSees(person.id)).toBe(true)
	// Still theirs: the trainer cannot make a reset link for an account its owner uses.
	expect(
		await createAssistedResetLink(
			{ id: trainer.id, role: 'trainer' },
			person.id,
		),
	).toEqual({ ok: false, reason: 'claimed' })
	// Someone else cannot answer the invitation.
	const stranger = await createTestUser({ name: 'Autre' })
	const other = await settle(
		invitationsAction({
			request: postRequest(
				'/invitations',
				{ intent: 'accept', invitationId: invitation.id },
				{ cookie: (await signedInCookie(stranger.id)).cookie },
			),
			params: {},
			context: context(),
		}),
	)
	expect(other.status).toBe(404)
})

test('a declined invitation enrols nobody and the trainer sees only "declined"', async () => {
	const cohort = await newCohort()
	const person = await createTestUser({ email: 'non-merci@example.test' })
	await importRows(cohort.id, 'nom;email\nQuelqu’un;non-merci@example.test\n')
	const invitation = await prisma.cohortInvitation.findFirstOrThrow({
		where: { userId: person.id },
	})
	const res = await settle(
		invitationsAction({
			request: postRequest(
				'/invitations',
				{ intent: 'decline', invitationId: invitation.id },
				{ cookie: (await signedInCookie(person.id)).cookie },
			),
			params: {},
			context: context(),
		}),
	)
	expect(res.headers.get('Location')).toBe('/invitations?declined')
	expect(await prisma.enrollment.count({ where: { userId: person.id } })).toBe(
		0,
	)
	expect(await trainerSees(person.id)).toBe(false)
})

test('reset links made for someone else: only for accounts never used by their owner; they die when the owner takes the account, expire, and are audited', async () => {
	const cohort = await newCohort()
	await importRows(cohort.id, 'nom;telephone\nAmina Import;677 55 44 33\n')
	const imported = await prisma.user.findUniqueOrThrow({
		where: { phone: '+237677554433' },
	})
	expect(imported.claimedAt).toBeNull()
	// The import's own link is audited, and expires in 14 days.
	const inviteToken = await prisma.passwordToken.findFirstOrThrow({
		where: { userId: imported.id },
	})
	expect(inviteToken).toMatchObject({
		purpose: 'invite',
		createdById: trainer.id,
	})
	expect(inviteToken.expiresAt.getTime() - Date.now()).toBeGreaterThan(
		13 * 86_400_000,
	)
	expect(
		await prisma.auditEvent.count({
			where: {
				action: 'user.password.invite_link',
				targetId: imported.id,
				actorId: trainer.id,
			},
		}),
	).toBe(1)

	// The trainer may still make a link: nobody has used the account.
	const made = await createAssistedResetLink(
		{ id: trainer.id, role: 'trainer' },
		imported.id,
	)
	if (!made.ok) throw new Error('expected a link')
	const assistedToken = made.link.url.split('/').pop()!
	expect(await findUsableResetToken(assistedToken)).not.toBeNull()
	expect(
		await prisma.auditEvent.count({
			where: {
				action: 'user.password.reset_link',
				targetId: imported.id,
				actorId: trainer.id,
			},
		}),
	).toBe(1)

	// The person uses their import link: the account is theirs now.
	const importLinkToken = await (async () => {
		// The import's token is only in the trainer's result (phone-only): take it from there.
		const batch = await prisma.importBatch.findFirstOrThrow({
			where: { cohortId: cohort.id },
			orderBy: { createdAt: 'desc' },
		})
		const report = JSON.parse(batch.report) as {
			result: { assistedLinks: { url: string }[] }
		}
		return report.result.assistedLinks[0]!.url.split('/').pop()!
	})()
	expect(
		await resetPasswordWithToken(importLinkToken, 'Mon-Propre-Mot-De-Passe-42'),
	).toMatchObject({ ok: true })
	const claimed = await prisma.user.findUniqueOrThrow({
		where: { id: imported.id },
	})
	expect(claimed.claimedAt).toBeInstanceOf(Date)
	// Every other link made on their behalf is dead, and no new one can be made.
	expect(await findUsableResetToken(assistedToken)).toBeNull()
	expect(
		await createAssistedResetLink({ id: admin.id, role: 'admin' }, imported.id),
	).toEqual({ ok: false, reason: 'claimed' })

	// An assisted link also dies if the owner signs in another way before using it.
	const other = await createTestUser({ email: null, phone: '+237677000777' })
	await prisma.user.update({
		where: { id: other.id },
		data: { claimedAt: null },
	})
	const forOther = await createAssistedResetLink(
		{ id: admin.id, role: 'admin' },
		other.id,
	)
	if (!forOther.ok) throw new Error('expected a link')
	const signIn = await settle(
		loginAction({
			request: postRequest('/login', {
				identifier: '677000777',
				password: TEST_PASSWORD,
			}),
			params: {},
			context: context(),
		}),
	)
	expect(signIn.status).toBe(302)
	expect(
		await findUsableResetToken(forOther.link.url.split('/').pop()!),
	).toBeNull()

	// An expired assisted link is refused.
	const fresh = await createUser({ email: null, phone: '+237677000888' })
	const link = await createAssistedResetLink(
		{ id: admin.id, role: 'admin' },
		fresh.id,
	)
	if (!link.ok) throw new Error('expected a link')
	const token = link.link.url.split('/').pop()!
	await prisma.passwordToken.updateMany({
		where: { userId: fresh.id },
		data: { expiresAt: new Date(Date.now() - 1000) },
	})
	expect(await findUsableResetToken(token)).toBeNull()
})

test('the admin page refuses a reset link for an account its owner uses (409, named), and the button is not offered', async () => {
	const owner = await createTestUser({ email: 'utilise@example.test' })
	await prisma.user.update({
		where: { id: owner.id },
		data: { claimedAt: new Date() },
	})
	const { cookie } = await signedInCookie(admin.id)
	const res = await settle(
		adminAction({
			request: postRequest(
				'/admin/users',
				{ intent: 'reset-link', userId: owner.id },
				{ cookie },
			),
			params: {},
			context: context(),
		}),
	)
	expect(res.status).toBe(409)
	expect(JSON.stringify(await res.json())).toContain(
		'Cette personne utilise déjà son compte',
	)
	expect(
		await prisma.passwordToken.count({ where: { userId: owner.id } }),
	).toBe(0)
	const { users } = await listUsers(
		{ id: admin.id, role: 'admin' },
		{ q: 'utilise@example.test' },
	)
	expect(users[0]).toMatchObject({ assistedResetAllowed: false })
})

test('import invitations go out through the queue at the trainer’s hourly limit; another trainer is not held up', async () => {
	const limit = 200
	const key = inviteQuotaKey(trainer.id)
	await prisma.outboundMail.createMany({
		data: Array.from({ length: limit + 5 }, (_, i) => ({
			to: `personne-${i}@example.test`,
			subject: 'Invitation',
			text: 'Bonjour',
			quotaKey: key,
		})),
	})
	const otherTrainer = await createUser({ role: 'trainer' })
	await prisma.outboundMail.create({
		data: {
			to: 'autre@example.test',
			subject: 'Invitation',
			text: 'Bonjour',
			quotaKey: inviteQuotaKey(otherTrainer.id),
		},
	})
	const before = fs.existsSync(outboxDir())
		? fs.readdirSync(outboxDir()).length
		: 0
	let sent = 0
	let deferred = 0
	for (let round = 0; round < 20; round++) {
		const run = await processMailQueue({ batch: 50 })
		sent += run.sent
		deferred = run.deferred
		if (run.sent === 0) break
	}
	expect(sent).toBe(limit + 1)
	expect(deferred).toBeGreaterThan(0)
	expect(fs.readdirSync(outboxDir()).length - before).toBe(limit + 1)
	expect(
		await prisma.outboundMail.count({
			where: { to: 'autre@example.test', sentAt: { not: null } },
		}),
	).toBe(1)
	expect(
		await prisma.outboundMail.count({ where: { quotaKey: key, sentAt: null } }),
	).toBe(5)
	// An hour later, the rest goes.
	await prisma.outboundMail.updateMany({
		where: { sentAt: { not: null } },
		data: { sentAt: new Date(Date.now() - 61 * 60_000) },
	})
	expect((await processMailQueue({ batch: 50 })).sent).toBe(5)
})
