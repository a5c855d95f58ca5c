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

/** `column` is null only for missingContact (it concerns both email and phone). `value` is the cell as typed. */
export type RowProblem = { row: number; column: RosterColumn | null; code: RowProblemCode; value: string }

/**
 * `detail`: for unsupportedType, the file type as the trainer knows it
 * (".xls", ".ods", ".pdf") and for tooManyRows, the maximum number of rows,
 * both meant for the message; for the other codes, an English diagnostic
 * for the logs only.
 */
export type FileProblem = {
	code: 'empty' | 'noHeader' | 'missingNameColumn' | 'missingContactColumn' | 'unreadable' | 'tooManyRows' | 'unsupportedType'
	detail?: string
}

export function problemMessageKey(problem: RowProblem | FileProblem): string {
	return 'row' in problem ? `import.problems.${problem.code}` : `import.fileProblems.${problem.code}`
}
