import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { calendarDate } from '#app/utils/calendar-date.ts'
import {
	requireCohortTrainer,
	requireTrainer,
} from '#app/cohorts/access.server.ts'
import { keyedErrorMap } from '#app/cohorts/cohort-form.ts'
import { getCohortForActor } from '#app/cohorts/cohorts.server.ts'
import { sessionKinds } from '#app/cohorts/constants.ts'
import {
	createTrainingSession,
	listTrainingSessions,
} from '#app/cohorts/enrollments.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'
import { useFormat } from '#app/i18n/use-format.ts'

const sessionSchema = z.object({
	kind: z.enum(sessionKinds),
	title: z
		.string()
		.trim()
		.min(2, 'cohorts.errors.required')
		.max(200, 'cohorts.errors.tooLong'),
	date: calendarDate('cohorts.errors.date'),
	notes: z.string().trim().max(5000, 'cohorts.errors.tooLong').default(''),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const cohortId = params.cohortId ?? ''
	const [cohort, sessions] = await Promise.all([
		getCohortForActor(actor, cohortId),
		listTrainingSessions(actor, cohortId),
	])
	invariantResponse(cohort && sessions, 'Cohort not found', { status: 404 })
	return data({ cohort: { id: cohort.id, name: cohort.name }, sessions })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const cohortId = params.cohortId ?? ''
	const actor = await requireCohortTrainer(request, cohortId)
	const parsed = sessionSchema.safeParse(
		Object.fromEntries(await readFormData(request)),
		{ errorMap: keyedErrorMap },
	)
	if (!parsed.success) {
		return data(
			{
				errors: Object.fromEntries(
					parsed.error.issues.map((i) => [String(i.path[0]), i.message]),
				),
			},
			{ status: 400 },
		)
	}
	const created = await createTrainingSession(actor, cohortId, parsed.data)
	invariantResponse(created, 'Cohort not found', { status: 404 })
	return redirect(`/cohorts/${cohortId}/sessions/${created.id}`)
}

export default function Sessions() {
	const { cohort, sessions } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const format = useFormat()
	const err = (f: string) =>
		actionData?.errors[f] ? (
			<span className="field-error">{t(actionData.errors[f])}</span>
		) : null
	return (
		<div className="page narrow">
			<p className="small">
				<Link to={`/cohorts/${cohort.id}`}>← {cohort.name}</Link>
			</p>
			<h1>{t('cohorts.sessions.title')}</h1>
			{sessions.length ? (
				<ul>
					{sessions.map((s) => (
						<li key={s.id}>
							<Link to={`/cohorts/${cohort.id}/sessions/${s.id}`}>
								{format.day(s.date)} — {s.title}
							</Link>{' '}
							<span className="muted small">
								({t(`cohorts.sessions.kinds.${s.kind}`)},{' '}
								{t('cohorts.sessions.present', { count: s._count.attendance })})
							</span>
						</li>
					))}
				</ul>
			) : (
				<p>{t('cohorts.sessions.none')}</p>
			)}
			<h2>{t('cohorts.sessions.new')}</h2>
			<Form method="post" className="stack">
				<div className="field">
					<label htmlFor="kind">{t('cohorts.sessions.kind')}</label>
					<select id="kind" name="kind">
						{sessionKinds.map((k) => (
							<option key={k} value={k}>
								{t(`cohorts.sessions.kinds.${k}`)}
							</option>
						))}
					</select>
					{err('kind')}
				</div>
				<div className="field">
					<label htmlFor="title">{t('cohorts.sessions.titleField')}</label>
					<input id="title" name="title" type="text" required />
					{err('title')}
				</div>
				<div className="field">
					<label htmlFor="date">{t('cohorts.sessions.date')}</label>
					<input id="date" name="date" type="date" required />
					{err('date')}
				</div>
				<div className="field">
					<label htmlFor="notes">{t('cohorts.sessions.notes')}</label>
					<textarea id="notes" name="notes" rows={2} />
					{err('notes')}
				</div>
				<p>
					<button type="submit" className="primary">
						{t('cohorts.sessions.create')}
					</button>
				</p>
			</Form>
		</div>
	)
}
