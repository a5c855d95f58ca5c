import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import YAML from 'yaml'
import { buildCatalog } from '#app/content/catalog.server.ts'
import { checkContent } from '#app/content/check.server.ts'

const root = path.resolve(import.meta.dirname, '../..')
const cacheDir = path.join(root, '.cache/mdx')
const tmpDirs: string[] = []
afterAll(() =>
	tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })),
)

/**
 * A copy of the real content, to break on purpose: the gender course and the
 * framework-law course its lessons link to (or the courses given).
 */
function fixture(
	courses = ['genre-et-inclusion', 'loi-cadre-economie-sociale'],
) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-content-'))
	tmpDirs.push(dir)
	for (const course of courses) {
		fs.cpSync(
			path.join(root, 'content/courses', course),
			path.join(dir, 'courses', course),
			{ recursive: true },
		)
	}
	return {
		dir,
		lesson: path.join(dir, 'courses/genre-et-inclusion/01-pourquoi-l-egalite'),
	}
}

type Quiz = {
	id: string
	question: string
	kind?: string
	choices: { id: string; text: string; correct?: boolean; feedback: string }[]
}[]

/** Rewrites a lesson's quiz through its parsed frontmatter. */
function editQuiz(file: string, edit: (quiz: Quiz) => void) {
	const source = fs.readFileSync(file, 'utf8')
	const match = /^---\n([\s\S]*?)\n---\n/.exec(source)!
	const frontmatter = YAML.parse(match[1]!) as { quiz: Quiz }
	edit(frontmatter.quiz)
	fs.writeFileSync(
		file,
		`---\n${YAML.stringify(frontmatter, { lineWidth: 0 })}---\n${source.slice(match[0].length)}`,
	)
	return frontmatter.quiz
}

/** Line of the `question:` of the quiz's index-th question. */
function lineOfQuestion(file: string, index: number) {
	const lines = fs.readFileSync(file, 'utf8').split('\n')
	const at = lines.flatMap((l, i) => (/^\s+question: /.test(l) ? [i + 1] : []))
	return at[index]!
}

function lineOf(file: string, needle: string) {
	return (
		fs
			.readFileSync(file, 'utf8')
			.split('\n')
			.findIndex((l) => l.includes(needle)) + 1
	)
}

test('the real content passes the check', async () => {
	expect(await checkContent(path.join(root, 'content'), { cacheDir })).toEqual(
		[],
	)
})

test('the three courses have at least 6, 5 and 8 lessons in both languages', async () => {
	const catalog = await buildCatalog(path.join(root, 'content'), cacheDir)
	const counts = Object.fromEntries(
		catalog.courses.map((c) => [c.slug, c.lessons.length]),
	)
	expect(counts['loi-cadre-economie-sociale']).toBeGreaterThanOrEqual(6)
	expect(counts['genre-et-inclusion']).toBeGreaterThanOrEqual(5)
	expect(counts['creer-son-entreprise']).toBeGreaterThanOrEqual(8)
	const worksheets = catalog.courses
		.find((c) => c.slug === 'creer-son-entreprise')!
		.lessons.flatMap((l) => l.i18n.fr.worksheets.map((w) => w.id))
	expect(worksheets).toEqual(
		expect.arrayContaining([
			'proposition-de-valeur',
			'business-model-canvas',
			'seuil-de-rentabilite',
			'plan-de-financement',
		]),
	)
})

test('a missing translation is reported with its file', async () => {
	const { dir, lesson } = fixture()
	fs.rmSync(path.join(lesson, 'en.mdx'))
	const problems = await checkContent(dir, { cacheDir })
	expect(problems).toContainEqual({
		file: path.join(lesson, 'en.mdx'),
		line: 1,
		message: 'missing English translation (en.mdx)',
	})
})

test('a quiz question with no right answer is reported at its line', async () => {
	const { dir, lesson } = fixture()
	const file = path.join(lesson, 'fr.mdx')
	// Remove every right answer of the first question (a single-choice one).
	editQuiz(file, (quiz) => {
		for (const c of quiz[0]!.choices) delete c.correct
	})
	const problems = await checkContent(dir, { cacheDir })
	const problem = problems.find(
		(p) => p.file === file && p.message.includes('exactly one right answer'),
	)
	expect(problem?.message).toMatch(
		/^quiz\.0\.choices: a single-choice question needs exactly one right answer \(found 0\)$/,
	)
	expect(problem?.line).toBe(lineOf(file, 'choices:'))
})

test('an English quiz whose right answer differs from the French one is reported', async () => {
	const { dir, lesson } = fixture()
	const file = path.join(lesson, 'en.mdx')
	// Move the first question's right answer to another choice.
	const id = editQuiz(file, (quiz) => {
		const choices = quiz[0]!.choices
		const right = choices.findIndex((c) => c.correct)
		delete choices[right]!.correct
		choices[(right + 1) % choices.length]!.correct = true
	})[0]!.id
	const problems = await checkContent(dir, { cacheDir })
	expect(
		problems.find((p) => p.file === file && p.message.includes('differ'))
			?.message,
	).toMatch(
		new RegExp(
			`^question "${id}": choices or right answers \\[.*\\] differ from the French version`,
		),
	)
})

test('bad frontmatter is reported at the line of the bad value', async () => {
	const { dir, lesson } = fixture()
	const file = path.join(lesson, 'en.mdx')
	fs.writeFileSync(
		file,
		fs.readFileSync(file, 'utf8').replace(/^duration: \d+$/m, 'duration: soon'),
	)
	const problems = await checkContent(dir, { cacheDir })
	expect(problems).toContainEqual({
		file,
		line: lineOf(file, 'duration: soon'),
		message: 'duration: Expected number, received string',
	})
})

test('a broken internal link and a broken MDX body are reported at their lines', async () => {
	const { dir, lesson } = fixture()
	const file = path.join(lesson, 'fr.mdx')
	fs.appendFileSync(
		file,
		'\nVoir [la leçon perdue](/courses/genre-et-inclusion/lecon-perdue).\n\n<Callout type="info">\n\nune accolade { seule\n',
	)
	const problems = await checkContent(dir, { cacheDir })
	expect(problems).toContainEqual({
		file,
		line: lineOf(file, 'lecon-perdue'),
		message:
			'link /courses/genre-et-inclusion/lecon-perdue does not lead to a course or lesson',
	})
	expect(
		problems.find(
			(p) => p.file === file && p.message.startsWith('MDX does not compile'),
		)?.line,
	).toBe(lineOf(file, 'une accolade'))
})

test('npm run content:check exits non-zero and prints file:line: message', () => {
	const { dir, lesson } = fixture()
	fs.rmSync(path.join(lesson, 'en.mdx'))
	const run = spawnSync(
		'npx',
		['--no-install', 'tsx', 'scripts/content-check.ts', dir],
		{ cwd: root, encoding: 'utf8' },
	)
	expect(run.status).toBe(1)
	expect(run.stderr).toContain(
		`${path.relative(root, path.join(lesson, 'en.mdx'))}:1: missing English translation (en.mdx)`,
	)
	expect(run.stderr).toMatch(/1 content problem\(s\)/)
})

test('terminology variants are reported at their line, except in italics, URLs and lines marked content-check-allow', async () => {
	const { dir, lesson } = fixture()
	const en = path.join(lesson, 'en.mdx')
	const fr = path.join(lesson, 'fr.mdx')
	fs.appendFileSync(
		en,
		[
			'',
			'The GICs of the commune meet every month.',
			'',
			"Its French name is *groupe d'initiative commune (GIC)*, see https://example.org/gic-commune.",
			'',
			'The GIC registry is quoted as such. {/* content-check-allow: GIC */}',
			'',
			'Law no. 92/006 governs them.',
			'',
		].join('\n'),
	)
	fs.appendFileSync(
		fr,
		"\nChaque groupement d'initiative commune tient un registre.\n",
	)
	const problems = (await checkContent(dir, { cacheDir })).filter((p) =>
		p.message.startsWith('terminology'),
	)
	const at = (file: string, needle: string) =>
		problems
			.filter((p) => p.file === file && p.line === lineOf(file, needle))
			.map((p) => p.message)
	expect(at(en, 'The GICs of the commune')).toEqual([
		expect.stringMatching(
			/^terminology: "GICs" in English; use "common initiative group \(CIG\)"/,
		),
		expect.stringMatching(/^terminology: "commune" in English; use "council"/),
	])
	expect(at(en, 'Law no. 92/006')).toEqual([
		expect.stringMatching(
			/^terminology: "Law no\." in English; use "Law No\. "/,
		),
	])
	expect(at(fr, "groupement d'initiative commune")).toEqual([
		expect.stringMatching(
			/^terminology: "groupement d'initiative commune" in French/,
		),
	])
	expect(at(en, 'Its French name is')).toEqual([])
	expect(at(en, 'The GIC registry')).toEqual([])
	expect(problems).toHaveLength(4)
})

test('French typography is reported at its line and --fix sets every narrow no-break space, in lessons and in course.yml', async () => {
	const { dir, lesson } = fixture()
	const fr = path.join(lesson, 'fr.mdx')
	const en = path.join(lesson, 'en.mdx')
	const yml = path.join(dir, 'courses/genre-et-inclusion/course.yml')
	const firstNewLine = fs.readFileSync(fr, 'utf8').split('\n').length
	fs.appendFileSync(
		fr,
		'\nUne question: pourquoi ? Voir https://example.org/a?b=1 à 10:30.\n\n<Callout type="info" title="Attention : «piège»">\n\nTexte !\n\n</Callout>\n',
	)
	fs.appendFileSync(en, '\nA question : why ?\n')
	fs.writeFileSync(
		yml,
		fs
			.readFileSync(yml, 'utf8')
			.replace(/^( {2}title: ").*?(")$/m, '$1Égalité : un cours$2'),
	)
	const typography = (ps: Awaited<ReturnType<typeof checkContent>>) =>
		ps.filter(
			(p) =>
				p.message.startsWith('French typography') &&
				((p.file === fr && p.line >= firstNewLine) ||
					(p.file === yml && p.line === lineOf(yml, 'Égalité :'))),
		)
	const before = typography(await checkContent(dir, { cacheDir }))
	expect(before.map((p) => [path.basename(p.file), p.line, p.message])).toEqual(
		[
			[
				'fr.mdx',
				lineOf(fr, 'Une question:'),
				'French typography: missing narrow no-break space (U+202F) before ":"',
			],
			[
				'fr.mdx',
				lineOf(fr, 'Une question:'),
				'French typography: the space before "?" must be a narrow no-break space (U+202F)',
			],
			...[':', '«', '»'].map((mark) => [
				'fr.mdx',
				lineOf(fr, 'title="Attention'),
				expect.stringContaining(`"${mark}"`),
			]),
			[
				'fr.mdx',
				lineOf(fr, 'Texte !'),
				'French typography: the space before "!" must be a narrow no-break space (U+202F)',
			],
			[
				'course.yml',
				lineOf(yml, 'Égalité : un cours'),
				'French typography: the space before ":" must be a narrow no-break space (U+202F)',
			],
		],
	)

	const run = spawnSync(
		'npx',
		['--no-install', 'tsx', 'scripts/content-check.ts', dir, '--fix'],
		{ cwd: root, encoding: 'utf8' },
	)
	for (const file of [fr, yml]) {
		const name = path
			.relative(root, file)
			.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
		expect(run.stdout).toMatch(
			new RegExp(`${name}: \\d+ narrow no-break space\\(s\\) set`),
		)
	}
	const after = await checkContent(dir, { cacheDir })
	expect(
		after.filter((p) => p.message.startsWith('French typography')),
	).toEqual([])
	expect(after.filter((p) => p.message.startsWith('MDX'))).toEqual([])
	const n = '\u202f'
	expect(fs.readFileSync(fr, 'utf8')).toContain(
		`Une question${n}: pourquoi${n}? Voir https://example.org/a?b=1 à 10:30.\n\n<Callout type="info" title="Attention${n}: «${n}piège${n}»">\n\nTexte${n}!`,
	)
	expect(fs.readFileSync(en, 'utf8')).toContain('A question : why ?')
	expect(fs.readFileSync(yml, 'utf8')).toContain(`Égalité${n}: un cours`)
})

test('a question without a kind is reported at its line, in each language', async () => {
	const { dir, lesson } = fixture()
	const files = ['fr.mdx', 'en.mdx'].map((f) => path.join(lesson, f))
	let id = ''
	for (const file of files)
		editQuiz(file, (quiz) => {
			id = quiz[0]!.id
			delete quiz[0]!.kind
		})
	const problems = await checkContent(dir, { cacheDir })
	for (const file of files) {
		expect(problems).toContainEqual({
			file,
			line: lineOf(file, `- id: ${id}`),
			message: `question "${id}" has no kind (scenario, calculation, concept)`,
		})
	}
})

test('an English question whose kind differs from the French one is reported', async () => {
	const { lesson } = fixture()
	const dir = path.dirname(path.dirname(path.dirname(lesson)))
	const en = path.join(lesson, 'en.mdx')
	editQuiz(
		path.join(lesson, 'fr.mdx'),
		(quiz) => void (quiz[0]!.kind = 'scenario'),
	)
	const id = editQuiz(en, (quiz) => void (quiz[0]!.kind = 'concept'))[0]!.id
	expect(await checkContent(dir, { cacheDir })).toContainEqual({
		file: en,
		line: lineOf(en, 'kind: concept'),
		message: `question "${id}": kind "concept" differs from the French version ("scenario")`,
	})
})

test('a course where fewer than 60 % of the questions are scenarios or calculations is reported on its course.yml', async () => {
	const { dir } = fixture()
	const course = path.join(dir, 'courses/genre-et-inclusion')
	const lessons = fs.readdirSync(course).filter((d) => /^\d\d-/.test(d))
	let total = 0
	lessons.forEach((lesson, i) =>
		editQuiz(path.join(course, lesson, 'fr.mdx'), (quiz) => {
			total += quiz.length
			// Every question of the first lesson stays a scenario; the others become concepts.
			for (const q of quiz) q.kind = i === 0 ? 'scenario' : 'concept'
		}),
	)
	const first = editQuiz(path.join(course, lessons[0]!, 'fr.mdx'), () => {})
	const problems = await checkContent(dir, { cacheDir })
	expect(
		problems.filter((p) => p.file === path.join(course, 'course.yml')),
	).toEqual([
		{
			file: path.join(course, 'course.yml'),
			line: 1,
			message: expect.stringMatching(
				new RegExp(
					`^${first.length} of ${total} questions \\(${Math.round((100 * first.length) / total)} %\\) are scenario or calculation; at least 60 % must be \\(per lesson: 01: ${first.length}/${first.length}, 02: 0/`,
				),
			),
		},
	])
})

test('a question text repeated in the same course or in another one is reported at each place, case, spacing and punctuation aside', async () => {
	const { dir } = fixture(['genre-et-inclusion', 'creer-son-entreprise'])
	const b1 = path.join(
		dir,
		'courses/genre-et-inclusion/01-pourquoi-l-egalite/fr.mdx',
	)
	const b2 = path.join(
		dir,
		'courses/genre-et-inclusion/02-les-chiffres-au-cameroun/fr.mdx',
	)
	const c1 = path.join(
		dir,
		'courses/creer-son-entreprise/01-de-l-idee-au-projet/fr.mdx',
	)
	const text = editQuiz(b1, () => {})[0]!.question
	const id = editQuiz(b1, () => {})[0]!.id
	const twisted = `  ${text.toUpperCase().replace(/ /g, '   ').replace(/[?:]/g, '')} !`
	editQuiz(b2, (quiz) => void (quiz[1]!.question = twisted))
	editQuiz(
		c1,
		(quiz) => void (quiz[2]!.question = `${text.replace(/[?]/g, '')}…`),
	)
	const repeats = (await checkContent(dir, { cacheDir })).filter((p) =>
		p.message.includes('repeats the text'),
	)
	expect(repeats.map((p) => [path.relative(dir, p.file), p.line])).toEqual([
		[
			'courses/creer-son-entreprise/01-de-l-idee-au-projet/fr.mdx',
			lineOfQuestion(c1, 2),
		],
		[
			'courses/genre-et-inclusion/01-pourquoi-l-egalite/fr.mdx',
			lineOfQuestion(b1, 0),
		],
		[
			'courses/genre-et-inclusion/02-les-chiffres-au-cameroun/fr.mdx',
			lineOfQuestion(b2, 1),
		],
	])
	expect(repeats[1]!.message).toMatch(
		new RegExp(
			`^question "${id}" repeats the text of question "\\w+" at courses/`,
		),
	)
})

test('a right answer that is only a figure is reported outside calculation questions', async () => {
	const { dir } = fixture()
	const file = path.join(
		dir,
		'courses/genre-et-inclusion/01-pourquoi-l-egalite/fr.mdx',
	)
	const recall = (kind: string) =>
		editQuiz(file, (quiz) => {
			quiz[0]!.kind = kind
			quiz[0]!.choices.find((c) => c.correct)!.text = 'Environ 26 %'
		})[0]!.id
	const id = recall('scenario')
	const flagged = async () =>
		(await checkContent(dir, { cacheDir })).filter(
			(p) => p.file === file && p.message.includes('asks to recall a figure'),
		)
	expect(await flagged()).toEqual([
		{
			file,
			line: lineOfQuestion(file, 0),
			message: `question "${id}" asks to recall a figure (right answer "Environ 26 %"); ask for a decision or a calculation instead`,
		},
	])
	recall('calculation')
	expect(await flagged()).toEqual([])
})

test('the feedback of a wrong choice that contains the right choice is reported at its line', async () => {
	const { dir } = fixture()
	const file = path.join(
		dir,
		'courses/genre-et-inclusion/01-pourquoi-l-egalite/fr.mdx',
	)
	let id = ''
	let right = { id: '', text: '' }
	let wrong = ''
	editQuiz(file, (quiz) => {
		const q = quiz.find((q) => !q.choices.every((c) => c.correct))!
		id = q.id
		right = q.choices.find((c) => c.correct)!
		const w = q.choices.find((c) => !c.correct)!
		wrong = w.id
		w.feedback = `Non. La réponse attendue était\u202f: ${right.text.toUpperCase()}.`
	})
	const line = lineOf(file, 'La réponse attendue était')
	const problems = (await checkContent(dir, { cacheDir })).filter(
		(p) => p.file === file && p.line === line,
	)
	expect(problems).toEqual([
		{
			file,
			line,
			message: `question "${id}": the feedback of wrong choice "${wrong}" gives away right choice "${right.id}" ("${right.text}"); explain why "${wrong}" is wrong without naming the answer`,
		},
	])
})
