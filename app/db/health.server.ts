import type { PrismaClient } from '#app/.server/prisma/client.ts'

export async function databaseIsReachable(
	client: Pick<PrismaClient, 'user'>,
): Promise<boolean> {
	try {
		await client.user.findFirst({ select: { id: true } })
		return true
	} catch (error) {
		console.error(
			'Database unreachable:',
			error instanceof Error ? error.message : error,
		)
		return false
	}
}
