import {
	getCatalog,
	type CatalogCourse,
	type CatalogLesson,
} from '#app/content/catalog.server.ts'
import type { Language } from '#app/i18n/config.ts'

/** Read-only views of the compiled catalog, shaped for pages, in one language. */

/** A lesson with a quiz is done only when its quiz is passed; one without, when marked read. */
export function lessonHasQuiz(lesson: CatalogLesson) {
	return lesson.i18n.fr.quiz.length > 0
}

function courseSummary(course: CatalogCourse, lang: Language) {
	const text = course.i18n[lang]
	return {
		slug: course.slug,
		title: text.title,
		description: text.description,
		audience: text.audience,
		/** The course's one duration, shown on the catalog, the course page and the certificate. */
		hours: course.hours,
		lessonCount: course.lessons.length,
	}
}
export type CourseSummary = ReturnType<typeof courseSummary>

export async function listCourses(lang: Language) {
	const catalog = await getCatalog()
	return catalog.courses.map((c) => courseSummary(c, lang))
}

export async function findCourse(
	slug: string,
): Promise<CatalogCourse | undefined> {
	return (await getCatalog()).courses.find((c) => c.slug === slug)
}

export async function findLesson(courseSlug: string, lessonSlug: string) {
	const course = await findCourse(courseSlug)
	const index = course?.lessons.findIndex((l) => l.slug === lessonSlug) ?? -1
	if (!course || index < 0) return undefined
	return { course, lesson: course.lessons[index] as CatalogLesson, index }
}

export async function getCourseOutline(slug: string, lang: Language) {
	const course = await findCourse(slug)
	if (!course) return undefined
	return {
		...courseSummary(course, lang),
		objectives: course.i18n[lang].objectives,
		passMark: course.passMark,
		lessons: course.lessons.map((l) => ({
			slug: l.slug,
			title: l.i18n[lang].title,
			description: l.i18n[lang].description,
			duration: l.duration,
			required: l.required,
			hasQuiz: lessonHasQuiz(l),
		})),
	}
}
export type CourseOutline = NonNullable<
	Awaited<ReturnType<typeof getCourseOutline>>
>

export async function getLessonPage(
	courseSlug: string,
	lessonSlug: string,
	lang: Language,
) {
	const found = await findLesson(courseSlug, lessonSlug)
	if (!found) return undefined
	const { course, lesson, index } = found
	const text = lesson.i18n[lang]
	const neighbour = (l: CatalogLesson | undefined) =>
		l ? { slug: l.slug, title: l.i18n[lang].title } : null
	return {
		course: {
			slug: course.slug,
			title: course.i18n[lang].title,
			passMark: course.passMark,
		},
		lesson: {
			slug: lesson.slug,
			title: text.title,
			description: text.description,
			duration: lesson.duration,
			objectives: text.objectives,
			sources: text.sources,
			worksheets: text.worksheets,
			hasQuiz: lessonHasQuiz(lesson),
			code: text.code,
			version: lesson.version,
		},
		position: index + 1,
		total: course.lessons.length,
		previous: neighbour(course.lessons[index - 1]),
		next: neighbour(course.lessons[index + 1]),
	}
}
export type LessonPage = NonNullable<Awaited<ReturnType<typeof getLessonPage>>>
