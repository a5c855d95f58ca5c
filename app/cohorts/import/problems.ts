import type { RosterColumn } from './columns.ts'

/** Problems found in a roster file, shared with the preview page (no server code here). */

export type RowProblemCode =
	| 'missingName'
	| 'missingLastName'
	| 'missingContact'
	| 'invalidEmail'
	| 'invalidPhone'
	| 'phoneOtherCountry'
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
 * the message); for tooLong, `max` is the limit. For phoneOtherCountry,
 * `country` is where the number is valid, `expected` the country it was read
 * in (the row's, when `expectedFrom` is 'row', else the cohort's) and
 * `suggestion` the number written with its country code. For
 * missingLastName, `value` is the first name (to find the person).
 */
export type RowProblem = {
	row: number
	column: RosterColumn | null
	code: RowProblemCode
	value: string
	max?: number
	country?: string
	expected?: string
	expectedFrom?: 'cohort' | 'row'
	suggestion?: string
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
	if (!('row' in problem)) return `import.fileProblems.${problem.code}`
	return problem.code === 'phoneOtherCountry' && problem.expectedFrom === 'row'
		? 'import.problems.phoneOtherCountryRow'
		: `import.problems.${problem.code}`
}

/** What a row problem's message needs besides its column, in the reader's language (`t` gives the country words). */
export function problemValues(
	problem: RowProblem,
	t: (key: string, options?: { defaultValue: string }) => string,
	language: string,
) {
	const names = new Intl.DisplayNames([language], { type: 'region' })
	const name = (code: string | undefined) =>
		code ? (names.of(code) ?? code) : ''
	return {
		row: problem.row,
		value: problem.value,
		max: problem.max,
		countryAdjective: problem.country
			? t(`import.phoneCountry.${problem.country}`, {
					defaultValue: name(problem.country),
				})
			: '',
		expected: name(problem.expected),
		expectedIn: problem.expected
			? t(`import.countryIn.${problem.expected}`, {
					defaultValue: name(problem.expected),
				})
			: '',
		suggestion: problem.suggestion ?? '',
	}
}
