import type { PrismaClient } from '#app/.server/prisma/client.ts'
import { hashPassword } from '#app/auth/password.server.ts'

export const DEMO_PASSWORD = 'Essor-Demo-2026'

export const demoUsers = [
	{ email: 'admin@essor.demo', name: 'Awa Ndiaye', role: 'admin', gender: 'woman', country: 'CM' },
	{ email: 'formatrice@essor.demo', name: 'Mireille Ebongue', role: 'trainer', gender: 'woman', country: 'CM', region: 'Centre', commune: 'Akonolinga' },
	{ email: 'apprenant@essor.demo', name: 'Samuel Tchoua', role: 'learner', gender: 'man', birthYear: 2001, country: 'CM', region: 'Nord', commune: 'Garoua', situation: 'young_project' },
] as const

/** Seeds the demo data once: does nothing when the database already has users. */
export async function seedIfEmpty(prisma: PrismaClient): Promise<boolean> {
	if ((await prisma.user.count()) > 0) return false
	const passwordHash = await hashPassword(DEMO_PASSWORD)
	for (const user of demoUsers) {
		await prisma.user.create({ data: { ...user, passwordHash, consentAt: new Date() } })
	}
	return true
}
