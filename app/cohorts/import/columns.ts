/** The columns a roster may have: shared by the parser, the header matcher and the problems (no imports, so no cycle). */

export type RosterColumn =
	| 'name'
	| 'firstName'
	| 'lastName'
	| 'email'
	| 'phone'
	| 'gender'
	| 'birthYear'
	| 'country'
	| 'region'
	| 'commune'
	| 'situation'
	| 'migration'

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
	'name',
	'firstName',
	'lastName',
	'email',
	'phone',
	'gender',
	'birthYear',
	'country',
	'region',
	'commune',
	'situation',
	'migration',
]
