import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { factsToCsvStream } from '#app/cohorts/export.server.ts'
import { getCohortReport } from '#app/cohorts/reports.server.ts'
import { getT } from '#app/i18n/i18n.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'
import { attachmentName } from '#app/utils/download.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const report = await getCohortReport({
		actor,
		cohortId: params.cohortId ?? '',
	})
	invariantResponse(report, 'Cohort not found', { status: 404 })
	const sep =
		new URL(request.url).searchParams.get('sep') === 'comma' ? ',' : ';'
	return new Response(
		factsToCsvStream(report.facts, await getT(request), sep),
		{
			headers: {
				'Content-Type': 'text/csv; charset=utf-8',
				'Content-Disposition': attachmentName(`${report.cohort.name}.csv`),
				'Cache-Control': 'no-store',
			},
		},
	)
}
