import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { factsToJson } from '#app/cohorts/export.server.ts'
import { filterFromUrl } from '#app/cohorts/report-filter.ts'
import {
	loadEnrollmentFacts,
	programmeWhere,
	summarize,
} from '#app/cohorts/reports.server.ts'
import { attachmentName } from '#app/utils/download.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const filter = filterFromUrl(new URL(request.url))
	const facts = await loadEnrollmentFacts(programmeWhere(actor, filter))
	const body = {
		filter,
		generatedAt: new Date().toISOString(),
		summary: summarize(facts),
		enrollments: factsToJson(facts),
	}
	return new Response(JSON.stringify(body), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': attachmentName(
				`essor-programme-${new Date().toISOString().slice(0, 10)}.json`,
			),
			'Cache-Control': 'no-store',
		},
	})
}
