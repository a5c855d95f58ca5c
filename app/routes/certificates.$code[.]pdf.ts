import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireCertificateAccess } from '#app/certificates/access.server.ts'
import { certificatePdf } from '#app/certificates/documents.server.ts'
import { attachmentName } from '#app/utils/download.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const cert = await requireCertificateAccess(request, params.code ?? '')
	return new Response(Buffer.from(await certificatePdf(cert)), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': attachmentName(`certificat-${cert.code}.pdf`),
			'Cache-Control': 'private, no-store',
		},
	})
}
