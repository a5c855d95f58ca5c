import type { LoaderFunctionArgs } from '@remix-run/node'
import { statusListCredential } from '#app/certificates/status-list.server.ts'

/** The signed Bitstring Status List credential that says which credentials of this list are revoked. */
export async function loader({ params }: LoaderFunctionArgs) {
	const list = /^\d{1,6}$/.test(params.list ?? '') ? Number(params.list) : 0
	const credential = await statusListCredential(list)
	if (!credential)
		return new Response('Unknown status list / Liste de statut inconnue', {
			status: 404,
			headers: { 'Content-Type': 'text/plain; charset=utf-8' },
		})
	return new Response(credential, {
		headers: {
			'Content-Type': 'application/vc',
			// Short: a revocation must reach verifiers within minutes.
			'Cache-Control': 'public, max-age=60',
			'Access-Control-Allow-Origin': '*',
		},
	})
}
