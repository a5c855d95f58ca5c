import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInstance } from 'i18next'
import { describe, expect, test } from 'vitest'
import en from '#app/i18n/locales/en.ts'
import fr from '#app/i18n/locales/fr.ts'
import {
	cohortCsv,
	cohortXlsxRows,
	englishCsv,
	frenchBomCsv,
	windows1252Csv,
} from '#tests/fixtures/roster/make-fixtures.ts'
import { writeXlsx } from '#tests/fixtures/roster/xlsx.ts'
import { mapHeader } from './roster-headers.ts'
import {
	parseBirthYear,
	parseCountry,
	parseEmail,
	parseGender,
	parseMigration,
	parsePhone,
	parseSituation,
} from './roster-values.ts'
import {
	MAX_COLUMNS,
	MAX_XLSX_UNPACKED_MB,
	parseRoster,
	problemMessageKey,
	rosterFileHash,
	ROSTER_COLUMNS,
	type FileProblem,
	type RosterParseResult,
	type RowProblem,
} from './roster.server.ts'
import { decodeText, encodeWindows1252 } from './text-decoding.ts'

const FIXTURES = join(process.cwd(), 'tests/fixtures/roster')
const fixture = (name: string) =>
	new Uint8Array(readFileSync(join(FIXTURES, name)))
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))
const currentYear = new Date().getFullYear()

type Ok = Extract<RosterParseResult, { ok: true }>

function ok(result: RosterParseResult): Ok {
	if (!result.ok)
		throw new Error(
			`expected a parsed roster, got ${JSON.stringify(result.problem)}`,
		)
	return result
}

async function parseCsv(
	text: string,
	options?: Parameters<typeof parseRoster>[2],
): Promise<Ok> {
	return ok(await parseRoster(utf8(text), 'participants.csv', options))
}

describe('fixture: UTF-8, comma, English headers', () => {
	test('reads every row, accents intact, with spreadsheet row numbers', async () => {
		const result = ok(
			await parseRoster(
				fixture('participants-en-utf8-virgule.csv'),
				'participants-en-utf8-virgule.csv',
			),
		)
		expect(result.encoding).toBe('utf-8')
		expect(result.delimiter).toBe(',')
		expect(result.problems).toEqual([])
		expect(result.totalRows).toBe(6)
		expect(result.columns).toEqual({
			name: 'Full name',
			email: 'Email',
			phone: 'Phone',
			gender: 'Gender',
			birthYear: 'Year of birth',
			country: 'Country',
			region: 'Region',
			commune: 'City',
			situation: 'Status',
			migration: 'Migration status',
		})
		expect(result.ignoredHeaders).toEqual(['Notes'])
		// Row 3 holds a line break inside quotes: one row in Excel, so the next
		// rows keep Excel's numbers; row 7 is blank.
		expect(result.rows.map((r) => [r.row, r.name])).toEqual([
			[2, 'Abdoulaye Bakari'],
			[3, 'Ngo Biyong Hélène'],
			[4, 'Fatima-Zahra El Amrani'],
			[5, 'Mbarga Éloïse'],
			[6, 'Youssef Aït Benhaddou'],
			[8, 'Chantal Mvogo Ndzana'],
		])
		expect(result.rows[1]).toEqual({
			row: 3,
			name: 'Ngo Biyong Hélène',
			email: 'helene.ngobiyong@example.org',
			phone: '+237699456789',
			gender: 'woman',
			birthYear: 1988,
			country: 'CM',
			region: 'Littoral',
			commune: 'Douala 5e, Kotto',
			situation: 'municipal_staff',
			migration: null,
		})
		expect(
			result.rows.map((r) => [
				r.phone,
				r.country,
				r.gender,
				r.situation,
				r.migration,
			]),
		).toEqual([
			['+237677123456', 'CM', 'man', 'young_project', 'none'],
			['+237699456789', 'CM', 'woman', 'municipal_staff', null],
			['+212661234567', 'MA', 'woman', 'sse_member', 'returnee'],
			['+237655987654', 'CM', 'woman', 'entrepreneur', 'undisclosed'],
			// "06 12 34 56 78" read as Moroccan because the row says MA.
			['+212612345678', 'MA', 'man', 'elected', 'migrant'],
			[null, 'CM', 'woman', 'other', 'idp'],
		])
	})
})

describe('fixture: UTF-8 with BOM, semicolon, CRLF, French headers', () => {
	test('strips the BOM, builds "Prénom Nom", skips the blank row but counts it', async () => {
		const bytes = fixture('participants-fr-utf8-bom-pointvirgule-crlf.csv')
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
		expect(Buffer.from(bytes).includes('\r\n')).toBe(true)
		const result = ok(await parseRoster(bytes, 'participants.csv'))
		expect(result.encoding).toBe('utf-8')
		expect(result.delimiter).toBe(';')
		expect(result.problems).toEqual([])
		expect(result.columns).toEqual({
			lastName: 'Nom',
			firstName: 'Prénom',
			phone: 'Téléphone',
			email: 'Courriel',
			gender: 'Sexe',
			birthYear: 'Année de naissance',
			country: 'Pays',
			region: 'Région',
			commune: 'Commune',
			situation: 'Statut',
			migration: 'Situation migratoire',
		})
		// The two empty trailing header cells are not "ignored headers".
		expect(result.ignoredHeaders).toEqual([])
		expect(result.rows.map((r) => [r.row, r.name, r.phone, r.email])).toEqual([
			[2, 'Hélène Ngo Biyong', '+237677123456', 'helene.ngobiyong@example.org'],
			[3, 'Abdoulaye Bakari', '+237677123457', null],
			[5, 'Fatima-Zahra El Amrani', '+212661234567', 'fz.elamrani@example.org'],
			[6, 'Éloïse Mbarga', '+237655987654', null],
			[7, 'Jean-Paul Nkoulou', '+237699001122', 'jp.nkoulou@example.org'],
		])
		expect(
			result.rows.map((r) => [
				r.country,
				r.region,
				r.commune,
				r.situation,
				r.migration,
				r.birthYear,
			]),
		).toEqual([
			['CM', 'Littoral', 'Douala 5e', 'elected', 'none', 1988],
			['CM', 'Nord', 'Garoua 1er', 'young_project', 'returnee', 1996],
			['MA', 'Rabat-Salé-Kénitra', 'Salé', 'sse_member', 'none', 1999],
			['CM', 'Centre', 'Yaoundé 3e', 'entrepreneur', 'refugee', 2001],
			['CM', 'Est', 'Bertoua 1er', 'elected', null, null],
		])
	})
})

describe('fixture: Windows-1252, semicolon', () => {
	test('the fixture really is Windows-1252', () => {
		const bytes = fixture('participants-fr-windows-1252-pointvirgule.csv')
		expect(bytes.includes(0xe9)).toBe(true) // é
		expect(bytes.includes(0x92)).toBe(true) // ’, which ISO-8859-1 lacks
		expect(() =>
			new TextDecoder('utf-8', { fatal: true }).decode(bytes),
		).toThrow()
	})

	test('decodes é è à ç ô ï ’ and reads dates of birth', async () => {
		const result = ok(
			await parseRoster(
				fixture('participants-fr-windows-1252-pointvirgule.csv'),
				'Participants.CSV',
			),
		)
		expect(result.encoding).toBe('windows-1252')
		expect(result.delimiter).toBe(';')
		expect(result.problems).toEqual([])
		expect(result.columns).toEqual({
			name: 'Nom et prénom',
			phone: 'Tél.',
			email: 'E-mail',
			gender: 'Genre',
			birthYear: 'Date de naissance',
			country: 'Pays',
			commune: 'Ville',
			situation: 'Profil',
		})
		expect(
			result.rows.map((r) => [
				r.row,
				r.name,
				r.commune,
				r.birthYear,
				r.phone,
				r.situation,
			]),
		).toEqual([
			[2, 'Mbarga Éloïse', 'Yaoundé', 2001, '+237655987654', 'entrepreneur'],
			[3, 'Ngo Biyong Hélène', 'Douala', 1988, '+237699456789', 'elected'],
			[
				4,
				'Fatima-Zahra El Amrani',
				'Salé',
				1999,
				'+212661234567',
				'sse_member',
			],
			[
				5,
				'François Essomba Atangana',
				'Ébolowa',
				1979,
				'+237677889900',
				'municipal_staff',
			],
			[6, 'Aïcha Benjelloun', 'Fès', null, '+212712345678', 'young_project'],
			[7, 'Jérôme N’Djock', 'Dschang', null, '+237690123456', 'elected'],
		])
	})

	test('decoding by hand fixes what Node’s windows-1252 decoder leaves as C1 controls', () => {
		const decoded = decodeText(encodeWindows1252('Œuvre – N’Djock “GIC” 5 €'))
		expect(decoded).toEqual({
			ok: true,
			text: 'Œuvre – N’Djock “GIC” 5 €',
			encoding: 'windows-1252',
		})
	})
})

describe('fixture: cohorte-20-3-erreurs (20 learners, 3 bad rows)', () => {
	const expectedProblems: RowProblem[] = [
		{ row: 7, column: null, code: 'missingContact', value: '' },
		{ row: 12, column: 'phone', code: 'invalidPhone', value: '6 77 12 34' },
		{
			row: 18,
			column: 'email',
			code: 'invalidEmail',
			value: 'pelagie.ngono@example',
		},
	]

	test('CSV: 17 valid rows, the 3 bad ones named by row, column and reason', async () => {
		const result = ok(
			await parseRoster(
				fixture('cohorte-20-3-erreurs.csv'),
				'cohorte-20-3-erreurs.csv',
			),
		)
		expect(result.totalRows).toBe(20)
		expect(result.rows).toHaveLength(17)
		expect(result.problems).toEqual(expectedProblems)
		expect(result.rows.map((r) => r.row)).toEqual([
			2, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 20, 21,
		])
		expect(
			result.rows.every(
				(r) => r.phone === null || /^\+2376\d{8}$/.test(r.phone),
			),
		).toBe(true)
		expect(result.rows[0]).toMatchObject({
			name: 'Ngo Biyong Hélène',
			phone: '+237677102031',
			situation: 'elected',
		})
	})

	test('.xlsx of the same cohort (phones and years stored as numbers): same rows, same problems', async () => {
		const csv = ok(
			await parseRoster(
				fixture('cohorte-20-3-erreurs.csv'),
				'cohorte-20-3-erreurs.csv',
			),
		)
		const xlsx = ok(
			await parseRoster(
				fixture('cohorte-20-3-erreurs.xlsx'),
				'cohorte-20-3-erreurs.xlsx',
			),
		)
		expect(xlsx.encoding).toBe('xlsx')
		expect(xlsx.delimiter).toBeNull()
		expect(xlsx.rows).toEqual(csv.rows)
		// The invalid phone was typed as digits, so Excel stored the number 6771234.
		expect(xlsx.problems).toEqual([
			expectedProblems[0],
			{ ...expectedProblems[1], value: '6771234' },
			expectedProblems[2],
		])
	})

	test('the committed fixtures are what make-fixtures.ts writes', async () => {
		const bom = [0xef, 0xbb, 0xbf]
		expect(fixture('cohorte-20-3-erreurs.csv')).toEqual(
			new Uint8Array([...bom, ...utf8(cohortCsv)]),
		)
		expect(fixture('participants-en-utf8-virgule.csv')).toEqual(
			utf8(englishCsv),
		)
		expect(fixture('participants-fr-utf8-bom-pointvirgule-crlf.csv')).toEqual(
			new Uint8Array([...bom, ...utf8(frenchBomCsv)]),
		)
		expect(fixture('participants-fr-windows-1252-pointvirgule.csv')).toEqual(
			encodeWindows1252(windows1252Csv),
		)
		const generated = ok(
			await parseRoster(writeXlsx(cohortXlsxRows()), 'x.xlsx'),
		)
		const committed = ok(
			await parseRoster(fixture('cohorte-20-3-erreurs.xlsx'), 'x.xlsx'),
		)
		expect(committed).toEqual(generated)
	})
})

describe('Excel .xlsx', () => {
	test('numbers typed as numbers, a date cell, a title above the header, a blank row', async () => {
		const data = writeXlsx([
			['Liste des participants – Cohorte Rabat / Yaoundé 2025'],
			[],
			[
				'N°',
				'Nom',
				'Prénom',
				'Téléphone',
				'E-mail',
				'Sexe (F/H)',
				'Année de naissance',
				'Pays',
				'Commune',
				'Statut',
				'Observations',
			],
			[
				1,
				'El Amrani',
				'Fatima-Zahra',
				612345678,
				'FZ.ElAmrani@Example.org',
				'F',
				1999,
				'Maroc',
				'Salé',
				'Coopérative',
				null,
			],
			[
				2,
				'Ngo Biyong',
				'Hélène',
				677123456,
				null,
				'F',
				new Date(Date.UTC(1988, 10, 3)),
				'Cameroun',
				'Douala 5e',
				'Élue',
				'Absente J1',
			],
			[null],
			[
				3,
				'Bakari',
				'Abdoulaye',
				237699001122,
				null,
				'H',
				1996,
				'CM',
				'Garoua 1er',
				'Jeune porteur de projet',
				null,
			],
			[
				4,
				'Benjelloun',
				'Aïcha',
				'+212 7 12 34 56 78',
				null,
				'F',
				34768,
				'MA',
				'Fès',
				'Autre',
				null,
			],
			[5, null, null, null, null, null, null, null, null, null, null],
		])
		const result = ok(await parseRoster(data, 'Liste participants.xlsx'))
		expect(result.encoding).toBe('xlsx')
		expect(result.delimiter).toBeNull()
		expect(result.problems).toEqual([])
		expect(result.ignoredHeaders).toEqual(['N°', 'Observations'])
		expect(result.columns.gender).toBe('Sexe (F/H)')
		expect(result.totalRows).toBe(4)
		expect(result.rows).toEqual([
			{
				row: 4,
				name: 'Fatima-Zahra El Amrani',
				email: 'fz.elamrani@example.org',
				phone: '+212612345678', // 612345678 as a number: the leading 0 Excel dropped is not needed
				gender: 'woman',
				birthYear: 1999,
				country: 'MA',
				region: null,
				commune: 'Salé',
				situation: 'sse_member',
				migration: null,
			},
			expect.objectContaining({
				row: 5,
				name: 'Hélène Ngo Biyong',
				phone: '+237677123456',
				birthYear: 1988,
				country: 'CM',
			}),
			expect.objectContaining({
				row: 7,
				name: 'Abdoulaye Bakari',
				phone: '+237699001122',
				birthYear: 1996,
			}),
			// 34768 is an unformatted Excel date (1995-03-08).
			expect.objectContaining({
				row: 8,
				name: 'Aïcha Benjelloun',
				phone: '+212712345678',
				birthYear: 1995,
			}),
		])
	})

	test('the first sheet with data is read; problems carry Excel row numbers', async () => {
		const data = writeXlsx([
			['Name', 'Phone', 'Gender'],
			['Abdoulaye Bakari', 677123456, 'X'],
			[null, 699001122, 'F'],
		])
		const result = ok(await parseRoster(data, 'roster.xlsx'))
		expect(result.problems).toEqual([
			{ row: 2, column: 'gender', code: 'invalidGender', value: 'X' },
			{ row: 3, column: 'name', code: 'missingName', value: '' },
		])
	})
})

describe('headers', () => {
	test.each([
		['Nom complet', 'name'],
		['NOMS ET PRÉNOMS', 'name'],
		['Nom(s) et prénom(s)', 'name'],
		['Nom & Prénom', 'name'],
		['Full Name', 'name'],
		['participant', 'name'],
		['Prénom', 'firstName'],
		['First name', 'firstName'],
		['given_name', 'firstName'],
		['Nom de famille', 'lastName'],
		['Surname', 'lastName'],
		['E-mail', 'email'],
		['Adresse électronique', 'email'],
		['courriel', 'email'],
		['Mail', 'email'],
		['Téléphone', 'phone'],
		['TEL.', 'phone'],
		['Tél', 'phone'],
		['N° de téléphone', 'phone'],
		['Numéro', 'phone'],
		['Portable', 'phone'],
		['WhatsApp', 'phone'],
		['Téléphone (WhatsApp)', 'phone'],
		['Mobile', 'phone'],
		['Sexe', 'gender'],
		['Genre', 'gender'],
		['H/F', 'gender'],
		['Année de naissance', 'birthYear'],
		['Né(e) en', 'birthYear'],
		['Date de naissance (jj/mm/aaaa)', 'birthYear'],
		['Date of birth', 'birthYear'],
		['Âge', 'birthYear'],
		['Pays', 'country'],
		['Country', 'country'],
		['Région', 'region'],
		['Commune', 'commune'],
		['Ville', 'commune'],
		['Municipality', 'commune'],
		['Council', 'commune'],
		['Statut', 'situation'],
		['Profil', 'situation'],
		['Status', 'situation'],
		['Situation', 'situation'],
		['Situation migratoire', 'migration'],
		['Migration status', 'migration'],
	])('%s → %s', (header, field) => {
		const mapping = mapHeader([header])
		expect(mapping.headers).toEqual({ [field]: header })
	})

	test('a lone "Nom" is the full name; beside "Prénom" it is the last name', () => {
		expect(mapHeader(['Nom', 'Téléphone']).headers).toEqual({
			name: 'Nom',
			phone: 'Téléphone',
		})
		expect(mapHeader(['Prénom', 'Nom', 'Téléphone']).headers).toEqual({
			firstName: 'Prénom',
			lastName: 'Nom',
			phone: 'Téléphone',
		})
	})

	test('an age column gives birth years as current year − age', async () => {
		expect(mapHeader(['Âge']).birthYearKind).toBe('age')
		const result = await parseCsv(
			'Nom;Téléphone;Âge\nAbdoulaye Bakari;677123456;30\nMbarga Éloïse;655987654;24 ans\n',
		)
		expect(result.rows.map((r) => r.birthYear)).toEqual([
			currentYear - 30,
			currentYear - 24,
		])
	})

	test('a second column for the same field is ignored, as are unknown ones', () => {
		const mapping = mapHeader([
			'Nom',
			'Téléphone 1',
			'Téléphone 2',
			'Département',
			'',
			'Email',
		])
		expect(mapping.headers).toEqual({
			name: 'Nom',
			phone: 'Téléphone 1',
			email: 'Email',
		})
		expect(mapping.ignored).toEqual(['Téléphone 2', 'Département'])
	})
})

describe('values', () => {
	test.each([
		['F', 'woman'],
		['Femme', 'woman'],
		['féminin', 'woman'],
		['Woman', 'woman'],
		['female', 'woman'],
		['W', 'woman'],
		['H', 'man'],
		['M', 'man'],
		['Homme', 'man'],
		['Masculin', 'man'],
		['Man', 'man'],
		['male', 'man'],
		['-', 'undisclosed'],
		['NSP', 'undisclosed'],
		['prefer not to say', 'undisclosed'],
		['Ne souhaite pas répondre', 'undisclosed'],
		['', null],
		['X', undefined],
	])('gender %j → %j', (text, expected) => {
		expect(parseGender(text)).toBe(expected)
	})

	test.each([
		['élu(e)', 'elected'],
		['Élue', 'elected'],
		['Maire', 'elected'],
		['Conseillère municipale de Bangangté', 'elected'],
		['conseiller municipal', 'elected'],
		['elected', 'elected'],
		['Personnel communal', 'municipal_staff'],
		['Agent communal', 'municipal_staff'],
		['Secrétaire général de mairie', 'municipal_staff'],
		['Municipal staff', 'municipal_staff'],
		['municipal_staff', 'municipal_staff'],
		["Membre d'une unité d'économie sociale", 'sse_member'],
		['Coopérative', 'sse_member'],
		['GIC', 'sse_member'],
		['Membre du GIC des maraîchers de Foumbot', 'sse_member'],
		['sse_member', 'sse_member'],
		['Jeune porteur de projet', 'young_project'],
		['jeune porteuse de projet', 'young_project'],
		['Young person with a project', 'young_project'],
		['young_project', 'young_project'],
		['Entrepreneur(e)', 'entrepreneur'],
		['Entrepreneure', 'entrepreneur'],
		['Autre', 'other'],
		['other', 'other'],
		['', null],
		['Enseignant', undefined],
	])('situation %j → %j', (text, expected) => {
		expect(parseSituation(text)).toBe(expected)
	})

	test.each([
		['Aucune', 'none'],
		['none', 'none'],
		['Non', 'none'],
		['Retourné(e)', 'returnee'],
		['Migrante de retour', 'returnee'],
		['returnee', 'returnee'],
		['Migrant(e)', 'migrant'],
		['migrante', 'migrant'],
		['Réfugié(e)', 'refugee'],
		['refugee', 'refugee'],
		['Déplacé(e) interne', 'idp'],
		['déplacée interne', 'idp'],
		['IDP', 'idp'],
		['PDI', 'idp'],
		['Internally displaced', 'idp'],
		['NSP', 'undisclosed'],
		['', null],
		['Touriste', undefined],
	])('migration %j → %j', (text, expected) => {
		expect(parseMigration(text)).toBe(expected)
	})

	test.each([
		['Cameroun', 'CM'],
		['Cameroon', 'CM'],
		['CM', 'CM'],
		['cmr', 'CM'],
		['Maroc', 'MA'],
		['Morocco', 'MA'],
		['MA', 'MA'],
		['MAR', 'MA'],
		['Sénégal', 'SN'],
		["Côte d'Ivoire", 'CI'],
		['Tchad', 'TD'],
		['FR', 'FR'],
		['', null],
		['Camerounn', undefined],
		['ZZ', undefined],
	])('country %j → %j', (text, expected) => {
		expect(parseCountry(text)).toBe(expected)
	})

	test.each([
		['  Helene.NgoBiyong@Example.ORG ', 'helene.ngobiyong@example.org'],
		['mailto:fz.elamrani@example.org', 'fz.elamrani@example.org'],
		['pelagie.ngono@example', undefined],
		['pelagie ngono@example.org', undefined],
		['hélène@example.org', undefined],
		['abdou@@example.org', undefined],
		['abdou..bakari@example.org', undefined],
	])('email %j → %j', (text, expected) => {
		expect(parseEmail(text)).toBe(expected)
	})

	test.each<[string | number, string, string | undefined]>([
		// Cameroon: 9 digits starting with 6 (mobile) or 2 (fixed)
		['6 77 12 34 56', 'CM', '+237677123456'],
		['677-123-456', 'CM', '+237677123456'],
		['677.12.34.56', 'CM', '+237677123456'],
		['00237 677 12 34 56', 'CM', '+237677123456'],
		['+237 6 77 12 34 56', 'CM', '+237677123456'],
		['(+237) 677 12 34 56', 'MA', '+237677123456'],
		['237677123456', 'CM', '+237677123456'],
		[677123456, 'CM', '+237677123456'],
		[237677123456, 'CM', '+237677123456'],
		['222 23 45 67', 'CM', '+237222234567'],
		['677 12 34 56 / 699 00 11 22', 'CM', '+237677123456'],
		['Tél : 677 12 34 56', 'CM', '+237677123456'],
		['677 12 34 56 (WhatsApp)', 'CM', '+237677123456'],
		['="677123456"', 'CM', '+237677123456'],
		// Morocco: 0 + 9 digits locally
		['06 12 34 56 78', 'MA', '+212612345678'],
		['0712345678', 'MA', '+212712345678'],
		['+212 6 12 34 56 78', 'CM', '+212612345678'],
		['00212612345678', 'CM', '+212612345678'],
		[612345678, 'MA', '+212612345678'],
		// invalid
		['6 77 12 34', 'CM', undefined],
		['6771234567', 'CM', undefined],
		['06 12 34 56 78', 'CM', undefined],
		['12345', 'CM', undefined],
		['pas de téléphone', 'CM', undefined],
		['+237 677 12 34 56 +33', 'CM', undefined],
	])('phone %j in %s → %j', (input, country, expected) => {
		expect(parsePhone(input, country)).toBe(expected)
	})

	test.each<
		[string | number | Date, 'year' | 'age', number | null | undefined]
	>([
		['1994', 'year', 1994],
		[1994, 'year', 1994],
		['12/03/1994', 'year', 1994],
		['1994-03-12', 'year', 1994],
		['12.03.1994', 'year', 1994],
		['12 mars 1994', 'year', 1994],
		[new Date(Date.UTC(1994, 2, 12)), 'year', 1994],
		[34405, 'year', 1994], // Excel serial of 1994-03-12
		['', 'year', null],
		['1850', 'year', undefined],
		[String(currentYear), 'year', undefined],
		['vers 30 ans', 'year', undefined],
		['30', 'age', currentYear - 30],
		[30, 'age', currentYear - 30],
		['30 ans', 'age', currentYear - 30],
		['3', 'age', undefined],
	])('birth year %j (%s) → %j', (input, kind, expected) => {
		expect(parseBirthYear(input, kind, currentYear)).toBe(expected)
	})
})

describe('rows and problems', () => {
	test('every problem of a row is reported, each with its column; the row is left out', async () => {
		const result = await parseCsv(
			[
				'Nom,Email,Téléphone,Sexe,Année de naissance,Pays,Statut,Situation migratoire',
				',pas-un-email,12345,Z,1850,Atlantide,Enseignant,Touriste',
				'Mbarga Éloïse,,,F,,,,',
				'Abdoulaye Bakari,abdoulaye.bakari@example.org,677123456,H,1996,CM,GIC,Aucune',
			].join('\n'),
		)
		expect(result.problems).toEqual([
			{ row: 2, column: 'name', code: 'missingName', value: '' },
			{ row: 2, column: 'email', code: 'invalidEmail', value: 'pas-un-email' },
			{ row: 2, column: 'phone', code: 'invalidPhone', value: '12345' },
			{ row: 2, column: 'gender', code: 'invalidGender', value: 'Z' },
			{ row: 2, column: 'birthYear', code: 'invalidBirthYear', value: '1850' },
			{ row: 2, column: 'country', code: 'unknownCountry', value: 'Atlantide' },
			{
				row: 2,
				column: 'situation',
				code: 'invalidSituation',
				value: 'Enseignant',
			},
			{
				row: 2,
				column: 'migration',
				code: 'invalidMigration',
				value: 'Touriste',
			},
			{ row: 3, column: null, code: 'missingContact', value: '' },
		])
		expect(result.rows.map((r) => r.row)).toEqual([4])
		expect(result.totalRows).toBe(3)
	})

	test('duplicates of an earlier valid row, by email (any case) or phone (any format)', async () => {
		const result = await parseCsv(
			[
				'Nom complet;Email;Téléphone',
				'Ngo Biyong Hélène;helene.ngobiyong@example.org;677 12 34 56',
				'Hélène Ngo Biyong;HELENE.NGOBIYONG@example.org;',
				'Abdoulaye Bakari;;+237 6 77 12 34 56',
				'Mbarga Éloïse;pas-un-email;655 98 76 54',
				'Éloïse Mbarga;;655-987-654',
			].join('\n'),
		)
		expect(result.problems).toEqual([
			{
				row: 3,
				column: 'email',
				code: 'duplicateInFile',
				value: 'HELENE.NGOBIYONG@example.org',
			},
			{
				row: 4,
				column: 'phone',
				code: 'duplicateInFile',
				value: '+237 6 77 12 34 56',
			},
			{ row: 5, column: 'email', code: 'invalidEmail', value: 'pas-un-email' },
		])
		// Row 5 was invalid, so row 6 (same phone) is the first valid one.
		expect(result.rows.map((r) => r.row)).toEqual([2, 6])
	})

	test('local numbers use the row’s country, else defaultCountry (CM unless told)', async () => {
		const csv =
			'Nom,Téléphone,Pays\nAïcha Benjelloun,06 12 34 56 78,\nYoussef Aït Benhaddou,06 61 23 45 67,Maroc\n'
		const cameroon = await parseCsv(csv)
		// Not valid in Cameroon, valid in Morocco: the problem says so (roster-rules.test.ts).
		expect(cameroon.problems).toEqual([
			{
				row: 2,
				column: 'phone',
				code: 'phoneOtherCountry',
				value: '06 12 34 56 78',
				country: 'MA',
				expected: 'CM',
				expectedFrom: 'cohort',
				suggestion: '+212 6 12 34 56 78',
			},
		])
		expect(cameroon.rows.map((r) => r.phone)).toEqual(['+212661234567'])
		const morocco = await parseCsv(csv, { defaultCountry: 'MA' })
		expect(morocco.problems).toEqual([])
		expect(morocco.rows.map((r) => [r.phone, r.country])).toEqual([
			['+212612345678', null],
			['+212661234567', 'MA'],
		])
	})

	test('blank rows count in numbering; placeholders and trailing empty columns are nothing', async () => {
		const result = await parseCsv(
			[
				'Nom,Téléphone,Email,Région,,',
				'',
				'Abdoulaye Bakari,677123456,-,N/A,,',
				',,,,,',
				'   ',
				'Mbarga Éloïse,néant,eloise.mbarga@example.org,Centre,,',
			].join('\r\n'),
		)
		expect(result.problems).toEqual([])
		expect(result.rows.map((r) => [r.row, r.phone, r.email, r.region])).toEqual(
			[
				[3, '+237677123456', null, null],
				[6, null, 'eloise.mbarga@example.org', 'Centre'],
			],
		)
	})

	test('rows before the header (a title) and Excel’s "sep=;" line', async () => {
		const titled = await parseCsv(
			'Liste des participants, cohorte de Dschang\n\nNom;Téléphone\nNana Tchoffo Bérénice;699 41 52 63\n',
		)
		expect(titled.delimiter).toBe(';')
		expect(titled.rows.map((r) => [r.row, r.name])).toEqual([
			[4, 'Nana Tchoffo Bérénice'],
		])
		// Excel hides the "sep=" line: the header is its row 1.
		const sep = await parseCsv(
			'sep=;\r\nNom;Téléphone\r\nNana Tchoffo Bérénice;699 41 52 63\r\n',
		)
		expect(sep.rows.map((r) => r.row)).toEqual([2])
	})

	test('a tab-separated file, and a quoted field holding the delimiter', async () => {
		const tabs = await parseCsv(
			'Nom\tTéléphone\tCommune\nHamadou Oumarou\t696 54 32 10\t"Ngaoundéré 1er\tquartier"\n',
		)
		expect(tabs.delimiter).toBe('\t')
		expect(tabs.rows[0]).toMatchObject({
			name: 'Hamadou Oumarou',
			phone: '+237696543210',
			commune: 'Ngaoundéré 1er quartier',
		})
	})
})

describe('file problems', () => {
	const problemOf = async (
		data: Uint8Array,
		name: string,
		options?: Parameters<typeof parseRoster>[2],
	) => {
		const result = await parseRoster(data, name, options)
		if (result.ok) throw new Error('expected a file problem')
		return result.problem
	}

	test('empty: no bytes, blank text, a BOM alone, a header alone', async () => {
		expect((await problemOf(new Uint8Array(), 'a.csv')).code).toBe('empty')
		expect((await problemOf(utf8(' \r\n\r\n'), 'a.csv')).code).toBe('empty')
		expect(
			(await problemOf(new Uint8Array([0xef, 0xbb, 0xbf]), 'a.csv')).code,
		).toBe('empty')
		expect(
			(await problemOf(utf8('Nom;Téléphone\r\n;\r\n'), 'a.csv')).code,
		).toBe('empty')
		expect((await problemOf(writeXlsx([]), 'a.xlsx')).code).toBe('empty')
	})

	test('noHeader: data from the first row on', async () => {
		expect(
			await problemOf(
				utf8('Ngo Biyong Hélène;677123456\nAbdoulaye Bakari;699001122\n'),
				'a.csv',
			),
		).toMatchObject({
			code: 'noHeader',
		})
	})

	test('missingNameColumn and missingContactColumn', async () => {
		expect(
			await problemOf(utf8('Téléphone;Commune\n677123456;Dschang\n'), 'a.csv'),
		).toEqual({ code: 'missingNameColumn' })
		expect(
			await problemOf(utf8('Nom;Commune\nNgo Biyong Hélène;Douala\n'), 'a.csv'),
		).toEqual({ code: 'missingContactColumn' })
	})

	test('unsupportedType: an old .xls, by its bytes or its name; other formats', async () => {
		const ole2 = new Uint8Array([
			0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0,
		])
		expect(await problemOf(ole2, 'participants.xls')).toEqual({
			code: 'unsupportedType',
			detail: '.xls',
		})
		expect(await problemOf(ole2, 'participants.csv')).toEqual({
			code: 'unsupportedType',
			detail: '.xls',
		})
		// An .xlsx renamed .xls is read all the same.
		expect(
			ok(
				await parseRoster(
					writeXlsx([
						['Nom', 'Tél'],
						['Haman Ousmanou', 651234578],
					]),
					'participants.xls',
				),
			).rows,
		).toHaveLength(1)
		expect(
			await problemOf(utf8('Nom;Téléphone\n'), 'participants.XLS'),
		).toEqual({ code: 'unsupportedType', detail: '.xls' })
		expect(await problemOf(utf8('%PDF-1.7'), 'liste.pdf')).toEqual({
			code: 'unsupportedType',
			detail: '.pdf',
		})
		expect(await problemOf(writeXlsx([['Nom']]), 'liste.ods')).toEqual({
			code: 'unsupportedType',
			detail: '.ods',
		})
	})

	test('unreadable: a broken .xlsx, UTF-16 text, binary, an unclosed quote', async () => {
		expect((await problemOf(utf8('Nom;Téléphone\n'), 'liste.xlsx')).code).toBe(
			'unreadable',
		)
		expect(
			(
				await problemOf(
					new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]),
					'liste.xlsx',
				)
			).code,
		).toBe('unreadable')
		const utf16 = new Uint8Array([
			0xff,
			0xfe,
			...Buffer.from('Nom\tTéléphone\r\n', 'utf16le'),
		])
		expect(await problemOf(utf16, 'liste.txt')).toMatchObject({
			code: 'unreadable',
		})
		expect(
			await problemOf(new Uint8Array([0x4e, 0x6f, 0x6d, 0, 1, 2]), 'liste.csv'),
		).toMatchObject({ code: 'unreadable' })
		expect(
			await problemOf(
				utf8('Nom;Téléphone\n"Ngo Biyong;677123456\n'),
				'liste.csv',
			),
		).toMatchObject({ code: 'unreadable' })
	})

	test('tooManyRows over maxRows (blank rows do not count)', async () => {
		const csv = 'Nom;Téléphone\nA;677000001\n\nB;677000002\nC;677000003\n'
		expect(
			ok(await parseRoster(utf8(csv), 'a.csv', { maxRows: 3 })).totalRows,
		).toBe(3)
		expect(await problemOf(utf8(csv), 'a.csv', { maxRows: 2 })).toEqual({
			code: 'tooManyRows',
			detail: '2',
		})
	})

	test('tooLargeUnpacked: an .xlsx whose XML inflates past the limit (a zip bomb) is not unpacked', async () => {
		// ~25 MB of XML in a few dozen KB of zip.
		const bomb = writeXlsx([
			['Nom', 'Téléphone'],
			['A'.repeat(25 * 1024 * 1024), 677123456],
		])
		expect(bomb.length).toBeLessThan(200_000)
		// How long it takes is measured by `npm run bench` (hostileImports), not asserted here.
		expect(await problemOf(bomb, 'liste.xlsx')).toEqual({
			code: 'tooLargeUnpacked',
			detail: String(MAX_XLSX_UNPACKED_MB),
		})
	})
})

describe('limits', () => {
	test('a cell longer than the profile allows is a row problem, its value cut short in the message', async () => {
		const long = 'N'.repeat(101)
		const parsed = ok(
			await parseRoster(
				utf8(
					`Nom;Téléphone;Commune\n${long};677123456;Douala\nAwa;677123457;${'C'.repeat(81)}\n`,
				),
				'a.csv',
			),
		)
		expect(parsed.rows).toEqual([])
		expect(parsed.problems).toEqual([
			{
				row: 2,
				column: 'name',
				code: 'tooLong',
				value: `${'N'.repeat(80)}…`,
				max: 100,
			},
			{
				row: 3,
				column: 'commune',
				code: 'tooLong',
				value: `${'C'.repeat(80)}…`,
				max: 80,
			},
		])
		const joined = ok(
			await parseRoster(
				utf8(
					`Prénom;Nom;Téléphone\n${'P'.repeat(60)};${'N'.repeat(60)};677123456\n`,
				),
				'a.csv',
			),
		)
		expect(joined.problems.map((p) => [p.code, p.column, p.max])).toEqual([
			['tooLong', 'lastName', 100],
		])
	})

	test(`only the first ${MAX_COLUMNS} columns are read, even in a row of a million cells`, async () => {
		const parsed = ok(
			await parseRoster(
				utf8(`Nom;Téléphone\nAwa;677123456${';x'.repeat(1_000_000)}\n`),
				'a.csv',
			),
		)
		expect(parsed.rows.map((r) => r.name)).toEqual(['Awa'])
		const beyond = await parseRoster(
			utf8(`${'x;'.repeat(MAX_COLUMNS)}Nom;Téléphone\nAwa;677123456\n`),
			'a.csv',
		)
		expect(beyond.ok ? 'ok' : beyond.problem.code).toBe('noHeader')
	})
})

describe('rosterFileHash', () => {
	test('sha256 hex of the bytes', () => {
		expect(rosterFileHash(utf8('abc'))).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
		)
		expect(rosterFileHash(fixture('cohorte-20-3-erreurs.csv'))).toBe(
			rosterFileHash(fixture('cohorte-20-3-erreurs.csv')),
		)
		expect(rosterFileHash(fixture('cohorte-20-3-erreurs.csv'))).not.toBe(
			rosterFileHash(fixture('cohorte-20-3-erreurs.xlsx')),
		)
	})
})

describe('messages', () => {
	const rowCodes: RowProblem['code'][] = [
		'missingName',
		'missingLastName',
		'missingContact',
		'invalidEmail',
		'invalidPhone',
		'phoneOtherCountry',
		'invalidGender',
		'invalidBirthYear',
		'invalidSituation',
		'invalidMigration',
		'duplicateInFile',
		'unknownCountry',
		'tooLong',
	]
	const fileCodes: FileProblem['code'][] = [
		'empty',
		'noHeader',
		'missingNameColumn',
		'missingContactColumn',
		'unreadable',
		'tooManyRows',
		'unsupportedType',
		'tooLargeUnpacked',
	]

	async function translators() {
		const i18n = createInstance()
		await i18n.init({
			resources: { fr: { translation: fr }, en: { translation: en } },
			lng: 'fr',
			interpolation: { escapeValue: false },
		})
		return { fr: i18n.getFixedT('fr'), en: i18n.getFixedT('en'), i18n }
	}

	test('problemMessageKey', () => {
		expect(
			problemMessageKey({
				row: 12,
				column: 'phone',
				code: 'invalidPhone',
				value: '6 77 12 34',
			}),
		).toBe('import.problems.invalidPhone')
		expect(problemMessageKey({ code: 'unsupportedType', detail: '.xls' })).toBe(
			'import.fileProblems.unsupportedType',
		)
	})

	test('every problem code and every column has a French and an English message', async () => {
		const { i18n } = await translators()
		for (const lng of ['fr', 'en']) {
			for (const code of rowCodes)
				expect(i18n.exists(`import.problems.${code}`, { lng })).toBe(true)
			for (const code of fileCodes)
				expect(i18n.exists(`import.fileProblems.${code}`, { lng })).toBe(true)
			for (const column of ROSTER_COLUMNS)
				expect(i18n.exists(`import.columns.${column}`, { lng })).toBe(true)
		}
	})

	test('a row problem reads as the trainer should see it', async () => {
		const t = await translators()
		const problem: RowProblem = {
			row: 12,
			column: 'phone',
			code: 'invalidPhone',
			value: '6 77 12 34',
		}
		const render = (tr: typeof t.fr) =>
			tr(problemMessageKey(problem), {
				row: problem.row,
				column: tr(`import.columns.${problem.column}`),
				value: problem.value,
			})
		expect(render(t.fr)).toBe(
			"Ligne 12, colonne « Téléphone » : le numéro « 6 77 12 34 » n'est pas un numéro de téléphone valide.",
		)
		expect(render(t.en)).toBe(
			'Row 12, column "Phone": "6 77 12 34" is not a valid phone number.',
		)
		expect(
			t.fr(problemMessageKey({ code: 'unsupportedType', detail: '.xls' }), {
				detail: '.xls',
			}),
		).toContain('.xlsx ou .csv')
	})
})
