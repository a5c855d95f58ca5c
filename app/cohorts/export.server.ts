import Papa from 'papaparse'
import type { EnrollmentFact } from './reports.server.ts'

/** Exports of enrollment facts: CSV that Excel opens correctly, and JSON. */

type Translate = (key: string, options?: Record<string, unknown>) => string

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

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '')

function label(t: Translate, group: string, code: string | null) {
	return code ? t(`labels.${group}.${code}`, { defaultValue: code }) : ''
}

function csvRow(f: EnrollmentFact, t: Translate): (string | number)[] {
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

const CHUNK = 500

/**
 * Streams a CSV: UTF-8 with a BOM so that Excel reads accents right, `;` by
 * default (Excel in French locales), `,` on request.
 */
export function factsToCsvStream(
	facts: EnrollmentFact[],
	t: Translate,
	delimiter: ';' | ',' = ';',
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder()
	let index = 0
	return new ReadableStream({
		start(controller) {
			const header = Papa.unparse(
				[COLUMNS.map((c) => t(`labels.columns.${c}`))],
				{ delimiter, newline: '\r\n' },
			)
			controller.enqueue(encoder.encode(`\ufeff${header}\r\n`))
		},
		pull(controller) {
			if (index >= facts.length) {
				controller.close()
				return
			}
			const rows = facts.slice(index, index + CHUNK).map((f) => csvRow(f, t))
			index += CHUNK
			controller.enqueue(
				encoder.encode(
					`${Papa.unparse(rows, { delimiter, newline: '\r\n', escapeFormulae: true })}\r\n`,
				),
			)
		},
	})
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
