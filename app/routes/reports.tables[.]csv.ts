import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { delimiterFromUrl, summaryToCsv } from '#app/cohorts/export.server.ts'
import { filterFromUrl } from '#app/cohorts/report-filter.ts'
import { getProgrammeSummary } from '#app/cohorts/reports.server.ts'
import { getFormat, getT } from '#app/i18n/i18n.server.ts'
import { attachmentName } from '#app/utils/download.ts'

/** The programme report's aggregated tables (funnel, progress, every breakdown) as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const url = new URL(request.url)
	const sep = delimiterFromUrl(url)
	const [summary, t, format] = await Promise.all([
		getProgrammeSummary(actor, filterFromUrl(url)),
		getT(request),
		getFormat(request),
	])
	return new Response(summaryToCsv(summary, t, sep), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': attachmentName(
				`essor-programme-tableaux-${format.isoDate(new Date())}.csv`,
			),
			'Cache-Control': 'no-store',
		},
	})
}
