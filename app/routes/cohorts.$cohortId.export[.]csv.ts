import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { getCohortForActor } from '#app/cohorts/cohorts.server.ts'
import {
	delimiterFromUrl,
	factsToCsvStream,
} from '#app/cohorts/export.server.ts'
import { enrollmentFactsInChunks } from '#app/cohorts/reports.server.ts'
import { getFormat, getT } from '#app/i18n/i18n.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'
import { attachmentName } from '#app/utils/download.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const cohort = await getCohortForActor(actor, params.cohortId ?? '')
	invariantResponse(cohort, 'Cohort not found', { status: 404 })
	const sep = delimiterFromUrl(new URL(request.url))
	const [t, format] = await Promise.all([getT(request), getFormat(request)])
	return new Response(
		factsToCsvStream(
			enrollmentFactsInChunks({ id: cohort.id }),
			t,
			format,
			sep,
		),
		{
			headers: {
				'Content-Type': 'text/csv; charset=utf-8',
				'Content-Disposition': attachmentName(`${cohort.name}.csv`),
				'Cache-Control': 'no-store',
			},
		},
	)
}
