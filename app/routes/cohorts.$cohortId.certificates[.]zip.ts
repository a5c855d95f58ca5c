import type { LoaderFunctionArgs } from '@remix-run/node'
import { activeCohortCertificates } from '#app/certificates/issue.server.ts'
import { certificatesZip } from '#app/certificates/zip.server.ts'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { getCohortForActor } from '#app/cohorts/cohorts.server.ts'
import { attachmentName } from '#app/utils/download.ts'
import { invariantResponse } from '#app/utils/invariant.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const cohort = await getCohortForActor(actor, params.cohortId ?? '')
	invariantResponse(cohort, 'Cohort not found', { status: 404 })
	const certificates = await activeCohortCertificates(cohort.id)
	return new Response(certificatesZip(certificates), {
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': attachmentName(`certificats-${cohort.name}.zip`),
			'Cache-Control': 'private, no-store',
		},
	})
}
