import fs from 'node:fs'
import path from 'node:path'
import { getEnv } from '#app/env.server.ts'
import { supportedLanguages, type Language } from '#app/i18n/config.ts'
import { projectRoot } from '#app/utils/project-root.server.mjs'
import { compileMdx } from './compile.server.ts'
import type { CourseMeta, LessonFrontmatter } from './schema.ts'
import {
	defaultContentRoot,
	hashText,
	readContent,
	type ContentProblem,
} from './source.server.ts'

/**
 * The compiled catalog: every course and lesson with its compiled MDX, built
 * once at build time (`build/content/catalog.json`) and loaded by the server
 * at start. It holds the quiz answers: it is never sent to browsers.
 */

export type CatalogLessonText = Omit<
	LessonFrontmatter,
	'duration' | 'required' | 'quizSize'
> & { code: string }

export type CatalogLesson = {
	slug: string
	order: number
	duration: number
	required: boolean
	/** questions asked per attempt, drawn from the pool; null: the whole pool */
	quizSize: number | null
	/** hash of both language files: the content version a completion is earned against */
	version: string
	i18n: Record<Language, CatalogLessonText>
}

export type CatalogCourse = {
	slug: string
	order: number
	hours: number
	passMark: number
	/** right answers shown after this many attempts even when not passed; null: only once passed */
	revealAnswersAfter: number | null
	version: string
	i18n: Record<Language, CourseMeta['fr']>
	lessons: CatalogLesson[]
}

export type Catalog = {
	version: string
	builtAt: string
	courses: CatalogCourse[]
}

export class ContentError extends Error {
	constructor(public problems: ContentProblem[]) {
		super(
			`Content has ${problems.length} problem(s):\n${problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`,
		)
	}
}

export const defaultCacheDir = path.join(projectRoot, '.cache/mdx')
export const defaultManifest = path.join(
	projectRoot,
	'build/content/catalog.json',
)

export async function buildCatalog(
	root = defaultContentRoot,
	cacheDir = defaultCacheDir,
): Promise<Catalog> {
	const { courses, problems } = readContent(root)
	if (problems.length) throw new ContentError(problems)
	const built: CatalogCourse[] = []
	for (const course of courses) {
		const meta = course.meta!
		const lessons: CatalogLesson[] = []
		for (const lesson of course.lessons) {
			const i18n = {} as Record<Language, CatalogLessonText>
			for (const lang of supportedLanguages) {
				const file = lesson.files[lang]!
				const {
					duration: _d,
					required: _r,
					quizSize: _q,
					...text
				} = file.frontmatter!
				i18n[lang] = {
					...text,
					code: await compileMdx(file.body, { cwd: lesson.dir, cacheDir }),
				}
			}
			const fr = lesson.files.fr!.frontmatter!
			lessons.push({
				slug: lesson.slug,
				order: lesson.order,
				duration: fr.duration,
				required: fr.required,
				quizSize: fr.quizSize ?? null,
				version: hashText(
					...supportedLanguages.map((l) => lesson.files[l]!.source),
				).slice(0, 16),
				i18n,
			})
		}
		built.push({
			slug: course.slug,
			order: meta.order,
			hours: meta.hours,
			passMark: meta.passMark,
			revealAnswersAfter: meta.revealAnswersAfter ?? null,
			version: hashText(
				JSON.stringify(meta),
				...lessons.map((l) => l.version),
			).slice(0, 16),
			i18n: { fr: meta.fr, en: meta.en },
			lessons,
		})
	}
	built.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug))
	return {
		version: hashText(...built.map((c) => c.version)).slice(0, 16),
		builtAt: new Date().toISOString(),
		courses: built,
	}
}

export async function writeCatalog(
	file = defaultManifest,
	root = defaultContentRoot,
) {
	const catalog = await buildCatalog(root)
	fs.mkdirSync(path.dirname(file), { recursive: true })
	fs.writeFileSync(file, JSON.stringify(catalog))
	return catalog
}

function sourceFingerprint(root: string): string {
	const parts: string[] = []
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name)
			if (entry.isDirectory()) walk(full)
			else parts.push(`${full}:${fs.statSync(full).mtimeMs}`)
		}
	}
	walk(root)
	return hashText(...parts.sort())
}

let loaded: { catalog: Catalog; fingerprint: string } | undefined
let building: Promise<Catalog> | undefined

/**
 * Production reads the catalog built by `npm run build` once. Development and
 * tests build it from `content/` (compiled lessons are cached on disk) and
 * rebuild when a content file changes.
 */
export async function getCatalog(): Promise<Catalog> {
	const env = getEnv()
	if (env.NODE_ENV === 'production') {
		if (!loaded) {
			const file = env.CONTENT_MANIFEST ?? defaultManifest
			if (!fs.existsSync(file))
				throw new Error(`No compiled content at ${file}: run npm run build`)
			loaded = {
				catalog: JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog,
				fingerprint: '',
			}
		}
		return loaded.catalog
	}
	const fingerprint = sourceFingerprint(defaultContentRoot)
	if (loaded?.fingerprint === fingerprint) return loaded.catalog
	building ??= buildCatalog().finally(() => (building = undefined))
	const catalog = await building
	loaded = { catalog, fingerprint }
	return catalog
}
