import type { LoaderFunctionArgs } from '@remix-run/node'
import { Zip, ZipPassThrough } from 'fflate'
import { certificatePdf } from '#app/certificates/documents.server.ts'
import { activeCohortCertificates } from '#app/certificates/issue.server.ts'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { getCohortForActor } from '#app/cohorts/cohorts.server.ts'
import { attachmentName } from '#app/utils/download.ts'
import { invariantResponse } from '#app/utils/invariant.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const cohort = await getCohortForActor(actor, params.cohortId ?? '')
	invariantResponse(cohort, 'Cohort not found', { status: 404 })
	const certificates = await activeCohortCertificates(cohort.id)
	// PDFs are generated one by one into the stream: memory stays flat for large cohorts.
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const zip = new Zip((error, chunk, final) => {
				if (error) return controller.error(error)
				controller.enqueue(chunk)
				if (final) controller.close()
			})
			for (const cert of certificates) {
				const safeName = cert.holderName
					.normalize('NFD')
					.replace(/[\u0300-\u036f]/g, '')
					.replace(/[^\w-]+/g, '_')
				const entry = new ZipPassThrough(`${safeName}-${cert.code}.pdf`)
				zip.add(entry)
				entry.push(await certificatePdf(cert), true)
			}
			zip.end()
		},
	})
	return new Response(stream, {
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': attachmentName(`certificats-${cohort.name}.zip`),
			'Cache-Control': 'private, no-store',
		},
	})
}
