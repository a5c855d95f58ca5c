import { expect, test } from 'vitest'
import { parseLessonFile } from './source.server.ts'
import { lessonText } from './text-spans.server.ts'
import {
	applyTypographyEdits,
	NNBSP,
	typographyEdits,
} from './typography.server.ts'

const frontmatter = [
	'---',
	'title: "Pourquoi ?"',
	'description: Une phrase courte ?',
	'duration: 10',
	'objectives: ["Un", "Deux"]',
	'quiz:',
	'  - id: q1',
	'    question: "Quoi ?"',
	'    kind: concept',
	'    choices:',
	'      - { id: a, text: "Oui", correct: true, feedback: "Oui !" }',
	'      - { id: b, text: "Non", feedback: "Non ; voir la leçon" }',
	'      - { id: c, text: "Peut-être", feedback: "Non" }',
	'sources:',
	'  - title: "Source : un titre"',
	'    url: "https://example.org/a:b?c=d"',
	'---',
	'',
].join('\n')

function fix(body: string, lang: 'fr' | 'en' = 'fr') {
	const source = frontmatter + body
	const file = parseLessonFile('x.mdx', source, [])
	const edits = typographyEdits(lessonText(file, lang))
	return applyTypographyEdits(source, edits).slice(frontmatter.length)
}
const n = NNBSP

test('a space before : ; ? ! becomes a narrow no-break space, and one is inserted where none is', () => {
	expect(fix('Bonjour : oui ; non ? Si !')).toBe(
		`Bonjour${n}: oui${n}; non${n}? Si${n}!`,
	)
	expect(fix('Bonjour: oui; non? Si!')).toBe(
		`Bonjour${n}: oui${n}; non${n}? Si${n}!`,
	)
	expect(fix('Un\u00a0: deux')).toBe(`Un${n}: deux`)
	expect(fix(`Déjà${n}: bon`)).toBe(`Déjà${n}: bon`)
})

test('guillemets get a narrow no-break space inside', () => {
	expect(fix('Il dit « oui » et «non».')).toBe(
		`Il dit «${n}oui${n}» et «${n}non${n}».`,
	)
	expect(fix('« **mot** »')).toBe(`«${n}**mot**${n}»`)
})

test('punctuation after inline markup is spaced before the mark, outside the markup', () => {
	expect(fix('**Sexe**: femme')).toBe(`**Sexe**${n}: femme`)
	expect(fix('Voir [la leçon](/courses/a/b)?')).toBe(
		`Voir [la leçon](/courses/a/b)${n}?`,
	)
})

test('URLs, times, code, expressions, entities, repeated marks and non-text attributes are left alone', () => {
	const untouched = [
		'Voir https://example.org/a:b?c=d!e et www.example.org/x?y.',
		'Rendez-vous à 10:30, rapport 1:2.',
		'Tapez `npm run content:check -- --fix` puis\u202f:',
		'```sh\necho "a : b ; c?"\n```',
		'Valeur {a ? b : c}',
		'Moins &lt; plus',
		'Quoi\u202f?!',
		'<Callout type="info" title={"a:b"}>\n\ntexte\n\n</Callout>',
		'<LegalRef text="Loi" date="2019-04-25" href="https://x.org/a?b" />',
	]
	for (const body of untouched) expect(fix(body)).toBe(body)
	expect(fix('Quoi ?!')).toBe(`Quoi${n}?!`)
	expect(fix('Tapez `a:b` puis :')).toBe(`Tapez \`a:b\` puis${n}:`)
})

test('text attributes, YAML values and lines marked content-check-allow: typography', () => {
	expect(
		fix('<Callout type="info" title="Attention : piège">x</Callout>'),
	).toBe(`<Callout type="info" title="Attention${n}: piège">x</Callout>`)
	expect(
		fix(
			'*Advancing gender equality: the way* {/* content-check-allow: typography */}',
		),
	).toBe(
		'*Advancing gender equality: the way* {/* content-check-allow: typography */}',
	)
	const source = frontmatter + 'Texte.'
	const file = parseLessonFile('x.mdx', source, [])
	const fixed = applyTypographyEdits(
		source,
		typographyEdits(lessonText(file, 'fr')),
	)
	expect(fixed).toContain(`title: "Pourquoi${n}?"`)
	expect(fixed).toContain(`description: Une phrase courte${n}?`)
	expect(fixed).toContain(`feedback: "Oui${n}!"`)
	expect(fixed).toContain(`feedback: "Non${n}; voir la leçon"`)
	expect(fixed).toContain(`title: "Source${n}: un titre"`)
	expect(fixed).toContain('url: "https://example.org/a:b?c=d"')
	expect(fixed).toContain('  - id: q1\n')
})

test('English files are not touched', () => {
	expect(fix('Hello : yes ?', 'en')).toBe('Hello : yes ?')
})
