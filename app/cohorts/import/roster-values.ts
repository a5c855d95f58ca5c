// Reading one cell of a roster: the values trainers type in French or English,
// in whatever form their spreadsheet has them.
import {
	getCountries,
	parsePhoneNumberFromString,
	type CountryCode,
} from 'libphonenumber-js/max'
import { normalizeEmail } from '#app/auth/identifier.ts'

export type Gender = 'woman' | 'man' | 'undisclosed'
export type Situation =
	| 'elected'
	| 'municipal_staff'
	| 'sse_member'
	| 'young_project'
	| 'entrepreneur'
	| 'other'
export type Migration =
	'none' | 'returnee' | 'migrant' | 'refugee' | 'idp' | 'undisclosed'

/** What a spreadsheet cell can hold: CSV gives strings, .xlsx also numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null | undefined

/** Lower case, no accents, every run of punctuation or spaces made one space. */
export function normalizeKey(value: string): string {
	return value
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim()
}

/** The text of a cell as the trainer sees it: trimmed, spaces collapsed. */
export function cellText(cell: Cell): string {
	if (cell === null || cell === undefined) return ''
	if (cell instanceof Date)
		return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10)
	if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : ''
	if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE'
	let text = cell
		.replace(/[\u00a0\u202f\u2007]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
	// Excel's trick to keep a leading zero in a CSV: ="0612345678"
	const formula = /^="(.*)"$/.exec(text)
	if (formula) text = (formula[1] ?? '').trim()
	return text
}

// What trainers write in a cell to say "nothing here".
const PLACEHOLDERS = new Set([
	'',
	'na',
	'n a',
	'neant',
	'aucun',
	'aucune',
	'none',
	'nil',
	'ras',
	'x',
	'nc',
	'nr',
	'pas de',
	'null',
])

/** A cell that is empty or holds a mere placeholder ("-", "N/A", "néant"…). */
export function isBlankValue(text: string): boolean {
	return /^[\s\-–—_./?]*$/.test(text) || PLACEHOLDERS.has(normalizeKey(text))
}

// Drops inclusive-writing endings so that "élu(e)", "élu·e", "retourné.e"
// read as the plain word: the feminine forms are listed separately.
function valueKey(value: string): string {
	return normalizeKey(
		value
			.replace(/\((?:e|es|s|ne|le|se)\)/gi, '')
			.replace(/[·•.](?:e|es)(?=\s|$|[,;)])/gi, ''),
	)
}

// ——— Gender ———

const UNDISCLOSED = [
	'nsp',
	'ne sait pas',
	'ne souhaite pas repondre',
	'ne souhaite pas le dire',
	'ne souhaite pas le preciser',
	'prefere ne pas repondre',
	'je prefere ne pas repondre',
	'prefere ne pas le dire',
	'non precise',
	'non renseigne',
	'non communique',
	'nr',
	'nc',
	'na',
	'n a',
	'prefer not to say',
	'prefer not to answer',
	'rather not say',
	'not specified',
	'not disclosed',
	'undisclosed',
	'unknown',
	'inconnu',
]

const GENDERS: Record<string, Gender> = {
	...Object.fromEntries(UNDISCLOSED.map((k) => [k, 'undisclosed' as const])),
	f: 'woman',
	femme: 'woman',
	femmes: 'woman',
	feminin: 'woman',
	fem: 'woman',
	fille: 'woman',
	mme: 'woman',
	madame: 'woman',
	w: 'woman',
	woman: 'woman',
	female: 'woman',
	// In French forms both F/H and F/M are used: "M" is masculin.
	h: 'man',
	m: 'man',
	homme: 'man',
	hommes: 'man',
	masculin: 'man',
	masc: 'man',
	garcon: 'man',
	mr: 'man',
	monsieur: 'man',
	man: 'man',
	male: 'man',
}

/** undefined: a value that means nothing known (the caller reports invalidGender). */
export function parseGender(text: string): Gender | null | undefined {
	if (text === '') return null
	if (/^[-–—?]+$/.test(text)) return 'undisclosed'
	return GENDERS[valueKey(text)]
}

// ——— Situation ———

const SITUATIONS: Record<Situation, string[]> = {
	elected: [
		'elected',
		'elu',
		'elue',
		'elus',
		'elu local',
		'elue locale',
		'elus locaux',
		'maire',
		'adjoint au maire',
		'adjointe au maire',
		'conseiller',
		'conseillere',
		'conseiller municipal',
		'conseillere municipale',
		'conseiller communal',
		'conseillere communale',
		'conseiller regional',
		'conseillere regionale',
		'president du conseil communal',
		'presidente du conseil communal',
		'membre du conseil communal',
		'membre du conseil municipal',
		'elected official',
		'local elected official',
		'elected representative',
		'mayor',
		'deputy mayor',
		'councillor',
		'councilor',
		'municipal councillor',
		'municipal councilor',
	],
	municipal_staff: [
		'municipal staff',
		'personnel communal',
		'personnel municipal',
		'personnel de la commune',
		'personnel de mairie',
		'agent communal',
		'agente communale',
		'agent municipal',
		'agente municipale',
		'agent de la commune',
		'employe communal',
		'employee communale',
		'employe municipal',
		'employee municipale',
		'fonctionnaire communal',
		'fonctionnaire municipal',
		'cadre communal',
		'secretaire general de mairie',
		'secretaire generale de mairie',
		'secretaire general de la commune',
		'council staff',
		'local government staff',
		'municipal employee',
		'municipal officer',
	],
	sse_member: [
		'sse member',
		'ess',
		'sse',
		'ues',
		'membre ues',
		'membre d une ues',
		'unite d economie sociale',
		'membre d une unite d economie sociale',
		'membre d unite d economie sociale',
		'economie sociale',
		'economie sociale et solidaire',
		'acteur de l ess',
		'actrice de l ess',
		'membre de l ess',
		'cooperative',
		'cooperatives',
		'membre de cooperative',
		'membre d une cooperative',
		'cooperateur',
		'cooperatrice',
		'gic',
		'membre de gic',
		'membre d un gic',
		'association',
		'membre d association',
		'membre d une association',
		'mutuelle',
		'membre d une mutuelle',
		'social economy',
		'social economy member',
		'member of a social economy unit',
		'social and solidarity economy',
		'cooperative member',
		'member of a cooperative',
	],
	young_project: [
		'young project',
		'jeune',
		'jeunes',
		'jeune porteur de projet',
		'jeune porteuse de projet',
		'jeunes porteurs de projet',
		'porteur de projet',
		'porteuse de projet',
		'young person with a project',
		'young project holder',
		'young project leader',
		'project holder',
		'youth',
	],
	entrepreneur: [
		'entrepreneur',
		'entrepreneure',
		'entrepreneuse',
		'entrepreneurs',
		'auto entrepreneur',
		'autoentrepreneur',
		'chef d entreprise',
		'cheffe d entreprise',
		'business owner',
		'self employed',
		'commercant',
		'commercante',
	],
	other: ['other', 'others', 'autre', 'autres'],
}

const SITUATION_BY_KEY = new Map<string, Situation>(
	(Object.entries(SITUATIONS) as [Situation, string[]][]).flatMap(
		([code, labels]) =>
			labels.map((label) => [normalizeKey(label), code] as const),
	),
)

function hasAny(words: Set<string>, list: string[]): boolean {
	return list.some((w) => words.has(w))
}

export function parseSituation(text: string): Situation | null | undefined {
	if (isBlankValue(text)) return null
	const key = valueKey(text)
	const exact = SITUATION_BY_KEY.get(key)
	if (exact) return exact
	// Longer labels ("Conseillère municipale de Bangangté", "Membre du GIC
	// des maraîchers"): the first telling word decides, most specific first.
	const words = new Set(key.split(' '))
	if (
		hasAny(words, [
			'maire',
			'elu',
			'elue',
			'elus',
			'mayor',
			'councillor',
			'councilor',
			'elected',
			'conseiller',
			'conseillere',
		])
	) {
		return 'elected'
	}
	if (
		hasAny(words, [
			'agent',
			'agente',
			'personnel',
			'employe',
			'employee',
			'fonctionnaire',
			'staff',
			'secretaire',
			'cadre',
		]) &&
		hasAny(words, [
			'communal',
			'communale',
			'municipal',
			'municipale',
			'commune',
			'mairie',
			'council',
		])
	) {
		return 'municipal_staff'
	}
	if (
		hasAny(words, [
			'cooperative',
			'cooperateur',
			'cooperatrice',
			'gic',
			'ues',
			'ess',
			'sse',
			'mutuelle',
			'association',
			'groupement',
		]) ||
		key.includes('economie sociale') ||
		key.includes('social economy')
	) {
		return 'sse_member'
	}
	if (
		hasAny(words, ['jeune', 'jeunes', 'young', 'youth', 'porteur', 'porteuse'])
	)
		return 'young_project'
	if (
		hasAny(words, [
			'entrepreneur',
			'entrepreneure',
			'entrepreneuse',
			'autoentrepreneur',
		])
	)
		return 'entrepreneur'
	return undefined
}

// ——— Migration ———

const MIGRATIONS: Record<Migration, string[]> = {
	none: [
		'none',
		'no',
		'non',
		'aucune',
		'aucun',
		'sans',
		'pas concerne',
		'non concerne',
		'non migrant',
		'non migrante',
		'pas de migration',
		'not applicable',
		'resident',
		'residente',
	],
	returnee: [
		'returnee',
		'returnees',
		'returned migrant',
		'return migrant',
		'retourne',
		'retournee',
		'retournes',
		'migrant de retour',
		'migrante de retour',
		'migrant retourne',
		'migrante retournee',
		'rapatrie',
		'rapatriee',
	],
	migrant: [
		'migrant',
		'migrante',
		'migrants',
		'immigre',
		'immigree',
		'immigrant',
		'immigrante',
	],
	refugee: ['refugee', 'refugees', 'refugie', 'refugiee', 'refugies'],
	idp: [
		'idp',
		'idps',
		'pdi',
		'deplace',
		'deplacee',
		'deplace interne',
		'deplacee interne',
		'deplaces internes',
		'personne deplacee interne',
		'personne deplacee',
		'internally displaced',
		'internally displaced person',
		'displaced',
	],
	undisclosed: [
		'undisclosed',
		...UNDISCLOSED.filter((k) => k !== 'na' && k !== 'n a'),
	],
}

const MIGRATION_BY_KEY = new Map<string, Migration>(
	(Object.entries(MIGRATIONS) as [Migration, string[]][]).flatMap(
		([code, labels]) =>
			labels.map((label) => [normalizeKey(label), code] as const),
	),
)

export function parseMigration(text: string): Migration | null | undefined {
	if (text === '') return null
	if (/^[-–—?]+$/.test(text)) return 'undisclosed'
	const key = valueKey(text)
	const exact = MIGRATION_BY_KEY.get(key)
	if (exact) return exact
	if (/\b(?:retour|rapatri|return)/.test(key)) return 'returnee'
	if (/\b(?:refugi|refugee)/.test(key)) return 'refugee'
	if (/\b(?:deplace|displaced)/.test(key)) return 'idp'
	if (/\b(?:migrant|immigr)/.test(key)) return 'migrant'
	return undefined
}

// ——— Country ———

const SUPPORTED_COUNTRIES = new Set<string>(getCountries())

const COUNTRY_ALIASES: Record<string, string[]> = {
	CM: [
		'cameroun',
		'cameroon',
		'cmr',
		'republique du cameroun',
		'republic of cameroon',
		'kamerun',
	],
	MA: [
		'maroc',
		'morocco',
		'mar',
		'royaume du maroc',
		'kingdom of morocco',
		'al maghrib',
		'المغرب',
	],
	CD: [
		'rdc',
		'rd congo',
		'congo kinshasa',
		'republique democratique du congo',
		'cod',
	],
	CG: ['congo', 'congo brazzaville', 'republique du congo', 'cog'],
	CF: ['rca', 'centrafrique', 'republique centrafricaine', 'caf'],
	CI: ['cote d ivoire', 'ivory coast', 'civ'],
	SN: ['sen'],
	GA: ['gab'],
	TD: ['tchad', 'tcd'],
	NG: ['nga'],
	GQ: ['gnq'],
	BJ: ['ben'],
	TG: ['tgo'],
	ML: ['mli'],
	BF: ['bfa'],
	NE: ['ner'],
	GN: ['gin'],
	TN: ['tun'],
	DZ: ['dza'],
	MR: ['mrt'],
	FR: ['fra'],
}

let countryByKey: Map<string, string> | undefined

function countryIndex(): Map<string, string> {
	if (countryByKey) return countryByKey
	const index = new Map<string, string>()
	const names = ['fr', 'en'].map(
		(lang) => new Intl.DisplayNames([lang], { type: 'region' }),
	)
	for (const code of SUPPORTED_COUNTRIES) {
		index.set(code.toLowerCase(), code)
		for (const displayNames of names) {
			const name = displayNames.of(code)
			if (name && name !== code) index.set(normalizeKey(name), code)
		}
	}
	for (const [code, aliases] of Object.entries(COUNTRY_ALIASES)) {
		for (const alias of aliases) index.set(normalizeKey(alias), code)
	}
	countryByKey = index
	return index
}

/** ISO 3166 alpha-2 code; null for an empty cell; undefined when not recognised. */
export function parseCountry(text: string): string | null | undefined {
	if (isBlankValue(text)) return null
	return countryIndex().get(normalizeKey(text))
}

// ——— Email ———

/** The address lower-cased, or undefined when it is not one (the same rule as sign-in: normalizeEmail). */
export function parseEmail(text: string): string | undefined {
	return normalizeEmail(text.replace(/^\s*mailto:/i, '')) ?? undefined
}

// ——— Phone ———

/**
 * E.164 (+237677123456), or undefined when it is not a valid number.
 * Numbers typed the local way ("6 77 12 34 56", "06 12 34 56 78") are read in
 * `country`; "00…" and "+…" are international. When a cell holds two numbers
 * ("677 12 34 56 / 699 00 11 22"), the first one is taken.
 */
export function parsePhone(cell: Cell, country: string): string | undefined {
	const digits = phoneDigits(cell)
	if (digits === undefined) return undefined
	const defaultCountry = SUPPORTED_COUNTRIES.has(country)
		? (country as CountryCode)
		: undefined
	const number = parsePhoneNumberFromString(digits, defaultCountry)
	return number?.isValid() ? number.number : undefined
}

/** The digits of the first number in a cell (with its "+" if any), or undefined when it is not a number. */
function phoneDigits(cell: Cell): string | undefined {
	const text =
		typeof cell === 'number' ? String(Math.trunc(cell)) : cellText(cell)
	const first =
		text
			.split(/\s*(?:[/;,|&]|\bou\b|\bor\b)\s*/i)
			.find((part) => part.trim() !== '') ?? ''
	// "Tél. : 677…", "677… (WhatsApp)" are fine; any other letter is not a number.
	const bare = first
		.replace(/\([^)]*\p{L}[^)]*\)/gu, ' ')
		.replace(/^\s*(?:t[ée]l|phone|mobile|whatsapp|gsm)\b\s*[.:]?\s*:?/i, '')
	if (/\p{L}/u.test(bare)) return undefined
	let digits = bare.replace(/[^\d+]/g, '')
	if (digits.startsWith('00')) digits = `+${digits.slice(2)}`
	if (digits.lastIndexOf('+') > 0) return undefined
	if (digits.replace('+', '').length < 6) return undefined
	return digits
}

/** The countries whose people Essor's programmes enrol: where a local number that fits nowhere else is looked for. */
export const PROGRAMME_COUNTRIES = ['CM', 'MA'] as const

/**
 * A number typed the local way ("06 12 34 56 78") that is not valid in
 * `country` but is in another programme country: which one, and the number
 * written with its country code, so the trainer can be told precisely.
 */
export function phoneOfOtherCountry(
	cell: Cell,
	country: string,
): { country: string; international: string } | undefined {
	const digits = phoneDigits(cell)
	if (digits === undefined || digits.startsWith('+')) return undefined
	for (const other of PROGRAMME_COUNTRIES) {
		if (other === country) continue
		const number = parsePhoneNumberFromString(digits, other)
		if (number?.isValid())
			return { country: other, international: number.formatInternational() }
	}
	return undefined
}

// ——— Birth year ———

export type BirthYearKind = 'year' | 'age'

const EXCEL_EPOCH = Date.UTC(1899, 11, 30)

/**
 * The year of birth from a year (1994), a date (12/03/1994, 1994-03-12,
 * "12 mars 1994", a date cell, or an unformatted Excel date serial), or, for
 * an "âge" column, the current year minus the age (so it may be one year
 * early for someone whose birthday has not come yet this year).
 * undefined when unreadable or implausible (outside 10–110 years old).
 */
export function parseBirthYear(
	cell: Cell,
	kind: BirthYearKind,
	currentYear: number,
): number | null | undefined {
	const text = cellText(cell)
	if (isBlankValue(text)) return null
	let year: number | undefined
	if (kind === 'age') {
		const match =
			/^(\d{1,3})(?:[.,]0+)?\s*(?:ans?|years?(?:\s+old)?|yo)?$/i.exec(text)
		if (match) year = currentYear - Number(match[1])
	} else if (cell instanceof Date) {
		year = cell.getUTCFullYear()
	} else if (typeof cell === 'number') {
		if (Number.isInteger(cell) && cell >= 1000 && cell <= 2999) year = cell
		else if (cell > 3000 && cell < 80000)
			year = new Date(
				EXCEL_EPOCH + Math.floor(cell) * 86_400_000,
			).getUTCFullYear()
	} else {
		let match: RegExpExecArray | null
		if ((match = /^(\d{4})(?:\.0+)?$/.exec(text))) year = Number(match[1])
		else if ((match = /^\d{1,2}[/.-]\d{1,2}[/.-](\d{4})$/.exec(text)))
			year = Number(match[1])
		else if (
			(match = /^(\d{4})[/.-]\d{1,2}[/.-]\d{1,2}(?:[T ].*)?$/.exec(text))
		)
			year = Number(match[1])
		else if ((match = /^\d{1,2}[/.-]\d{1,2}[/.-](\d{2})$/.exec(text))) {
			const yy = Number(match[1])
			year = 2000 + yy > currentYear - 10 ? 1900 + yy : 2000 + yy
		} else {
			const years = text.match(/\b(?:19|20)\d{2}\b/g)
			if (years?.length === 1) year = Number(years[0])
		}
	}
	if (year === undefined || year > currentYear - 10 || year < currentYear - 110)
		return undefined
	return year
}
