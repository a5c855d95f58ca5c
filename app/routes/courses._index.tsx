import {
	data,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getUserId } from '#app/auth/session.server.ts'
import { listCourses } from '#app/courses/catalog.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { getProgressByCourse } from '#app/courses/progress.server.ts'
import { getLanguage, getT } from '#app/i18n/i18n.server.ts'

export const handle = noJavaScript

export async function loader({ request }: LoaderFunctionArgs) {
	const [lang, t, userId] = await Promise.all([
		getLanguage(request),
		getT(request),
		getUserId(request),
	])
	const [courses, progress] = await Promise.all([
		listCourses(lang),
		userId ? getProgressByCourse(userId) : {},
	])
	return data({ courses, progress, title: t('courses.catalogTitle') })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export default function Catalog() {
	const { courses, progress } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<div className="page">
			<h1>{t('courses.catalogTitle')}</h1>
			<p className="lead">{t('courses.catalogLead')}</p>
			<ul className="cards">
				{courses.map((course) => {
					const mine = progress[course.slug as keyof typeof progress] as
						{ completed: number; completedAt: string | null } | undefined
					return (
						<li key={course.slug} className="card course-card">
							<h2>
								<a href={`/courses/${course.slug}`}>{course.title}</a>
							</h2>
							<p>{course.description}</p>
							<p className="muted small">
								<strong>{t('courses.audience')} :</strong> {course.audience}
								<br />
								{t('courses.hoursLabel', { count: course.hours })} ·{' '}
								{t('courses.lessonsCount', {
									count: course.lessonCount,
								})}
							</p>
							{mine ? (
								<p className="small">
									<label>
										{mine.completedAt
											? t('courses.completed')
											: t('courses.progressValue', {
													done: mine.completed,
													total: course.lessonCount,
												})}
										<br />
										<progress
											max={course.lessonCount}
											value={Math.min(mine.completed, course.lessonCount)}
										/>
									</label>
								</p>
							) : null}
						</li>
					)
				})}
			</ul>
		</div>
	)
}
