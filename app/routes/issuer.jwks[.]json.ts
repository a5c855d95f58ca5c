import { issuerInfo } from '#app/certificates/issue.server.ts'
import { publicJwks } from '#app/certificates/keys.server.ts'

export async function loader() {
	return new Response(JSON.stringify(await publicJwks(issuerInfo().url)), {
		headers: {
			'Content-Type': 'application/jwk-set+json',
			'Cache-Control': 'public, max-age=3600',
			'Access-Control-Allow-Origin': '*',
		},
	})
}
