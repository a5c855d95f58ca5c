import {
	json,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getUserId } from '#app/auth/session.server.ts'
import { getCourseOutline } from '#app/courses/catalog.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { getCourseProgress } from '#app/courses/progress.server.ts'
import { getLanguage } from '#app/i18n/i18n.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'
import { useFormat } from '#app/i18n/use-format.ts'

export const handle = noJavaScript

export async function loader({ request, params }: LoaderFunctionArgs) {
	const [lang, userId] = await Promise.all([
		getLanguage(request),
		getUserId(request),
	])
	const course = await getCourseOutline(params.course ?? '', lang)
	invariantResponse(course, 'Course not found', { status: 404 })
	const progress = userId ? await getCourseProgress(userId, course.slug) : null
	return json({ course, progress })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.course.title} — Essor` : 'Essor' },
	{ name: 'description', content: data?.course.description ?? '' },
]

export default function CoursePage() {
	const { course, progress } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const format = useFormat()
	const done = new Set(progress?.completedLessons ?? [])
	const resume = progress?.lastLesson
		? course.lessons.find((l) => l.slug === progress.lastLesson)
		: undefined
	const firstOpen =
		course.lessons.find((l) => !done.has(l.slug)) ?? course.lessons[0]
	const next = resume && !done.has(resume.slug) ? resume : firstOpen
	return (
		<div className="page">
			<p className="small">
				<a href="/courses">← {t('courses.catalogTitle')}</a>
			</p>
			<h1>{course.title}</h1>
			<p className="lead">{course.description}</p>
			<dl className="facts">
				<div>
					<dt>{t('courses.audience')}</dt>
					<dd>{course.audience}</dd>
				</div>
				<div>
					<dt>{t('courses.duration')}</dt>
					<dd>
						{t('courses.lessonsCount', { count: course.lessonCount })} ·{' '}
						{t('courses.minutes', { count: course.durationMinutes })} ·{' '}
						{t('courses.hoursLabel', { count: course.hours })}
					</dd>
				</div>
			</dl>
			{progress ? (
				<section aria-labelledby="progress-title" className="card">
					<h2 id="progress-title">{t('courses.progress')}</h2>
					<p>
						<label>
							{t('courses.progressValue', {
								done: done.size,
								total: course.lessonCount,
							})}
							<br />
							<progress max={course.lessonCount} value={done.size} />
						</label>
					</p>
					{progress.completedAt ? (
						<p className="notice">
							{t('courses.courseCompleted', {
								date: format.date(progress.completedAt),
							})}
						</p>
					) : null}
				</section>
			) : null}
			{next ? (
				<p>
					<a className="button" href={`/courses/${course.slug}/${next.slug}`}>
						{progress && done.size > 0
							? t('courses.resume', { title: next.title })
							: t('courses.start')}
					</a>
				</p>
			) : null}
			<h2>{t('courses.objectives')}</h2>
			<ul>
				{course.objectives.map((o) => (
					<li key={o}>{o}</li>
				))}
			</ul>
			<h2>{t('courses.syllabus')}</h2>
			<ol className="syllabus">
				{course.lessons.map((lesson) => (
					<li key={lesson.slug}>
						<a href={`/courses/${course.slug}/${lesson.slug}`}>
							{lesson.title}
						</a>
						{done.has(lesson.slug) ? (
							<span className="badge">✓ {t('courses.completed')}</span>
						) : null}
						<br />
						<span className="muted small">
							{lesson.description} (
							{t('courses.minutes', { count: lesson.duration })}
							{lesson.required ? '' : `, ${t('courses.optional')}`})
						</span>
					</li>
				))}
			</ol>
		</div>
	)
}
