import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInstance } from 'i18next'
import { expect, test } from 'vitest'
import en from '#app/i18n/locales/en.ts'
import fr from '#app/i18n/locales/fr.ts'
import {
	problemMessageKey,
	problemValues,
	type RowProblem,
} from './problems.ts'
import { parseRoster, type RosterParseResult } from './roster.server.ts'

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))

async function parse(text: string, defaultCountry: 'CM' | 'MA' = 'CM') {
	const result: RosterParseResult = await parseRoster(utf8(text), 'liste.csv', {
		defaultCountry,
	})
	if (!result.ok) throw new Error(JSON.stringify(result.problem))
	return result
}

async function messages(
	problems: RowProblem[],
	columns: Record<string, string>,
) {
	const i18n = createInstance()
	await i18n.init({
		resources: { fr: { translation: fr }, en: { translation: en } },
		lng: 'fr',
		interpolation: { escapeValue: false },
	})
	const render = (lng: 'fr' | 'en') => {
		const t = i18n.getFixedT(lng)
		return problems.map((p) =>
			t(problemMessageKey(p), {
				...problemValues(p, t, lng),
				column: p.column ? (columns[p.column] ?? p.column) : '',
			}),
		)
	}
	return { fr: render('fr'), en: render('en') }
}

test('separate first- and last-name columns: a row without a last name is refused, by name', async () => {
	const result = await parse(
		[
			'Prénom;Nom;Téléphone',
			'Awa;Ndiaye;6 77 12 34 56',
			'Samuel;;6 77 12 34 57',
			';Bello;6 77 12 34 58',
		].join('\n'),
	)
	expect(result.rows.map((r) => r.name)).toEqual(['Awa Ndiaye', 'Bello'])
	expect(result.problems).toEqual([
		{ row: 3, column: 'lastName', code: 'missingLastName', value: 'Samuel' },
	])
	const text = await messages(result.problems, result.columns)
	expect(text.fr).toEqual([
		'Ligne 3, colonne « Nom » : le nom de famille est vide (prénom : « Samuel »). Complétez-le pour inscrire cette personne.',
	])
	expect(text.en[0]).toContain('the last name is empty (first name: "Samuel")')
})

test('a phone number valid in another programme country says which, and how to write it', async () => {
	const cameroon = await parse(
		[
			'Nom;Téléphone',
			'Fatima-Zahra El Amrani;06 12 34 56 78',
			'Hélène Ngo Biyong;6 77 12 34',
			'Yassine Alaoui;+212 6 12 34 56 78',
		].join('\n'),
		'CM',
	)
	expect(cameroon.rows.map((r) => [r.name, r.phone])).toEqual([
		['Yassine Alaoui', '+212612345678'],
	])
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
		// Valid nowhere: still a bare "not valid".
		{ row: 3, column: 'phone', code: 'invalidPhone', value: '6 77 12 34' },
	])
	const text = await messages(cameroon.problems, cameroon.columns)
	expect(text.fr[0]).toBe(
		"Ligne 2, colonne « Téléphone » : « 06 12 34 56 78 » ressemble à un numéro marocain, alors que la cohorte est au Cameroun. S'il est juste, écrivez-le avec l'indicatif : +212 6 12 34 56 78.",
	)
	expect(text.en[0]).toBe(
		'Row 2, column "Téléphone": "06 12 34 56 78" looks like a Moroccan number, but the cohort is in Cameroon. If it is right, write it with the country code: +212 6 12 34 56 78.',
	)

	const morocco = await parse(
		'Nom;Téléphone\nSamuel Tchoua;2 22 23 45 67',
		'MA',
	)
	expect(morocco.problems[0]).toMatchObject({
		code: 'phoneOtherCountry',
		country: 'CM',
		expected: 'MA',
		suggestion: '+237 2 22 23 45 67',
	})
	expect((await messages(morocco.problems, morocco.columns)).fr[0]).toContain(
		'ressemble à un numéro camerounais, alors que la cohorte est au Maroc',
	)

	// The row's own country is the one the number was read in.
	const rowCountry = await parse(
		'Nom;Téléphone;Pays\nFatima-Zahra El Amrani;06 12 34 56 78;Sénégal',
	)
	expect(rowCountry.problems[0]).toMatchObject({
		code: 'phoneOtherCountry',
		country: 'MA',
		expected: 'SN',
		expectedFrom: 'row',
	})
	expect(
		(await messages(rowCountry.problems, rowCountry.columns)).fr[0],
	).toContain('alors que la ligne indique le pays « Sénégal »')
})

test('the import modules import one another without a cycle', () => {
	const dir = import.meta.dirname
	const files = readdirSync(dir).filter(
		(f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
	)
	const edges = new Map(
		files.map((f) => [
			f,
			[...readFileSync(join(dir, f), 'utf8').matchAll(/from '\.\/([^']+)'/g)]
				.map((m) => m[1]!)
				.filter((target) => files.includes(target)),
		]),
	)
	const visiting = new Set<string>()
	const done = new Set<string>()
	const cycles: string[] = []
	const visit = (file: string, path: string[]) => {
		if (done.has(file)) return
		if (visiting.has(file)) {
			cycles.push([...path, file].join(' -> '))
			return
		}
		visiting.add(file)
		for (const next of edges.get(file) ?? []) visit(next, [...path, file])
		visiting.delete(file)
		done.add(file)
	}
	for (const file of files) visit(file, [])
	expect(cycles).toEqual([])
	expect(edges.get('problems.ts')).not.toContain('roster.server.ts')
	expect(edges.get('roster-headers.ts')).not.toContain('roster.server.ts')
})
