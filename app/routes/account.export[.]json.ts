import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportUserData } from '#app/auth/export.server.ts'
import { requireUserId } from '#app/auth/session.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const userId = await requireUserId(request, { redirectTo: '/account' })
	const data = await exportUserData(userId)
	const day = data.exportedAt.slice(0, 10)
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="essor-data-${day}.json"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
