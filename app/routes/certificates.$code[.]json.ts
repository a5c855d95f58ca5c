import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireCertificateAccess } from '#app/certificates/access.server.ts'
import { dataIntegrityCredential } from '#app/certificates/documents.server.ts'
import { attachmentName } from '#app/utils/download.ts'

/** The credential as JSON with an embedded Data Integrity proof (eddsa-rdfc-2022): the form open wallets accept. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const cert = await requireCertificateAccess(request, params.code ?? '')
	return new Response(
		JSON.stringify(await dataIntegrityCredential(cert), null, 2),
		{
			headers: {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Disposition': attachmentName(`certificat-${cert.code}.json`),
				'Cache-Control': 'private, no-store',
			},
		},
	)
}
