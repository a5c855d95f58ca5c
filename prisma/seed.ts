import type { PrismaClient } from '#app/.server/prisma/client.ts'
import {
	generateReadablePassword,
	hashPassword,
	verifyPassword,
} from '#app/auth/password.server.ts'
import { seedProgramme } from './seed-programme.ts'

export const DEMO_PASSWORD = 'Essor-Demo-2026'
export const DEMO_JOIN_CODE = 'DEMO2026'

export const demoUsers = [
	{
		email: 'admin@essor.demo',
		name: 'Awa Ndiaye',
		role: 'admin',
		gender: 'woman',
		country: 'CM',
	},
	{
		email: 'formatrice@essor.demo',
		name: 'Mireille Ebongue',
		role: 'trainer',
		gender: 'woman',
		country: 'CM',
		region: 'Centre',
		commune: 'Akonolinga',
	},
	{
		email: 'apprenant@essor.demo',
		name: 'Samuel Tchoua',
		role: 'learner',
		gender: 'man',
		birthYear: 2001,
		country: 'CM',
		region: 'Nord',
		commune: 'Garoua',
		situation: 'young_project',
	},
	// Phone-only learner: signs in with 6 77 00 00 01 (Cameroon); resets go through a trainer or admin.
	{
		phone: '+237677000001',
		name: 'Aminatou Bello',
		role: 'learner',
		gender: 'woman',
		birthYear: 1999,
		country: 'CM',
		region: 'Extrême-Nord',
		commune: 'Maroua 1er',
		situation: 'entrepreneur',
	},
] as const

/**
 * Seeds the demo data once: does nothing when the database already has
 * users. Every seeded account and cohort is marked `demo` (they sign in and
 * join only in demo mode, see demoMode in env.server.ts).
 */
export async function seedIfEmpty(
	prisma: PrismaClient,
	{ password = DEMO_PASSWORD }: { password?: string } = {},
): Promise<boolean> {
	if ((await prisma.user.count()) > 0) return false
	const passwordHash = await hashPassword(password)
	const created = []
	for (const user of demoUsers) {
		const now = new Date()
		created.push(
			await prisma.user.create({
				data: {
					...user,
					passwordHash,
					consentAt: now,
					// The phone-only learner has not used the account yet: their trainer
					// can still make them a reset link (until they sign in).
					claimedAt: 'phone' in user ? null : now,
					demo: true,
				},
			}),
		)
	}
	const trainer = created.find((u) => u.role === 'trainer')!
	const learner = created.find((u) => u.role === 'learner')!
	// A small cohort with progress, so the trainer's dashboard has something to show.
	const [demo] = await seedProgramme(prisma, {
		cohorts: 1,
		learnersPerCohort: 40,
		trainerId: trainer.id,
		seed: 1,
	})
	await prisma.cohort.update({
		where: { id: demo!.cohortId },
		data: { joinCode: DEMO_JOIN_CODE, demo: true },
	})
	await prisma.enrollment.create({
		data: { cohortId: demo!.cohortId, userId: learner.id, source: 'join' },
	})
	// So that the demo trainer can make a reset link for the phone-only learner (admin users page).
	const phoneOnly = created.find((u) => u.email === null)
	if (phoneOnly)
		await prisma.enrollment.create({
			data: { cohortId: demo!.cohortId, userId: phoneOnly.id, source: 'join' },
		})
	return true
}

/**
 * On a server others can reach, demo accounts must not keep the README's
 * password: replaces it by a generated one (returned, for the log) on every
 * demo account that still has it.
 */
export async function replaceKnownDemoPassword(
	prisma: PrismaClient,
): Promise<string | null> {
	const accounts = await prisma.user.findMany({
		where: { demo: true, passwordHash: { not: null } },
		select: { id: true, passwordHash: true },
	})
	const known = []
	for (const a of accounts)
		if (await verifyPassword(a.passwordHash!, DEMO_PASSWORD)) known.push(a.id)
	if (known.length === 0) return null
	const password = generateReadablePassword()
	await prisma.user.updateMany({
		where: { id: { in: known } },
		data: { passwordHash: await hashPassword(password) },
	})
	await prisma.session.deleteMany({ where: { userId: { in: known } } })
	return password
}
