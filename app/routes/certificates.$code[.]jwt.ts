import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireCertificateAccess } from '#app/certificates/access.server.ts'
import { attachmentName } from '#app/utils/download.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const cert = await requireCertificateAccess(request, params.code ?? '')
	return new Response(cert.credential, {
		headers: {
			'Content-Type': 'application/vc+jwt',
			'Content-Disposition': attachmentName(`certificat-${cert.code}.jwt`),
			'Cache-Control': 'private, no-store',
		},
	})
}
