import { prisma } from '#app/db.server.ts'
import { databaseIsReachable } from '#app/db/health.server.ts'

export async function loader() {
	const ok = await databaseIsReachable(prisma)
	return new Response(ok ? 'ok' : 'database unreachable', {
		status: ok ? 200 : 503,
		headers: {
			'Content-Type': 'text/plain; charset=utf-8',
			'Cache-Control': 'no-store',
		},
	})
}
