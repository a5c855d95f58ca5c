/** Closed sets used by cohorts, reports and exports (stable codes stored in the database). */

export const cohortKinds = ['course', 'entrepreneurship'] as const
export type CohortKind = (typeof cohortKinds)[number]

export const stages = [
	'identified',
	'selected',
	'trained',
	'created',
	'followed_up',
] as const
export type Stage = (typeof stages)[number]

/** What the stage form records; "created" and "followed up" have their own forms (legal form, notes). */
export const recordableStages = ['selected', 'trained'] as const
export type RecordableStage = (typeof recordableStages)[number]

/** What a trainer may remove when it was recorded by mistake. */
export const removableStages = ['selected', 'trained', 'created'] as const
export type RemovableStage = (typeof removableStages)[number]

export const legalForms = [
	'auto_entrepreneur',
	'sole_trader',
	'company',
	'cooperative',
	'gic',
] as const
export type LegalForm = (typeof legalForms)[number]

export const sessionKinds = ['workshop', 'bootcamp'] as const

export const ageBands = [
	'under18',
	'18-24',
	'25-29',
	'30-35',
	'over35',
	'unknown',
] as const
export type AgeBand = (typeof ageBands)[number]

export function ageBand(
	birthYear: number | null | undefined,
	referenceYear: number,
): AgeBand {
	if (!birthYear) return 'unknown'
	const age = referenceYear - birthYear
	if (age < 18) return 'under18'
	if (age <= 24) return '18-24'
	if (age <= 29) return '25-29'
	if (age <= 35) return '30-35'
	return 'over35'
}

export function stageIndex(stage: string) {
	const i = stages.indexOf(stage as Stage)
	return i < 0 ? 0 : i
}

export const progressBuckets = [
	'0',
	'1-25',
	'26-50',
	'51-75',
	'76-99',
	'100',
] as const
export type ProgressBucket = (typeof progressBuckets)[number]

export function progressBucket(percent: number): ProgressBucket {
	if (percent <= 0) return '0'
	if (percent >= 100) return '100'
	if (percent <= 25) return '1-25'
	if (percent <= 50) return '26-50'
	if (percent <= 75) return '51-75'
	return '76-99'
}

/** What the join form accepts (codes are 8 characters; people add spaces and dashes). */
export const JOIN_CODE_MAX_LENGTH = 16
