// Recognising the header of a roster, in French or English, whatever its
// case, accents, punctuation or plural: "NOM(S) ET PRÉNOM(S)", "N° de tél.",
// "E-mail", "Sexe (F/H)"…
import { normalizeKey, type BirthYearKind } from './roster-values.ts'
import type { RosterColumn } from './columns.ts'

export type RosterField = RosterColumn

// "nom" alone is either the full name or the last name: decided once the
// whole header is known (last name when there is a "prénom" column).
type HeaderMeaning =
	{ field: RosterField; birthYearKind?: BirthYearKind } | { field: 'nom' }

const SYNONYMS: Record<RosterField | 'age' | 'nom', string[]> = {
	nom: ['nom', 'noms'],
	name: [
		'nom complet',
		'nom et prénom',
		'nom et prénoms',
		'noms et prénoms',
		'nom prénom',
		'prénom et nom',
		'prénoms et nom',
		'prénom nom',
		'nom du participant',
		'nom de la participante',
		'nom du participant ou de la participante',
		'nom participant',
		'participant',
		'participante',
		'apprenant',
		'apprenante',
		"nom de l'apprenant",
		'bénéficiaire',
		'nom du bénéficiaire',
		'identité',
		'full name',
		'name',
		'names',
		'participant name',
		'learner',
		'learner name',
		'student name',
	],
	firstName: [
		'prénom',
		'prénoms',
		'first name',
		'firstname',
		'given name',
		'given names',
		'forename',
	],
	lastName: [
		'nom de famille',
		'last name',
		'lastname',
		'surname',
		'family name',
	],
	email: [
		'email',
		'e-mail',
		'mail',
		'courriel',
		'mél',
		'adresse électronique',
		'adresse email',
		'adresse e-mail',
		'adresse mail',
		'adresse courriel',
		'email address',
		'e-mail address',
	],
	phone: [
		'téléphone',
		'tel',
		'tél',
		'phone',
		'phone number',
		'telephone number',
		'mobile',
		'mobile phone',
		'mobile number',
		'portable',
		'numéro',
		'numéro de téléphone',
		'numéro de tel',
		'numéro de tél',
		'num tel',
		'n° de téléphone',
		'n° tél',
		'téléphone portable',
		'téléphone mobile',
		'tél portable',
		'contact téléphonique',
		'whatsapp',
		'numéro whatsapp',
		'téléphone whatsapp',
		'tél whatsapp',
		'cell',
		'cell phone',
		'cellphone',
		'gsm',
	],
	gender: ['sexe', 'genre', 'gender', 'sex', 'h/f', 'f/h', 'm/f', 'f/m'],
	birthYear: [
		'année de naissance',
		'an de naissance',
		'naissance',
		'né en',
		'née en',
		'né(e) en',
		'né le',
		'née le',
		'né(e) le',
		'date de naissance',
		'year of birth',
		'birth year',
		'date of birth',
		'birth date',
		'birthdate',
		'dob',
		'born',
		'born in',
	],
	age: ['âge', 'age', 'âge en années', 'age in years'],
	country: ['pays', 'country', 'pays de résidence', 'country of residence'],
	region: ['région', 'region', 'province', 'région administrative'],
	commune: [
		'commune',
		'commune de résidence',
		'municipalité',
		'municipality',
		'ville',
		'ville ou commune',
		'commune ou ville',
		'ville/commune',
		'commune/ville',
		'localité',
		'city',
		'town',
		'council',
	],
	situation: [
		'situation',
		'statut',
		'profil',
		'profil du participant',
		'catégorie',
		'type de participant',
		'status',
		'profile',
		'category',
		'participant type',
	],
	migration: [
		'migration',
		'situation migratoire',
		'statut migratoire',
		'statut de migration',
		'parcours migratoire',
		'migration status',
		'migratory status',
	],
}

// Words that change nothing: "N° de téléphone" = "téléphone", "nom et
// prénom" = "nom prénom". A trailing plural s is dropped too.
const STOP_WORDS = new Set([
	'n',
	'no',
	'et',
	'and',
	'de',
	'du',
	'des',
	'd',
	'la',
	'le',
	'les',
	'l',
	'of',
	'the',
	'en',
	'ou',
	'or',
	'your',
	'votre',
])

export function headerKey(header: string): string {
	return normalizeKey(header)
		.split(' ')
		.filter((w) => w !== '' && !STOP_WORDS.has(w))
		.map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w))
		.join(' ')
}

const MEANINGS = new Map<string, HeaderMeaning>()
for (const [field, labels] of Object.entries(SYNONYMS) as [
	keyof typeof SYNONYMS,
	string[],
][]) {
	for (const label of labels) {
		const meaning: HeaderMeaning =
			field === 'nom'
				? { field: 'nom' }
				: field === 'age'
					? { field: 'birthYear', birthYearKind: 'age' }
					: field === 'birthYear'
						? { field, birthYearKind: 'year' }
						: { field }
		if (!MEANINGS.has(headerKey(label))) MEANINGS.set(headerKey(label), meaning)
	}
}

function meaningOf(header: string): HeaderMeaning | undefined {
	const candidates = [
		header,
		// "Téléphone (WhatsApp)", "Sexe (F/H)", "Date de naissance (jj/mm/aaaa)"
		header.replace(/\([^)]*\)/g, ' '),
		// "Téléphone 1", "Email 2"
		header.replace(/\([^)]*\)/g, ' ').replace(/[\s_-]*\d+\s*$/, ''),
		// "Email *", "Téléphone :" are covered by normalisation.
	]
	for (const candidate of candidates) {
		const key = headerKey(candidate)
		if (key === '') continue
		const meaning = MEANINGS.get(key)
		if (meaning) return meaning
	}
	return undefined
}

export type ColumnMapping = {
	/** Column index of each recognised field (the first column wins when two mean the same). */
	index: Partial<Record<RosterField, number>>
	/** Original header of each recognised field. */
	headers: Partial<Record<RosterField, string>>
	birthYearKind: BirthYearKind
	/** Headers that mean nothing to the import, or repeat a field already mapped. */
	ignored: string[]
	/** How many distinct fields were recognised. */
	recognised: number
}

export function mapHeader(cells: string[]): ColumnMapping {
	const meanings = cells.map((cell) =>
		cell.trim() === '' ? undefined : meaningOf(cell),
	)
	const hasFirstName = meanings.some((m) => m?.field === 'firstName')
	const hasFullName = meanings.some((m) => m?.field === 'name')
	const mapping: ColumnMapping = {
		index: {},
		headers: {},
		birthYearKind: 'year',
		ignored: [],
		recognised: 0,
	}
	meanings.forEach((meaning, i) => {
		const header = (cells[i] ?? '').trim()
		if (header === '') return
		if (!meaning) {
			mapping.ignored.push(header)
			return
		}
		const field: RosterField =
			meaning.field === 'nom'
				? hasFirstName || hasFullName
					? 'lastName'
					: 'name'
				: meaning.field
		if (mapping.index[field] !== undefined) {
			mapping.ignored.push(header)
			return
		}
		mapping.index[field] = i
		mapping.headers[field] = header
		mapping.recognised++
		if (
			field === 'birthYear' &&
			'birthYearKind' in meaning &&
			meaning.birthYearKind
		)
			mapping.birthYearKind = meaning.birthYearKind
	})
	return mapping
}
