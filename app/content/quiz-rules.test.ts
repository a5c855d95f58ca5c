import { expect, test } from 'vitest'
import { givesAway, isBareFigure, normalizeText } from './quiz-rules.server.ts'

test('a bare figure is a count, an amount, a percentage, a year or a date, with at most a noun', () => {
	for (const text of [
		'26',
		'1 083',
		'3,000',
		'Environ 75 %',
		'About 12.9%',
		'2019',
		'14 août 1992',
		'25 April 2019',
		'2019-04-25',
		'100 000 FCFA',
		'7 axes stratégiques',
		'26 women',
	])
		expect(isBareFigure(text), text).toBe(true)
	for (const text of [
		'Les articles 151, 171 et 218',
		'20 ventes par mois pour couvrir les charges',
		'Garder 2 mois de charges fixes en réserve',
		'Comparer 61 / 180 avec la part des femmes parmi les membres',
		'Demander un devis',
	])
		expect(isBareFigure(text), text).toBe(false)
})

test('a feedback gives the answer away when it contains the right choice, or a long run of its words', () => {
	expect(givesAway('Non : la bonne réponse est 7 axes.', '7')).toBe(true)
	expect(givesAway('Non : il faut l’agriculture.', "L'agriculture")).toBe(true)
	expect(
		givesAway(
			'Non, car seule la cartographie des organisations de la commune vient en premier.',
			'Cartographier les organisations de la commune et noter le sexe des responsables',
		),
	).toBe(false)
	expect(
		givesAway(
			'Non : commencez par noter le sexe des responsables de chaque organisation.',
			'Cartographier les organisations de la commune et noter le sexe des responsables de chaque organisation',
		),
	).toBe(true)
	expect(givesAway('Non : 17 n’est pas le bon total.', '7')).toBe(false)
	expect(givesAway('Non : ce n’est pas possible.', 'Non')).toBe(false)
})

test('question texts compare without case, accents, spacing or punctuation', () => {
	expect(normalizeText('  Quelle ÉTAPE\u202f?  ')).toBe(
		normalizeText('quelle etape'),
	)
})
