import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { factsToJson } from '#app/cohorts/export.server.ts'
import { filterFromUrl } from '#app/cohorts/report-filter.ts'
import {
	getProgrammeSummary,
	loadEnrollmentFacts,
	programmeWhere,
} from '#app/cohorts/reports.server.ts'
import { getFormat } from '#app/i18n/i18n.server.ts'
import { attachmentName } from '#app/utils/download.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const filter = filterFromUrl(new URL(request.url))
	const [summary, facts, format] = await Promise.all([
		getProgrammeSummary(actor, filter),
		loadEnrollmentFacts(programmeWhere(actor, filter)),
		getFormat(request),
	])
	const body = {
		filter,
		generatedAt: new Date().toISOString(),
		timeZone: format.timeZone,
		summary,
		enrollments: factsToJson(facts),
	}
	return new Response(JSON.stringify(body), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': attachmentName(
				`essor-programme-${format.isoDate(new Date())}.json`,
			),
			'Cache-Control': 'no-store',
		},
	})
}
