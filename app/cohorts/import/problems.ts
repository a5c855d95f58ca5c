import type { RosterColumn } from './roster.server.ts'

/** Problems found in a roster file, shared with the preview page (no server code here). */

export type RowProblemCode =
	| 'missingName'
	| 'missingContact'
	| 'invalidEmail'
	| 'invalidPhone'
	| 'invalidGender'
	| 'invalidBirthYear'
	| 'invalidSituation'
	| 'invalidMigration'
	| 'duplicateInFile'
	| 'unknownCountry'
	| 'tooLong'

/**
 * `column` is null only for missingContact (it concerns both email and phone).
 * `value` is the cell as typed, cut to VALUE_SHOWN characters (it is shown in
 * the message); for tooLong, `max` is the limit.
 */
export type RowProblem = {
	row: number
	column: RosterColumn | null
	code: RowProblemCode
	value: string
	max?: number
}

export const VALUE_SHOWN = 80

/**
 * `detail`: for unsupportedType, the file type as the trainer knows it
 * (".xls", ".ods", ".pdf"), for tooManyRows, the maximum number of rows, and
 * for tooLargeUnpacked, the limit in MB, all meant for the message; for the
 * other codes, an English diagnostic for the logs only.
 */
export type FileProblem = {
	code:
		| 'empty'
		| 'noHeader'
		| 'missingNameColumn'
		| 'missingContactColumn'
		| 'unreadable'
		| 'tooManyRows'
		| 'unsupportedType'
		| 'tooLargeUnpacked'
	detail?: string
}

export function problemMessageKey(problem: RowProblem | FileProblem): string {
	return 'row' in problem
		? `import.problems.${problem.code}`
		: `import.fileProblems.${problem.code}`
}
