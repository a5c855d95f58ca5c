import Papa from 'papaparse'
import type { Formatter } from '#app/i18n/format.ts'
import type {
	Breakdown,
	EnrollmentFact,
	ReportSummary,
} from './reports.server.ts'

/** Exports of enrollment facts and of a report's tables: CSV that Excel opens correctly, and JSON. */

type Translate = (key: string, options?: Record<string, unknown>) => string
export type Delimiter = ';' | ','

/** The CSV separator a download asks for: `?sep=comma`, else `;` (what a French spreadsheet opens). */
export function delimiterFromUrl(url: URL): Delimiter {
	return url.searchParams.get('sep') === 'comma' ? ',' : ';'
}

const COLUMNS = [
	'cohort',
	'programme',
	'name',
	'email',
	'phone',
	'gender',
	'birthYear',
	'ageBand',
	'country',
	'region',
	'commune',
	'situation',
	'migration',
	'stage',
	'selectedAt',
	'trainedAt',
	'activityCreatedAt',
	'legalForm',
	'lessonsDone',
	'lessonsTotal',
	'progress',
	'completed',
	'completedAt',
	'quizAverage',
	'lastActivity',
] as const

function label(t: Translate, group: string, code: string | null) {
	return code ? t(`labels.${group}.${code}`, { defaultValue: code }) : ''
}

function csvRow(
	f: EnrollmentFact,
	t: Translate,
	format: Formatter,
): (string | number)[] {
	// ISO days (2026-12-01): every Excel reads them as dates, in any language; the day is the programme's.
	const day = (d: Date | null) => (d ? format.isoDate(d) : '')
	return [
		f.cohortName,
		f.programme,
		f.name,
		f.email ?? '',
		f.phone ?? '',
		label(t, 'gender', f.gender),
		f.birthYear ?? '',
		label(t, 'ageBand', f.ageBand),
		f.country ?? '',
		f.region ?? '',
		f.commune ?? '',
		label(t, 'situation', f.situation),
		label(t, 'migration', f.migration),
		label(t, 'stage', f.stage),
		day(f.selectedAt),
		day(f.trainedAt),
		day(f.activityCreatedAt),
		label(t, 'legalForm', f.legalForm),
		f.lessonsDone,
		f.lessonsTotal,
		f.progress,
		f.completed ? t('labels.yes') : t('labels.no'),
		day(f.completedAt),
		f.quizAverage ?? '',
		day(f.lastActivity),
	]
}

// NOTE: escapeFormulae keeps a name or commune typed as "=HYPERLINK(…)" from
// running as a formula when the file is opened in a spreadsheet.
function csvLines(rows: (string | number)[][], delimiter: Delimiter) {
	return `${Papa.unparse(rows, { delimiter, newline: '\r\n', escapeFormulae: true })}\r\n`
}

/**
 * Streams a CSV: UTF-8 with a BOM so that Excel reads accents right, `;` by
 * default (Excel in French locales), `,` on request. Rows are read chunk by
 * chunk, when the client asks for more, so memory does not grow with the
 * number of rows.
 */
export function factsToCsvStream(
	chunks: AsyncIterable<EnrollmentFact[]>,
	t: Translate,
	format: Formatter,
	delimiter: Delimiter = ';',
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder()
	const iterator = chunks[Symbol.asyncIterator]()
	return new ReadableStream(
		{
			start(controller) {
				const header = Papa.unparse(
					[COLUMNS.map((c) => t(`labels.columns.${c}`))],
					{ delimiter, newline: '\r\n' },
				)
				controller.enqueue(encoder.encode(`\ufeff${header}\r\n`))
			},
			async pull(controller) {
				const next = await iterator.next()
				if (next.done) {
					controller.close()
					return
				}
				if (next.value.length)
					controller.enqueue(
						encoder.encode(
							csvLines(
								next.value.map((f) => csvRow(f, t, format)),
								delimiter,
							),
						),
					)
			},
			async cancel() {
				await iterator.return?.()
			},
		},
		{ highWaterMark: 1 },
	)
}

const TABLE_COLUMNS = [
	'table',
	'category',
	'count',
	'base',
	'share',
	'shareOfPrevious',
	'completed',
	'completionRate',
	'definition',
] as const

/**
 * The aggregated tables of a report (overview, funnel, progress and every
 * breakdown) as one long table: one row per figure, with its base and share,
 * ready for a pivot table. Decimals follow the delimiter: a comma with `;`
 * (French Excel), a point with `,`.
 */
export function summaryToCsv(
	summary: ReportSummary,
	t: Translate,
	delimiter: Delimiter = ';',
): string {
	const share = (part: number, base: number) =>
		base > 0
			? (Math.round((part / base) * 1000) / 10)
					.toString()
					.replace('.', delimiter === ';' ? ',' : '.')
			: ''
	const rows: (string | number)[][] = []
	const overview = t('cohorts.dashboard.overview')
	rows.push([
		overview,
		t('cohorts.dashboard.enrolled'),
		summary.total,
		summary.total,
		share(summary.total, summary.total),
		'',
		'',
		'',
		'',
	])
	rows.push([
		overview,
		t('cohorts.dashboard.completed'),
		summary.completed,
		summary.total,
		share(summary.completed, summary.total),
		'',
		'',
		'',
		'',
	])
	const funnel = t('cohorts.dashboard.funnel')
	const first = summary.funnel[0]?.count ?? 0
	summary.funnel.forEach((f, i) => {
		const previous = i > 0 ? summary.funnel[i - 1]!.count : null
		rows.push([
			funnel,
			t(`labels.stage.${f.stage}`),
			f.count,
			first,
			share(f.count, first),
			previous === null ? '' : share(f.count, previous),
			'',
			'',
			t(`cohorts.stageDefinition.${f.stage}`),
		])
	})
	const distribution = t('cohorts.dashboard.distribution')
	for (const d of summary.distribution)
		rows.push([
			distribution,
			t('cohorts.dashboard.bucket', { bucket: d.bucket }),
			d.count,
			summary.total,
			share(d.count, summary.total),
			'',
			'',
			'',
			'',
		])
	const breakdown = (
		title: string,
		data: Breakdown,
		group: string | null,
		base: number,
	) => {
		for (const d of data)
			rows.push([
				title,
				group
					? t(`labels.${group}.${d.key}`, { defaultValue: d.key })
					: d.key === 'unknown'
						? t('labels.unknown')
						: d.key,
				d.enrolled,
				base,
				share(d.enrolled, base),
				'',
				d.completed,
				share(d.completed, d.enrolled),
				'',
			])
	}
	breakdown(
		t('cohorts.dashboard.byGender'),
		summary.byGender,
		'gender',
		summary.total,
	)
	breakdown(
		t('cohorts.dashboard.byAge'),
		summary.byAge,
		'ageBand',
		summary.total,
	)
	breakdown(
		t('cohorts.dashboard.bySituation'),
		summary.bySituation,
		'situation',
		summary.total,
	)
	breakdown(
		t('cohorts.dashboard.byMigration'),
		summary.byMigration,
		'migration',
		summary.total,
	)
	breakdown(
		t('cohorts.dashboard.byCommune'),
		summary.byCommune,
		null,
		summary.total,
	)
	const created = summary.funnel.find((f) => f.stage === 'created')?.count ?? 0
	breakdown(
		t('cohorts.dashboard.byLegalForm'),
		summary.byLegalForm,
		'legalForm',
		created,
	)
	const header = Papa.unparse(
		[TABLE_COLUMNS.map((c) => t(`cohorts.tables.${c}`))],
		{ delimiter, newline: '\r\n' },
	)
	return `\ufeff${header}\r\n${csvLines(rows, delimiter)}`
}

export function factsToJson(facts: EnrollmentFact[]) {
	return facts.map((f) => ({
		cohortId: f.cohortId,
		cohort: f.cohortName,
		programme: f.programme,
		name: f.name,
		email: f.email,
		phone: f.phone,
		gender: f.gender,
		birthYear: f.birthYear,
		ageBand: f.ageBand,
		country: f.country,
		region: f.region,
		commune: f.commune,
		situation: f.situation,
		migration: f.migration,
		stage: f.stage,
		selectedAt: f.selectedAt,
		trainedAt: f.trainedAt,
		activityCreatedAt: f.activityCreatedAt,
		legalForm: f.legalForm,
		lessonsDone: f.lessonsDone,
		lessonsTotal: f.lessonsTotal,
		progress: f.progress,
		completed: f.completed,
		completedAt: f.completedAt,
		quizAverage: f.quizAverage,
		lastActivity: f.lastActivity,
	}))
}
