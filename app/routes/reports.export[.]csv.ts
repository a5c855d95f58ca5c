import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import {
	delimiterFromUrl,
	factsToCsvStream,
} from '#app/cohorts/export.server.ts'
import { filterFromUrl } from '#app/cohorts/report-filter.ts'
import {
	enrollmentFactsInChunks,
	programmeWhere,
} from '#app/cohorts/reports.server.ts'
import { getFormat, getT } from '#app/i18n/i18n.server.ts'
import { attachmentName } from '#app/utils/download.ts'

/** Every learner of the filtered cohorts, one row each, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const url = new URL(request.url)
	const sep = delimiterFromUrl(url)
	const [t, format] = await Promise.all([getT(request), getFormat(request)])
	const rows = enrollmentFactsInChunks(
		programmeWhere(actor, filterFromUrl(url)),
	)
	return new Response(factsToCsvStream(rows, t, format, sep), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': attachmentName(
				`essor-programme-${format.isoDate(new Date())}.csv`,
			),
			'Cache-Control': 'no-store',
		},
	})
}
