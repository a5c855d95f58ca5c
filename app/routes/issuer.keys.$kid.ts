import type { LoaderFunctionArgs } from '@remix-run/node'
import { bareJwk, findIssuerKey } from '#app/certificates/keys.server.ts'

/** What a VC-JWT's `kid` URL dereferences to: the bare public JWK of that key (OB 3.0 §8.2). */
export async function loader({ params }: LoaderFunctionArgs) {
	const key = await findIssuerKey(params.kid)
	if (!key)
		return new Response('Unknown key / Clé inconnue', {
			status: 404,
			headers: { 'Content-Type': 'text/plain; charset=utf-8' },
		})
	return new Response(JSON.stringify(bareJwk(key)), {
		headers: {
			'Content-Type': 'application/jwk+json',
			'Cache-Control': 'public, max-age=86400',
			'Access-Control-Allow-Origin': '*',
		},
	})
}
