import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getUserId, requireUserId } from '#app/auth/session.server.ts'
import {
	findCohortByJoinCode,
	joinCohort,
} from '#app/cohorts/cohorts.server.ts'
import { listCourses } from '#app/courses/catalog.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { getLanguage } from '#app/i18n/i18n.server.ts'

export const handle = noJavaScript

export async function loader({ request, params }: LoaderFunctionArgs) {
	const [userId, cohort, lang] = await Promise.all([
		getUserId(request),
		findCohortByJoinCode(params.code ?? ''),
		getLanguage(request),
	])
	if (!cohort)
		return data(
			{
				cohort: null,
				signedIn: Boolean(userId),
				courses: [],
				here: new URL(request.url).pathname,
			},
			{ status: 404 },
		)
	const courses = (await listCourses(lang))
		.filter((c) => cohort.courses.some((x) => x.courseSlug === c.slug))
		.map((c) => ({ slug: c.slug, title: c.title }))
	return data({
		cohort: {
			name: cohort.name,
			programme: cohort.programme,
			enrollmentOpen: cohort.enrollmentOpen,
		},
		signedIn: Boolean(userId),
		courses,
		here: new URL(request.url).pathname,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const userId = await requireUserId(request)
	const { result, name, cohortId } = await joinCohort(userId, params.code ?? '')
	// In: straight to "my training", where the cohort and the next lesson are.
	if ((result === 'joined' || result === 'already') && cohortId)
		return redirect(`/training?joined=${encodeURIComponent(cohortId)}`)
	return data(
		{ result, name: name ?? '' },
		{
			status:
				result === 'joined' || result === 'already'
					? 200
					: result === 'notFound'
						? 404
						: 409,
		},
	)
}

export default function Join() {
	const { cohort, signedIn, courses, here } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	if (!cohort) {
		return (
			<div className="page narrow">
				<h1>{t('cohorts.join.title')}</h1>
				<p className="notice error-notice">{t('cohorts.join.notFound')}</p>
				<p>
					<a href="/join">{t('cohorts.join.enterCode')}</a>
				</p>
			</div>
		)
	}
	const joined =
		actionData?.result === 'joined' || actionData?.result === 'already'
	return (
		<div className="page narrow">
			<h1>{cohort.name}</h1>
			<p className="muted">{cohort.programme}</p>
			{courses.length ? (
				<>
					<h2>{t('cohorts.join.courses')}</h2>
					<ul>
						{courses.map((c) => (
							<li key={c.slug}>
								<a href={`/courses/${c.slug}`}>{c.title}</a>
							</li>
						))}
					</ul>
				</>
			) : null}
			{actionData ? (
				<p className={joined ? 'notice' : 'notice error-notice'} role="status">
					{t(`cohorts.join.${actionData.result}`, { name: actionData.name })}
				</p>
			) : null}
			{joined ? null : signedIn ? (
				<Form method="post">
					<button type="submit" className="primary">
						{t('cohorts.join.confirm', { name: cohort.name })}
					</button>
				</Form>
			) : (
				<p className="notice">
					{t('cohorts.join.signInFirst')}{' '}
					<a href={`/login?redirectTo=${encodeURIComponent(here)}`}>
						{t('layout.signIn')}
					</a>{' '}
					·{' '}
					<a href={`/signup?redirectTo=${encodeURIComponent(here)}`}>
						{t('layout.signUp')}
					</a>
				</p>
			)}
		</div>
	)
}
