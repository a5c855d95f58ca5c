import fs from 'node:fs'
import { supportedLanguages } from '#app/i18n/config.ts'
import { compileMdx, MdxCompileError } from './compile.server.ts'
import type { LessonFrontmatter } from './schema.ts'
import {
	defaultContentRoot,
	lineAt,
	readContent,
	type ContentProblem,
	type LessonFile,
	type RawCourse,
} from './source.server.ts'
import { checkQuestions } from './quiz-rules.server.ts'
import { checkTerminology } from './terminology.server.ts'
import { collectTexts } from './text-spans.server.ts'
import { checkTypography } from './typography.server.ts'

/**
 * Everything `npm run content:check` verifies beyond each file's own schema:
 * both languages share one structure (quiz, answers, worksheets), internal
 * links resolve, placed worksheets are declared, and every body compiles.
 */
export async function checkContent(
	root?: string,
	{ compile = true, cacheDir }: { compile?: boolean; cacheDir?: string } = {},
) {
	const { courses, problems } = readContent(root)
	for (const course of courses) {
		problems.push(...checkHours(course))
		for (const lesson of course.lessons) {
			const fr = lesson.files.fr
			for (const lang of supportedLanguages) {
				const file = lesson.files[lang]
				if (!file?.frontmatter) continue
				problems.push(...checkWorksheetPlacement(file))
				problems.push(...checkLinks(file, courses))
				if (compile) {
					try {
						await compileMdx(file.body, { cwd: lesson.dir, cacheDir })
					} catch (error) {
						const line =
							error instanceof MdxCompileError && error.line
								? error.line + file.bodyLine - 1
								: file.bodyLine
						problems.push({
							file: file.file,
							line,
							message: `MDX does not compile: ${(error as Error).message.split('\n')[0]}`,
						})
					}
				}
				if (lang !== 'fr' && fr?.frontmatter)
					problems.push(...compareStructure(fr, file))
			}
		}
	}
	problems.push(...checkQuestions(courses, root ?? defaultContentRoot))
	const texts = collectTexts(courses)
	problems.push(...checkTerminology(texts), ...checkTypography(texts))
	return problems.sort(
		(a, b) => a.file.localeCompare(b.file) || a.line - b.line,
	)
}

/**
 * `hours` is the course's one duration (catalog, course page, certificate):
 * it covers reading, quizzes and worksheets, so it cannot be shorter than the
 * lessons' reading times added up.
 */
export function checkHours(course: RawCourse): ContentProblem[] {
	if (!course.meta) return []
	const minutes = course.lessons.reduce(
		(n, l) => n + (l.files.fr?.frontmatter?.duration ?? 0),
		0,
	)
	if (course.meta.hours * 60 >= minutes) return []
	const text = fs.readFileSync(course.metaFile, 'utf8')
	const line = text.split('\n').findIndex((l) => /^hours\s*:/.test(l)) + 1
	return [
		{
			file: course.metaFile,
			line: line || 1,
			message: `hours: ${course.meta.hours} h is shorter than the lessons' durations added up (${minutes} min); the course's one duration (catalog, course page, certificate) must cover them`,
		},
	]
}

function problemAt(
	file: LessonFile,
	keyPath: (string | number)[],
	message: string,
): ContentProblem {
	const line = file.document
		? lineAt(file.document, file.lineCounter, keyPath, file.frontmatterLine)
		: 1
	return { file: file.file, line, message }
}

function compareStructure(
	reference: LessonFile,
	other: LessonFile,
): ContentProblem[] {
	const a = reference.frontmatter as LessonFrontmatter
	const b = other.frontmatter as LessonFrontmatter
	const out: ContentProblem[] = []
	const refName = 'the French version'
	if (a.quiz.length !== b.quiz.length) {
		out.push(
			problemAt(
				other,
				['quiz'],
				`quiz has ${b.quiz.length} questions, ${refName} has ${a.quiz.length}`,
			),
		)
	}
	a.quiz.forEach((qa, i) => {
		const qb = b.quiz[i]
		if (!qb) return
		if (qa.id !== qb.id)
			out.push(
				problemAt(
					other,
					['quiz', i, 'id'],
					`question ${i + 1} is "${qb.id}", ${refName} has "${qa.id}"`,
				),
			)
		if (qa.kind !== qb.kind)
			out.push(
				problemAt(
					other,
					['quiz', i, 'kind'],
					`question "${qb.id}": kind "${qb.kind ?? 'none'}" differs from ${refName} ("${qa.kind ?? 'none'}")`,
				),
			)
		if (qa.multiple !== qb.multiple)
			out.push(
				problemAt(
					other,
					['quiz', i, 'multiple'],
					`question "${qb.id}": multiple differs from ${refName}`,
				),
			)
		const ca = qa.choices.map((c) => `${c.id}${c.correct ? '*' : ''}`).join(',')
		const cb = qb.choices.map((c) => `${c.id}${c.correct ? '*' : ''}`).join(',')
		if (ca !== cb) {
			out.push(
				problemAt(
					other,
					['quiz', i, 'choices'],
					`question "${qb.id}": choices or right answers [${cb}] differ from ${refName} [${ca}]`,
				),
			)
		}
	})
	const wa = a.worksheets.map(
		(w) =>
			`${w.id}(${w.calculation ?? ''}:${w.fields.map((f) => `${f.id}/${f.type}`).join(',')})`,
	)
	const wb = b.worksheets.map(
		(w) =>
			`${w.id}(${w.calculation ?? ''}:${w.fields.map((f) => `${f.id}/${f.type}`).join(',')})`,
	)
	if (wa.join(';') !== wb.join(';')) {
		out.push(
			problemAt(
				other,
				['worksheets'],
				`worksheets differ from ${refName}: ${wb.join('; ') || 'none'} vs ${wa.join('; ') || 'none'}`,
			),
		)
	}
	return out
}

function bodyLines(file: LessonFile) {
	return file.body
		.split('\n')
		.map((text, i) => ({ text, line: file.bodyLine + i }))
}

function checkWorksheetPlacement(file: LessonFile): ContentProblem[] {
	const declared = new Set(file.frontmatter!.worksheets.map((w) => w.id))
	const placed = new Set<string>()
	const out: ContentProblem[] = []
	for (const { text, line } of bodyLines(file)) {
		for (const m of text.matchAll(/<Worksheet\s+id=["']([^"']+)["']/g)) {
			placed.add(m[1]!)
			if (!declared.has(m[1]!))
				out.push({
					file: file.file,
					line,
					message: `<Worksheet id="${m[1]}"> is not declared in the frontmatter`,
				})
		}
	}
	file.frontmatter!.worksheets.forEach((w, i) => {
		if (!placed.has(w.id))
			out.push(
				problemAt(
					file,
					['worksheets', i, 'id'],
					`worksheet "${w.id}" is declared but never placed with <Worksheet id="${w.id}" />`,
				),
			)
	})
	return out
}

function checkLinks(file: LessonFile, courses: RawCourse[]): ContentProblem[] {
	const out: ContentProblem[] = []
	for (const { text, line } of bodyLines(file)) {
		for (const m of text.matchAll(/(?:\]\(|href=["'])(\/[^)"'\s#?]*)/g)) {
			const target = m[1]!.replace(/\/$/, '')
			const parts = target.split('/').filter(Boolean)
			if (parts[0] !== 'courses') continue
			const course = courses.find((c) => c.slug === parts[1])
			const ok =
				parts.length === 1 ||
				(course &&
					(parts.length === 2 ||
						(parts.length === 3 &&
							course.lessons.some((l) => l.slug === parts[2]))))
			if (!ok)
				out.push({
					file: file.file,
					line,
					message: `link ${target} does not lead to a course or lesson`,
				})
		}
	}
	return out
}
