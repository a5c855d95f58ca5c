import crypto from 'node:crypto'
import {
	createResetToken,
	EMAIL_LINK_TTL_MS,
} from '#app/auth/password-reset.server.ts'
import {
	issueCertificateForCompletion,
	issueInPerson,
	revokeCertificate,
} from '#app/certificates/issue.server.ts'
import { createCohort, type CohortInput } from '#app/cohorts/cohorts.server.ts'
import { confirmImport, previewImport } from '#app/cohorts/import.server.ts'
import { answerInvitation } from '#app/cohorts/invitations.server.ts'
import { prisma } from '#app/db.server.ts'
import { signedInCookie } from './auth.ts'
import { createUser } from './factories.ts'

/**
 * The six kinds of people the app must tell apart, for tests that run against
 * the production server (the `hardening` project, whose setup points Prisma at
 * that server's database).
 */
export const ROLES = [
	'visitor',
	'learner',
	'otherLearner',
	'trainer',
	'otherTrainer',
	'admin',
	'invited',
	'joined',
] as const
export type WorldRole = (typeof ROLES)[number]

export const WORLD_COURSE = 'loi-cadre-economie-sociale'
export const WORLD_LESSON = 'pourquoi-une-loi-cadre'

function cohortInput(name: string): CohortInput {
	return {
		name,
		programme: 'Programme de test',
		kind: 'entrepreneurship',
		courses: [WORLD_COURSE],
		country: 'CM',
		region: 'Centre',
		communes: ['Yaoundé 1'],
		startDate: new Date('2026-01-05'),
		endDate: new Date('2026-12-18'),
		capacity: null,
	}
}

export type World = Awaited<ReturnType<typeof createWorld>>

/**
 * Cohort A (trainer, learner) and cohort B (otherTrainer, otherLearner), plus
 * an admin; the learner of A has completed the course and holds a certificate.
 * `params` fills every dynamic segment with a record that belongs to cohort A
 * or to the learner of A; `cookies` has a real session per signed-in role.
 */
export async function createWorld() {
	const tag = crypto.randomBytes(3).toString('hex')
	const [learner, otherLearner, trainer, otherTrainer, admin] =
		await Promise.all([
			createUser({
				role: 'learner',
				name: `Apprenante A ${tag}`,
				gender: 'female',
				birthYear: 2001,
				commune: 'Yaoundé 1',
			}),
			createUser({
				role: 'learner',
				name: `Apprenant B ${tag}`,
				gender: 'male',
				birthYear: 1999,
				commune: 'Douala 3',
			}),
			createUser({ role: 'trainer', name: `Formatrice A ${tag}` }),
			createUser({ role: 'trainer', name: `Formateur B ${tag}` }),
			createUser({ role: 'admin', name: `Admin ${tag}` }),
		])
	const cohortA = await createCohort(trainer, cohortInput(`Cohorte A ${tag}`))
	const cohortB = await createCohort(
		otherTrainer,
		cohortInput(`Cohorte B ${tag}`),
	)
	const enrollmentA = await prisma.enrollment.create({
		data: { cohortId: cohortA.id, userId: learner.id },
	})
	const enrollmentB = await prisma.enrollment.create({
		data: { cohortId: cohortB.id, userId: otherLearner.id },
	})
	const sessionA = await prisma.trainingSession.create({
		data: {
			cohortId: cohortA.id,
			title: 'Atelier 1',
			date: new Date('2026-03-02'),
		},
	})
	const completion = await prisma.courseCompletion.create({
		data: {
			userId: learner.id,
			courseSlug: WORLD_COURSE,
			contentVersion: 'test',
		},
	})
	const certificate = await issueCertificateForCompletion(completion)
	if (!certificate) throw new Error('The world’s certificate was not issued')
	await issueInPerson(trainer, cohortA.id, {
		userIds: [learner.id],
		title: 'Atelier de lancement',
		description: 'Atelier',
		hours: 3,
		date: new Date('2026-02-02'),
	})
	const inPerson = await prisma.certificate.findFirstOrThrow({
		where: { userId: learner.id, kind: 'in_person' },
	})
	await revokeCertificate(trainer, inPerson.code, {
		category: 'issuedInError',
		reason: 'Erreur de date',
	})
	const resetToken = await createResetToken(learner.id, EMAIL_LINK_TTL_MS)
	const roster = `nom;email;genre\nNouvelle Recrue ${tag};recrue-${tag}@example.test;F\n`
	const preview = await previewImport(trainer, cohortA.id, {
		name: 'liste.csv',
		bytes: new TextEncoder().encode(roster),
	})
	if (!preview?.ok)
		throw new Error(
			`The world’s import preview failed: ${JSON.stringify(preview)}`,
		)

	// Two people with accounts of their own, named in a list cohort A's trainer
	// imports: "invited" has not answered, "joined" accepted. The file gives
	// other names than their accounts: the trainer must only ever see the file's.
	const [invited, joined] = await Promise.all([
		createUser({
			role: 'learner',
			name: `Titulaire Invitée ${tag}`,
			commune: 'Kousséri',
		}),
		createUser({
			role: 'learner',
			name: `Titulaire Arrivée ${tag}`,
			commune: 'Mora',
		}),
	])
	const invitedList = await previewImport(trainer, cohortA.id, {
		name: 'liste-existants.csv',
		bytes: new TextEncoder().encode(
			`nom;email\nNom Du Fichier ${tag};${invited.email}\nAutre Nom ${tag};${joined.email}\n`,
		),
	})
	if (!invitedList?.ok) throw new Error('The world’s second import failed')
	await confirmImport(trainer, cohortA.id, invitedList.batchId)
	const [invitation, joinedInvitation] = await Promise.all(
		[invited, joined].map((u) =>
			prisma.cohortInvitation.findFirstOrThrow({
				where: { cohortId: cohortA.id, userId: u.id },
			}),
		),
	)
	await answerInvitation(joined.id, joinedInvitation!.id, true)

	const users = {
		learner,
		otherLearner,
		trainer,
		otherTrainer,
		admin,
		invited,
		joined,
	}
	const cookies = Object.fromEntries(
		ROLES.map((role) => [role, null]),
	) as Record<WorldRole, string | null>
	for (const role of ROLES) {
		if (role !== 'visitor')
			cookies[role] = (
				await signedInCookie(users[role].id, `world-${role}`)
			).cookie
	}
	return {
		users,
		cookies,
		cohortA,
		cohortB,
		enrollmentA,
		enrollmentB,
		sessionA,
		certificate,
		params: {
			cohortId: cohortA.id,
			enrollmentId: enrollmentA.id,
			sessionId: sessionA.id,
			code: certificate.code,
			revokedCode: inPerson.code,
			course: WORLD_COURSE,
			lesson: WORLD_LESSON,
			token: resetToken.token,
			joinCode: cohortA.joinCode,
			batchId: preview.batchId,
			learnerId: learner.id,
			otherLearnerId: otherLearner.id,
			invitationId: invitation!.id,
		} as Record<string, string>,
	}
}
