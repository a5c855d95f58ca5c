import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import {
	rotateJoinCode,
	setEnrollmentOpen,
} from '#app/cohorts/cohorts.server.ts'
import { PendingInvitations } from '#app/cohorts/components/pending-invitations.tsx'
import { ReportView } from '#app/cohorts/components/report-view.tsx'
import { learnersWithFlaggedCompletions } from '#app/cohorts/enrollments.server.ts'
import { listCohortInvitations } from '#app/cohorts/invitations.server.ts'
import { getCohortReport } from '#app/cohorts/reports.server.ts'
import { latestStageChanges } from '#app/cohorts/stages.server.ts'
import { listCourses } from '#app/courses/catalog.server.ts'
import { appUrl } from '#app/env.server.ts'
import { getLanguage } from '#app/i18n/i18n.server.ts'
import { useFormat } from '#app/i18n/use-format.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { badRequest, invariantResponse } from '#app/utils/invariant.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const report = await getCohortReport({
		actor,
		cohortId: params.cohortId ?? '',
		page: Number(new URL(request.url).searchParams.get('page')) || 1,
	})
	invariantResponse(report, 'Cohort not found', { status: 404 })
	const { cohort, facts, summary, page, pageCount } = report
	const [courses, why, flagged, invitations] = await Promise.all([
		listCourses(await getLanguage(request)),
		latestStageChanges(facts.map((f) => f.enrollmentId)),
		learnersWithFlaggedCompletions(
			facts.map((f) => f.userId),
			cohort.courses,
		),
		listCohortInvitations(actor, cohort.id),
	])
	return data({
		cohort,
		invitations: invitations ?? [],
		summary,
		page,
		pageCount,
		courseTitles: courses
			.filter((c) => cohort.courses.includes(c.slug))
			.map((c) => c.title),
		joinUrl: `${appUrl()}/join/${cohort.joinCode}`,
		learners: facts.map((f) => ({
			id: f.enrollmentId,
			name: f.name,
			progress: f.progress,
			completed: f.completed,
			lastActivity: f.lastActivity,
			quizAverage: f.quizAverage,
			stage: f.stage,
			why: why.get(f.enrollmentId) ?? null,
			flagged: flagged.has(f.userId),
		})),
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.cohort.name ?? ''} — Essor` },
]

export async function action({ request, params }: ActionFunctionArgs) {
	const actor = await requireTrainer(request)
	const cohortId = params.cohortId ?? ''
	const intent = (await readFormData(request)).get('intent')
	const done =
		intent === 'rotate-code'
			? await rotateJoinCode(actor, cohortId)
			: intent === 'close' || intent === 'open'
				? await setEnrollmentOpen(actor, cohortId, intent === 'open')
				: undefined
	if (done === undefined) throw badRequest('errors.unknownAction')
	invariantResponse(done, 'Cohort not found', { status: 404 })
	return redirect(`/cohorts/${cohortId}`)
}

export default function CohortDashboard() {
	const {
		cohort,
		summary,
		learners,
		joinUrl,
		courseTitles,
		invitations,
		page,
		pageCount,
	} = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const format = useFormat()
	const entrepreneurship = cohort.kind === 'entrepreneurship'
	return (
		<div className="page">
			<p className="small">
				<Link to="/cohorts">← {t('cohorts.title')}</Link>
			</p>
			<h1>{cohort.name}</h1>
			<p className="muted">
				{cohort.programme} · {t(`labels.kind.${cohort.kind}`)} ·{' '}
				{cohort.country}
				{cohort.region ? ` · ${cohort.region}` : ''}
				{cohort.communes.length ? ` · ${cohort.communes.join(', ')}` : ''}
				<br />
				{t('cohorts.dates', {
					start: format.day(cohort.startDate),
					end: format.day(cohort.endDate),
				})}{' '}
				· {t('cohorts.dashboard.courses')} : {courseTitles.join(', ')}
				<br />
				{t('cohorts.dashboard.trainers')} :{' '}
				{cohort.trainers.map((tr) => tr.name).join(', ')}
			</p>
			<nav className="actions" aria-label={cohort.name}>
				<Link to={`/cohorts/${cohort.id}/import`}>
					{t('cohorts.dashboard.import')}
				</Link>
				<a href={`/cohorts/${cohort.id}/export.csv`}>
					{t('cohorts.dashboard.exportCsv')}
				</a>
				<a href={`/cohorts/${cohort.id}/export.csv?sep=comma`}>
					{t('cohorts.dashboard.exportCsvComma')}
				</a>
				<a href={`/cohorts/${cohort.id}/export.json`}>
					{t('cohorts.dashboard.exportJson')}
				</a>
				<Link to={`/cohorts/${cohort.id}/sessions`}>
					{t('cohorts.dashboard.sessions')}
				</Link>
				<Link to={`/cohorts/${cohort.id}/certificates`}>
					{t('certificates.cohort.title')}
				</Link>
				<Link to={`/cohorts/${cohort.id}/settings`}>
					{t('cohorts.dashboard.settings')}
				</Link>
			</nav>
			<section className="card" aria-labelledby="join-title">
				<h2 id="join-title">{t('cohorts.dashboard.join')}</h2>
				<p>
					{t('cohorts.dashboard.joinHelp')}{' '}
					<span className="code" data-testid="join-code">
						{cohort.joinCode}
					</span>
					<br />
					<a href={joinUrl}>{joinUrl}</a>
				</p>
				<p>{cohort.enrollmentOpen ? t('cohorts.open') : t('cohorts.closed')}</p>
				<Form method="post" className="actions">
					<button
						type="submit"
						name="intent"
						value="rotate-code"
						className="secondary"
					>
						{t('cohorts.dashboard.rotate')}
					</button>
					<button
						type="submit"
						name="intent"
						value={cohort.enrollmentOpen ? 'close' : 'open'}
						className="secondary"
					>
						{cohort.enrollmentOpen
							? t('cohorts.dashboard.close')
							: t('cohorts.dashboard.reopen')}
					</button>
				</Form>
			</section>
			<PendingInvitations invitations={invitations} />
			<h2>{t('cohorts.dashboard.overview')}</h2>
			<ReportView summary={summary} showStages={entrepreneurship} />
			<h2 id="learners">{t('cohorts.dashboard.learners')}</h2>
			<div className="table-wrap">
				<table>
					<thead>
						<tr>
							<th scope="col">{t('cohorts.dashboard.learnerName')}</th>
							<th scope="col">{t('cohorts.dashboard.progress')}</th>
							<th scope="col">{t('cohorts.dashboard.lastActivity')}</th>
							<th scope="col" className="num">
								{t('cohorts.dashboard.quiz')}
							</th>
							<th scope="col">{t('cohorts.dashboard.stage')}</th>
							{entrepreneurship ? (
								<th scope="col">{t('cohorts.dashboard.why')}</th>
							) : null}
						</tr>
					</thead>
					<tbody>
						{learners.map((l) => (
							<tr key={l.id}>
								<th scope="row">
									<Link to={`/cohorts/${cohort.id}/learners/${l.id}`}>
										{l.name}
									</Link>
								</th>
								<td>
									{l.completed
										? `✓ ${t('courses.completed')}`
										: format.percent(l.progress, 100)}
									{l.flagged ? (
										<span className="badge" data-testid="flagged">
											{t('cohorts.dashboard.flagged')}
										</span>
									) : null}
								</td>
								<td>
									{l.lastActivity
										? format.date(l.lastActivity)
										: t('cohorts.dashboard.never')}
								</td>
								<td className="num">
									{l.quizAverage === null
										? '—'
										: format.percent(l.quizAverage, 100)}
								</td>
								<td>{t(`labels.stage.${l.stage}`)}</td>
								{entrepreneurship ? (
									<td className="small">
										{!l.why
											? t('cohorts.dashboard.whyNone')
											: l.why.removed
												? t('cohorts.dashboard.whyRemoved', {
														stage: t(`labels.stage.${l.why.stage}`),
													})
												: `${t(`labels.stage.${l.why.stage}`)} : ${
														l.why.source === 'completion'
															? t('cohorts.dashboard.whyCompletion', {
																	date: l.why.reachedAt
																		? format.date(l.why.reachedAt)
																		: '—',
																})
															: l.why.source === 'trainer'
																? t('cohorts.dashboard.whyTrainer', {
																		name: l.why.actorName ?? '—',
																		date: format.date(l.why.at),
																	})
																: t(`cohorts.dashboard.why_${l.why.source}`, {
																		date: format.date(
																			l.why.reachedAt ?? l.why.at,
																		),
																	})
													}`}
									</td>
								) : null}
							</tr>
						))}
					</tbody>
				</table>
			</div>
			{learners.some((l) => l.flagged) ? (
				<p className="muted small">{t('cohorts.dashboard.flaggedHelp')}</p>
			) : null}
			{pageCount > 1 ? (
				<nav
					className="pager"
					aria-label={t('cohorts.dashboard.learnersPage', { page, pageCount })}
				>
					{page > 1 ? (
						<Link to={`?page=${page - 1}#learners`}>
							← {t('auth.admin.previous')}
						</Link>
					) : (
						<span />
					)}
					<span>{t('auth.admin.pageOf', { page, pageCount })}</span>
					{page < pageCount ? (
						<Link to={`?page=${page + 1}#learners`}>
							{t('auth.admin.next')} →
						</Link>
					) : (
						<span />
					)}
				</nav>
			) : null}
		</div>
	)
}
