import { z } from 'zod'
import { supportedLanguages } from '#app/i18n/config.ts'
import { i18nIssue } from './form-errors.ts'

/**
 * The learner profile behind the disaggregated reports for funders. Stable
 * string codes are stored in the database; reports reuse these lists and
 * schemas. Every field but the name may be left unanswered (null).
 */

export const genders = ['woman', 'man', 'undisclosed'] as const
export type Gender = (typeof genders)[number]

export const countries = ['CM', 'MA', 'other'] as const
export type Country = (typeof countries)[number]

export const situations = [
	'elected',
	'municipal_staff',
	'sse_member',
	'young_project',
	'entrepreneur',
	'other',
] as const
export type Situation = (typeof situations)[number]

export const migrations = [
	'none',
	'returnee',
	'migrant',
	'refugee',
	'idp',
	'undisclosed',
] as const
export type Migration = (typeof migrations)[number]

/** Suggestions for the free-text region field (names as people write them, not codes). */
export const regionSuggestions: Record<
	Exclude<Country, 'other'>,
	readonly string[]
> = {
	CM: [
		'Adamaoua',
		'Centre',
		'Est',
		'Extrême-Nord',
		'Littoral',
		'Nord',
		'Nord-Ouest',
		'Ouest',
		'Sud',
		'Sud-Ouest',
	],
	MA: [
		'Tanger-Tétouan-Al Hoceïma',
		'Oriental',
		'Fès-Meknès',
		'Rabat-Salé-Kénitra',
		'Béni Mellal-Khénifra',
		'Casablanca-Settat',
		'Marrakech-Safi',
		'Drâa-Tafilalet',
		'Souss-Massa',
		'Guelmim-Oued Noun',
		'Laâyoune-Sakia El Hamra',
		'Dakhla-Oued Ed-Dahab',
	],
}

export const BIRTH_YEAR_MIN = 1920
export function birthYearMax(now = new Date()) {
	return now.getFullYear() - 10
}

export const nameSchema = z.string().trim().min(2).max(100)

export const profileFields = {
	name: nameSchema,
	gender: z.enum(genders).optional(),
	birthYear: z
		.number()
		.int()
		.min(BIRTH_YEAR_MIN)
		.max(birthYearMax())
		.optional(),
	country: z.enum(countries).optional(),
	region: z.string().trim().max(80).optional(),
	commune: z.string().trim().max(80).optional(),
	situation: z.enum(situations).optional(),
	migration: z.enum(migrations).optional(),
	language: z.enum(supportedLanguages),
	consent: z.boolean().optional(),
}

export const demographicFields = [
	'gender',
	'birthYear',
	'country',
	'region',
	'commune',
	'situation',
	'migration',
] as const

/** Prisma `select` of the demographic fields, for reports and exports. */
export const demographicSelect = {
	gender: true,
	birthYear: true,
	country: true,
	region: true,
	commune: true,
	situation: true,
	migration: true,
} as const

type Demographics = { [K in (typeof demographicFields)[number]]?: unknown } & {
	consent?: boolean
}

/** Profile answers are stored only with the person's consent (the checkbox says why). */
export function requireConsentForDemographics(
	data: Demographics,
	ctx: z.RefinementCtx,
) {
	const answered = demographicFields.some(
		(field) => data[field] !== undefined && data[field] !== '',
	)
	if (answered && !data.consent)
		ctx.addIssue(i18nIssue('consentNeeded', ['consent']))
}

export const profileSchema = z
	.object(profileFields)
	.superRefine(requireConsentForDemographics)
export type ProfileInput = z.infer<typeof profileSchema>

/** The profile columns of User, with unanswered fields as null. */
export function profileData(
	input: ProfileInput,
	previousConsentAt: Date | null = null,
) {
	return {
		name: input.name,
		gender: input.gender ?? null,
		birthYear: input.birthYear ?? null,
		country: input.country ?? null,
		region: input.region || null,
		commune: input.commune || null,
		situation: input.situation ?? null,
		migration: input.migration ?? null,
		language: input.language,
		consentAt: input.consent ? (previousConsentAt ?? new Date()) : null,
	}
}
