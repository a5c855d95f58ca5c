import { issuerInfo } from '#app/certificates/issue.server.ts'
import { issuerProfileDocument } from '#app/certificates/linked-data.server.ts'

/**
 * The issuer profile for programs: an Open Badges Profile that is also the
 * controller document of the signing keys (Data Integrity verification
 * methods). `/issuer` answers it to `Accept: application/json` or
 * `application/ld+json` (server/app.ts).
 */
export async function loader() {
	const issuer = issuerInfo()
	return new Response(
		JSON.stringify(await issuerProfileDocument(issuer.url, issuer.name)),
		{
			headers: {
				'Content-Type': 'application/ld+json',
				'Cache-Control': 'public, max-age=3600',
				'Access-Control-Allow-Origin': '*',
				Vary: 'Accept',
			},
		},
	)
}
