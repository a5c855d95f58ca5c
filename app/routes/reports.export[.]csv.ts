import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { factsToCsvStream } from '#app/cohorts/export.server.ts'
import { filterFromUrl } from '#app/cohorts/report-filter.ts'
import {
	loadEnrollmentFacts,
	programmeWhere,
} from '#app/cohorts/reports.server.ts'
import { getT } from '#app/i18n/i18n.server.ts'
import { attachmentName } from '#app/utils/download.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const url = new URL(request.url)
	const facts = await loadEnrollmentFacts(
		programmeWhere(actor, filterFromUrl(url)),
	)
	const sep = url.searchParams.get('sep') === 'comma' ? ',' : ';'
	return new Response(factsToCsvStream(facts, await getT(request), sep), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': attachmentName(
				`essor-programme-${new Date().toISOString().slice(0, 10)}.csv`,
			),
			'Cache-Control': 'no-store',
		},
	})
}
