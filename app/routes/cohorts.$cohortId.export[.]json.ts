import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { factsToJson } from '#app/cohorts/export.server.ts'
import { getCohortExport } from '#app/cohorts/reports.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'
import { attachmentName } from '#app/utils/download.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const report = await getCohortExport({
		actor,
		cohortId: params.cohortId ?? '',
	})
	invariantResponse(report, 'Cohort not found', { status: 404 })
	const { cohort, summary, facts } = report
	const body = {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			programme: cohort.programme,
			kind: cohort.kind,
			country: cohort.country,
			region: cohort.region,
			courses: cohort.courses,
		},
		generatedAt: new Date().toISOString(),
		summary,
		learners: factsToJson(facts),
	}
	return new Response(JSON.stringify(body, null, 1), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': attachmentName(`${cohort.name}.json`),
			'Cache-Control': 'no-store',
		},
	})
}
