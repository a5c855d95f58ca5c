import {
	data,
	type LoaderFunctionArgs,
	type MetaFunction,
	type SerializeFrom,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUserId } from '#app/auth/session.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { getLanguage, getT } from '#app/i18n/i18n.server.ts'
import { useFormat } from '#app/i18n/use-format.ts'
import { getMyTraining } from '#app/training/training.server.ts'

export const handle = noJavaScript

export async function loader({ request }: LoaderFunctionArgs) {
	const userId = await requireUserId(request)
	const [lang, t] = await Promise.all([getLanguage(request), getT(request)])
	const training = await getMyTraining(userId, lang)
	const joinedId = new URL(request.url).searchParams.get('joined')
	const joined = training.cohorts.find((c) => c.id === joinedId)
	return data({
		title: t('training.title'),
		joined: joined?.name ?? null,
		...training,
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export default function MyTrainingPage() {
	const data = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	// Cohort and session days are calendar days; issue dates are instants, shown in the programme's zone.
	const format = useFormat()
	return (
		<div className="page narrow training">
			<h1>{t('training.title')}</h1>
			{data.joined ? (
				<p className="notice" role="status" data-testid="joined">
					{t('cohorts.join.joined', { name: data.joined })}
				</p>
			) : null}
			{data.cohorts.length === 0 ? (
				<section className="card" data-testid="no-cohort">
					<p>{t('training.noCohort')}</p>
					<p>
						<a className="button" href="/join">
							{t('training.haveCode')}
						</a>{' '}
						<a href="/courses">{t('training.browse')}</a>
					</p>
				</section>
			) : null}
			{data.cohorts.map((cohort) => (
				<section
					key={cohort.id}
					className="card stack"
					aria-labelledby={`cohort-${cohort.id}`}
					data-testid="training-cohort"
				>
					<h2 id={`cohort-${cohort.id}`}>{cohort.name}</h2>
					<p className="muted small">
						{cohort.programme} ·{' '}
						{t('cohorts.dates', {
							start: format.day(cohort.startDate),
							end: format.day(cohort.endDate),
						})}
						{cohort.trainers.length
							? ` · ${t('training.trainers', { names: cohort.trainers.join(', ') })}`
							: ''}
						{cohort.kind === 'entrepreneurship' ? (
							<>
								<br />
								{t('training.stage', {
									stage: t(`labels.stage.${cohort.stage}`),
								})}
							</>
						) : null}
					</p>
					{cohort.courses.map((course) => (
						<CourseProgress key={course.slug} course={course} />
					))}
				</section>
			))}
			<section className="card" aria-labelledby="sessions-title">
				<h2 id="sessions-title">{t('training.sessions')}</h2>
				{data.sessions.length ? (
					<ul data-testid="training-sessions">
						{data.sessions.map((s) => (
							<li key={s.id}>
								<strong>{format.day(s.date)}</strong> —{' '}
								{t(`cohorts.sessions.kinds.${s.kind}`)} : {s.title}
								{data.cohorts.length > 1 ? (
									<span className="muted small"> ({s.cohortName})</span>
								) : null}
								{s.notes ? (
									<span className="muted small"> — {s.notes}</span>
								) : null}
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{t('training.noSession')}</p>
				)}
			</section>
			{data.ownCourses.length ? (
				<section className="card stack" aria-labelledby="own-title">
					<h2 id="own-title">{t('training.ownCourses')}</h2>
					{data.ownCourses.map((course) => (
						<CourseProgress key={course.slug} course={course} />
					))}
				</section>
			) : null}
			<section className="card" aria-labelledby="certificates-title">
				<h2 id="certificates-title">{t('training.certificates')}</h2>
				{data.certificates.length ? (
					<ul data-testid="training-certificates">
						{data.certificates.map((c) => (
							<li key={c.code}>
								<a href={`/certificates/${c.code}.pdf`}>{c.title}</a>{' '}
								<span className="muted small">
									{t('training.certificateLine', {
										date: format.date(c.issuedAt),
										hours: c.hours,
									})}
								</span>
							</li>
						))}
					</ul>
				) : (
					<p className="muted">{t('training.noCertificate')}</p>
				)}
				<p className="small">
					<a href="/account/certificates">{t('training.allCertificates')}</a>
				</p>
			</section>
		</div>
	)
}

function CourseProgress({
	course,
}: {
	course: SerializeFrom<typeof loader>['cohorts'][number]['courses'][number]
}) {
	const { t } = useTranslation()
	const format = useFormat()
	return (
		<article data-course={course.slug}>
			<h3>
				<a href={`/courses/${course.slug}`}>{course.title}</a>
			</h3>
			<p className="small">
				<label>
					{t('courses.hoursLabel', { count: course.hours })} ·{' '}
					{t('courses.progressValue', {
						done: course.lessonsDone,
						total: course.lessonCount,
					})}
					<br />
					<progress max={course.lessonCount} value={course.lessonsDone} />
				</label>
			</p>
			{course.completedAt ? (
				<p className="notice" data-testid="course-done">
					{t('courses.courseCompleted', {
						date: format.date(course.completedAt),
					})}
					{course.certificateCode ? (
						<>
							{' '}
							<a href={`/certificates/${course.certificateCode}.pdf`}>
								{t('courses.seeCertificate')}
							</a>
						</>
					) : null}
				</p>
			) : course.nextLesson ? (
				<p>
					<a
						className="button"
						href={`/courses/${course.slug}/${course.nextLesson.slug}`}
						data-testid="next-lesson"
					>
						{t('training.next', {
							position: course.nextLesson.position,
							title: course.nextLesson.title,
						})}
					</a>
				</p>
			) : null}
		</article>
	)
}
