import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import YAML, { isMap, isScalar, isSeq, LineCounter, type Document } from 'yaml'
import type { ZodError } from 'zod'
import { supportedLanguages, type Language } from '#app/i18n/config.ts'
import { projectRoot } from '#app/utils/project-root.server.mjs'
import {
	courseMetaSchema,
	lessonFrontmatterSchema,
	type CourseMeta,
	type LessonFrontmatter,
} from './schema.ts'

/** Reads `content/` into memory, with every problem located at a file and line. */

export type ContentProblem = { file: string; line: number; message: string }

export type LessonFile = {
	file: string
	source: string
	body: string
	/** 1-based line of the body's first line in the file */
	bodyLine: number
	frontmatter: LessonFrontmatter | null
	document: Document | null
	lineCounter: LineCounter
	frontmatterLine: number
}

export type RawLesson = {
	slug: string
	order: number
	dir: string
	files: Partial<Record<Language, LessonFile>>
}

export type RawCourse = {
	slug: string
	dir: string
	metaFile: string
	meta: CourseMeta | null
	lessons: RawLesson[]
}

export const defaultContentRoot = path.join(projectRoot, 'content')
const LESSON_DIR = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/
const COURSE_DIR = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export function lineAt(
	document: Document,
	counter: LineCounter,
	keyPath: (string | number)[],
	firstLine: number,
) {
	const line = (offset: number) => counter.linePos(offset).line + firstLine - 1
	for (let i = keyPath.length; i > 0; i--) {
		const parent =
			i === 1
				? document.contents
				: document.getIn(keyPath.slice(0, i - 1), true)
		const key = keyPath[i - 1]
		// Point at the key ("choices:"), not at where its value starts.
		if (isMap(parent)) {
			const pair = parent.items.find(
				(p) => (isScalar(p.key) ? p.key.value : p.key) === key,
			)
			if (pair && isScalar(pair.key) && pair.key.range)
				return line(pair.key.range[0])
		} else if (isSeq(parent) && typeof key === 'number') {
			const item = parent.items[key] as
				{ range?: [number, number, number] } | undefined
			if (item?.range) return line(item.range[0])
		}
	}
	return firstLine
}

function zodProblems(
	error: ZodError,
	file: string,
	doc: Document,
	counter: LineCounter,
	firstLine: number,
) {
	return error.issues.map((issue) => ({
		file,
		line: lineAt(doc, counter, issue.path, firstLine),
		message: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
	}))
}

function parseYaml(
	text: string,
	file: string,
	firstLine: number,
	problems: ContentProblem[],
) {
	const lineCounter = new LineCounter()
	const document = YAML.parseDocument(text, {
		lineCounter,
		uniqueKeys: true,
		prettyErrors: false,
	})
	if (document.errors.length) {
		for (const err of document.errors) {
			const line = err.linePos?.[0]?.line ?? 1
			problems.push({
				file,
				line: line + firstLine - 1,
				message: `invalid YAML: ${err.message.split('\n')[0]}`,
			})
		}
		return { document: null, lineCounter }
	}
	return { document, lineCounter }
}

export function parseLessonFile(
	file: string,
	source: string,
	problems: ContentProblem[],
): LessonFile {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source)
	const lineCounter = new LineCounter()
	if (!match) {
		problems.push({
			file,
			line: 1,
			message: 'missing frontmatter (the file must start with ---)',
		})
		return {
			file,
			source,
			body: source,
			bodyLine: 1,
			frontmatter: null,
			document: null,
			lineCounter,
			frontmatterLine: 2,
		}
	}
	const bodyLine = match[0].split('\n').length
	const parsed = parseYaml(match[1] ?? '', file, 2, problems)
	let frontmatter: LessonFrontmatter | null = null
	if (parsed.document) {
		const result = lessonFrontmatterSchema.safeParse(parsed.document.toJS())
		if (result.success) frontmatter = result.data
		else
			problems.push(
				...zodProblems(
					result.error,
					file,
					parsed.document,
					parsed.lineCounter,
					2,
				),
			)
	}
	return {
		file,
		source,
		body: source.slice(match[0].length),
		bodyLine: match[0].endsWith('\n') ? bodyLine : bodyLine + 1,
		frontmatter,
		document: parsed.document,
		lineCounter: parsed.lineCounter,
		frontmatterLine: 2,
	}
}

export function readContent(root = defaultContentRoot) {
	const problems: ContentProblem[] = []
	const coursesDir = path.join(root, 'courses')
	const courses: RawCourse[] = []
	if (!fs.existsSync(coursesDir)) {
		problems.push({ file: coursesDir, line: 1, message: 'no courses folder' })
		return { courses, problems }
	}
	for (const slug of fs.readdirSync(coursesDir).sort()) {
		const dir = path.join(coursesDir, slug)
		if (!fs.statSync(dir).isDirectory()) continue
		if (!COURSE_DIR.test(slug))
			problems.push({
				file: dir,
				line: 1,
				message: 'course folder must be a lowercase slug',
			})
		const metaFile = path.join(dir, 'course.yml')
		let meta: CourseMeta | null = null
		if (!fs.existsSync(metaFile)) {
			problems.push({ file: metaFile, line: 1, message: 'missing course.yml' })
		} else {
			const parsed = parseYaml(
				fs.readFileSync(metaFile, 'utf8'),
				metaFile,
				1,
				problems,
			)
			if (parsed.document) {
				const result = courseMetaSchema.safeParse(parsed.document.toJS())
				if (result.success) meta = result.data
				else
					problems.push(
						...zodProblems(
							result.error,
							metaFile,
							parsed.document,
							parsed.lineCounter,
							1,
						),
					)
			}
		}
		const lessons: RawLesson[] = []
		for (const name of fs.readdirSync(dir).sort()) {
			const lessonDir = path.join(dir, name)
			if (!fs.statSync(lessonDir).isDirectory()) continue
			const m = LESSON_DIR.exec(name)
			if (!m) {
				problems.push({
					file: lessonDir,
					line: 1,
					message: 'lesson folder must be named NN-lesson-slug',
				})
				continue
			}
			const files: RawLesson['files'] = {}
			for (const lang of supportedLanguages) {
				const file = path.join(lessonDir, `${lang}.mdx`)
				if (!fs.existsSync(file)) {
					problems.push({
						file,
						line: 1,
						message: `missing ${lang === 'fr' ? 'French' : 'English'} translation (${lang}.mdx)`,
					})
					continue
				}
				files[lang] = parseLessonFile(
					file,
					fs.readFileSync(file, 'utf8'),
					problems,
				)
			}
			lessons.push({ slug: m[2]!, order: Number(m[1]), dir: lessonDir, files })
		}
		if (!lessons.length)
			problems.push({ file: dir, line: 1, message: 'course has no lessons' })
		courses.push({ slug, dir, metaFile, meta, lessons })
	}
	return { courses, problems }
}

export function hashText(...parts: string[]) {
	const h = crypto.createHash('sha256')
	for (const p of parts) h.update(p).update('\0')
	return h.digest('hex')
}
