import {
	data,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getUserId } from '#app/auth/session.server.ts'
import { listCertificatesForUser } from '#app/certificates/issue.server.ts'
import { settleCourse } from '#app/completion/completion.server.ts'
import { findCourse, getCourseOutline } from '#app/courses/catalog.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { getCourseProgress } from '#app/courses/progress.server.ts'
import { getLanguage } from '#app/i18n/i18n.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'
import { useFormat } from '#app/i18n/use-format.ts'
import { OfflineSave } from '#app/offline/components/offline-save.tsx'

export const handle = noJavaScript

export async function loader({ request, params }: LoaderFunctionArgs) {
	const [lang, userId] = await Promise.all([
		getLanguage(request),
		getUserId(request),
	])
	const [course, catalogCourse] = await Promise.all([
		getCourseOutline(params.course ?? '', lang),
		findCourse(params.course ?? ''),
	])
	invariantResponse(course && catalogCourse, 'Course not found', {
		status: 404,
	})
	if (!userId) return data({ course, progress: null, certificateCode: null })
	let progress = await getCourseProgress(userId, catalogCourse)
	// Every lesson done but no completion (two last lessons at once, or a
	// crash between two requests): it is recorded now, with its certificate.
	if (progress.completionOwed && (await settleCourse(userId, catalogCourse)))
		progress = await getCourseProgress(userId, catalogCourse)
	const certificate = progress.completedAt
		? (await listCertificatesForUser(userId)).find(
				(c) =>
					c.kind === 'course' && c.courseSlug === course.slug && !c.revokedAt,
			)
		: undefined
	return data({
		course,
		progress,
		certificateCode: certificate?.code ?? null,
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.course.title} — Essor` : 'Essor' },
	{ name: 'description', content: data?.course.description ?? '' },
]

export default function CoursePage() {
	const { course, progress, certificateCode } = useLoaderData<typeof loader>()
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
					<dd data-testid="course-hours">
						{t('courses.hoursLabel', { count: course.hours })} ·{' '}
						{t('courses.lessonsCount', { count: course.lessonCount })}
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
							{certificateCode ? (
								<>
									{' '}
									<a href={`/certificates/${certificateCode}.pdf`}>
										{t('courses.seeCertificate')}
									</a>
								</>
							) : null}
						</p>
					) : null}
					{progress.readOnlyLessons ? (
						<p className="muted small">
							{t('courses.readOnlyLessons', {
								count: progress.readOnlyLessons,
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
			<OfflineSave course={course.slug} />
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
							{t('courses.readingMinutes', { count: lesson.duration })}
							{lesson.hasQuiz ? `, ${t('courses.withQuiz')}` : ''}
							{lesson.required ? '' : `, ${t('courses.optional')}`})
						</span>
					</li>
				))}
			</ol>
		</div>
	)
}
