import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { buildCatalog } from '#app/content/catalog.server.ts'
import { checkContent } from '#app/content/check.server.ts'

const root = path.resolve(import.meta.dirname, '../..')
const cacheDir = path.join(root, '.cache/mdx')
const tmpDirs: string[] = []
afterAll(() =>
	tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })),
)

/** A copy of the real content with one course, to break on purpose. */
function fixture() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-content-'))
	tmpDirs.push(dir)
	fs.cpSync(
		path.join(root, 'content/courses/genre-et-inclusion'),
		path.join(dir, 'courses/genre-et-inclusion'),
		{ recursive: true },
	)
	return {
		dir,
		lesson: path.join(dir, 'courses/genre-et-inclusion/01-pourquoi-l-egalite'),
	}
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
	const source = fs.readFileSync(file, 'utf8')
	// Remove every `correct: true` of the first question (q1).
	const q2 = source.indexOf('- id: q2')
	fs.writeFileSync(
		file,
		source.slice(0, q2).replace(/\n\s*correct: true/g, '') + source.slice(q2),
	)
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
	const source = fs.readFileSync(file, 'utf8')
	// Move q1's right answer from its first correct choice to the next choice.
	const q2 = source.indexOf('- id: q2')
	const head = source
		.slice(0, q2)
		.replace(/\n(\s*)correct: true/, '')
		.replace(/(- id: b\n(\s*)text: [^\n]*)/, '$1\n$2correct: true')
	fs.writeFileSync(file, head + source.slice(q2))
	const problems = await checkContent(dir, { cacheDir })
	expect(problems.find((p) => p.file === file)?.message).toMatch(
		/^question "q1": choices or right answers \[.*\] differ from the French version/,
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
