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
import {
	legalForms,
	recordableStages,
	removableStages,
	stages,
	type RecordableStage,
	type RemovableStage,
} from '#app/cohorts/constants.ts'
import {
	addFollowUp,
	clearStage,
	getEnrollmentDetail,
	recordActivityCreated,
	removeEnrollment,
	setStage,
} from '#app/cohorts/enrollments.server.ts'
import { listCourses } from '#app/courses/catalog.server.ts'
import { getLanguage } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { badRequest, invariantResponse } from '#app/utils/invariant.ts'
import { useFormat } from '#app/i18n/use-format.ts'

const date = calendarDate('cohorts.errors.date')
const schemas = {
	stage: z.object({ stage: z.enum(recordableStages), date }),
	'clear-stage': z.object({ stage: z.enum(removableStages) }),
	created: z.object({
		legalForm: z.enum(legalForms, {
			errorMap: () => ({ message: 'cohorts.errors.required' }),
		}),
		date,
	}),
	followup: z.object({
		date,
		notes: z.string().trim().max(5000, 'cohorts.errors.tooLong').default(''),
	}),
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const enrollment = await getEnrollmentDetail(
		actor,
		params.cohortId ?? '',
		params.enrollmentId ?? '',
	)
	invariantResponse(enrollment, 'Enrollment not found', { status: 404 })
	const titles = Object.fromEntries(
		(await listCourses(await getLanguage(request))).map((c) => [
			c.slug,
			c.title,
		]),
	)
	return data({ enrollment, cohortId: params.cohortId ?? '', titles })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const cohortId = params.cohortId ?? ''
	const actor = await requireCohortTrainer(request, cohortId)
	const enrollmentId = params.enrollmentId ?? ''
	const form = Object.fromEntries(await readFormData(request))
	const intent = String(form.intent ?? '')
	if (intent === 'remove') {
		invariantResponse(
			await removeEnrollment(actor, cohortId, enrollmentId),
			'Enrollment not found',
			{ status: 404 },
		)
		return redirect(`/cohorts/${cohortId}`)
	}
	// Own keys only: "toString" or "constructor" are in every object.
	if (!Object.hasOwn(schemas, intent)) throw badRequest('errors.unknownAction')
	const parsed = schemas[intent as keyof typeof schemas].safeParse(form, {
		errorMap: keyedErrorMap,
	})
	if (!parsed.success) {
		return data(
			{
				intent,
				errors: Object.fromEntries(
					parsed.error.issues.map((i) => [String(i.path[0]), i.message]),
				),
			},
			{ status: 400 },
		)
	}
	const v = parsed.data as {
		stage?: RecordableStage | RemovableStage
		legalForm?: (typeof legalForms)[number]
		date: Date
		notes?: string
	}
	const done =
		intent === 'stage'
			? await setStage(
					actor,
					cohortId,
					enrollmentId,
					v.stage as RecordableStage,
					v.date,
				)
			: intent === 'clear-stage'
				? await clearStage(
						actor,
						cohortId,
						enrollmentId,
						v.stage as RemovableStage,
					)
				: intent === 'created'
					? await recordActivityCreated(
							actor,
							cohortId,
							enrollmentId,
							v.date,
							v.legalForm!,
						)
					: await addFollowUp(
							actor,
							cohortId,
							enrollmentId,
							v.date,
							v.notes ?? '',
						)
	invariantResponse(done, 'Enrollment not found', { status: 404 })
	return redirect(`/cohorts/${cohortId}/learners/${enrollmentId}`)
}

export default function LearnerInCohort() {
	const { enrollment, cohortId, titles } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const format = useFormat()
	const today = format.isoDate(new Date())
	const error = (intent: string, field: string) => {
		const message =
			actionData && 'errors' in actionData && actionData.intent === intent
				? actionData.errors[field]
				: undefined
		return message ? <span className="field-error">{t(message)}</span> : null
	}
	const fmt = (d: Date | string | null) => (d ? format.date(d) : '—')
	const u = enrollment.user
	return (
		<div className="page narrow">
			<p className="small">
				<Link to={`/cohorts/${cohortId}`}>← {t('cohorts.learner.back')}</Link>
			</p>
			<h1>{u.name}</h1>
			<p className="muted">
				{[
					u.email,
					u.phone,
					u.commune,
					u.gender ? t(`labels.gender.${u.gender}`) : null,
					u.birthYear,
				]
					.filter(Boolean)
					.join(' · ')}
			</p>
			<section className="card" aria-labelledby="stage-title">
				<h2 id="stage-title">{t('cohorts.learner.stageTitle')}</h2>
				<ol data-testid="stage-milestones">
					{stages.map((s) => {
						const at = {
							identified: enrollment.identifiedAt,
							selected: enrollment.selectedAt,
							trained: enrollment.trainedAt,
							created: enrollment.activityCreatedAt,
							followed_up: enrollment.followUps[0]?.date ?? null,
						}[s]
						const removable = (removableStages as readonly string[]).includes(s)
						return (
							<li
								key={s}
								data-stage={s}
								aria-current={enrollment.stage === s ? 'step' : undefined}
							>
								{enrollment.stage === s ? (
									<strong>{t(`labels.stage.${s}`)}</strong>
								) : (
									t(`labels.stage.${s}`)
								)}{' '}
								— {at ? fmt(at) : t('cohorts.learner.notReached')}
								{s === 'created' && enrollment.legalForm
									? ` (${t(`labels.legalForm.${enrollment.legalForm}`)})`
									: ''}
								{at && removable ? (
									<Form method="post" className="inline-form">
										<input type="hidden" name="intent" value="clear-stage" />
										<input type="hidden" name="stage" value={s} />{' '}
										<button type="submit" className="link-button small">
											{t('cohorts.learner.clearStage', {
												stage: t(`labels.stage.${s}`),
											})}
										</button>
									</Form>
								) : null}
							</li>
						)
					})}
				</ol>
				<p className="muted small">{t('cohorts.learner.milestones')}</p>
				{enrollment.cohort.kind === 'entrepreneurship' ? (
					<p className="muted small">
						{t('cohorts.learner.trainedAuto', {
							courses: enrollment.courses
								.filter((c) => c.countsForTrained)
								.map((c) => titles[c.slug] ?? c.slug)
								.join(', '),
						})}
					</p>
				) : null}
				<Form method="post" className="actions">
					<input type="hidden" name="intent" value="stage" />
					<label>
						{t('cohorts.learner.recordStage')}{' '}
						<select name="stage" defaultValue="selected">
							{recordableStages.map((s) => (
								<option key={s} value={s}>
									{t(`labels.stage.${s}`)}
								</option>
							))}
						</select>
					</label>
					{error('stage', 'stage')}
					<label>
						{t('cohorts.learner.date')}{' '}
						<input type="date" name="date" defaultValue={today} required />
					</label>
					{error('stage', 'date')}
					<button type="submit" className="secondary">
						{t('cohorts.learner.setStage')}
					</button>
				</Form>
			</section>
			<section className="card" aria-labelledby="why-title">
				<h2 id="why-title">{t('cohorts.learner.whyTitle')}</h2>
				<ol className="small" data-testid="stage-history">
					{enrollment.history.map((h, i) => (
						<li key={i} data-source={h.source} data-stage={h.stage}>
							<strong>
								{h.removed
									? t('cohorts.learner.history.removed', {
											stage: t(`labels.stage.${h.stage}`),
										})
									: t('cohorts.learner.history.reached', {
											stage: t(`labels.stage.${h.stage}`),
											date: h.reachedAt ? fmt(h.reachedAt) : '—',
										})}
							</strong>{' '}
							—{' '}
							{h.source === 'completion'
								? t('cohorts.learner.history.byCompletion', {
										courses: h.courses.map((c) => titles[c] ?? c).join(', '),
									})
								: h.source === 'trainer'
									? t('cohorts.learner.history.byTrainer', {
											name: h.actorName ?? '—',
											date: fmt(h.at),
										})
									: t(`cohorts.learner.history.by_${h.source}`)}
						</li>
					))}
				</ol>
			</section>
			<section className="card" aria-labelledby="courses-title">
				<h2 id="courses-title">{t('cohorts.learner.coursesTitle')}</h2>
				<ul data-testid="learner-courses">
					{enrollment.courses.map((c) => (
						<li key={c.slug} data-course={c.slug}>
							{titles[c.slug] ?? c.slug}
							{c.countsForTrained ? (
								<span className="badge">
									{t('cohorts.learner.countsForTrained')}
								</span>
							) : null}{' '}
							—{' '}
							{c.completedAt
								? t('cohorts.learner.courseCompleted', {
										date: fmt(c.completedAt),
									})
								: t('cohorts.learner.courseNotCompleted')}
							{c.readOnlyLessons ? (
								<p className="field-error small" data-testid="read-only-flag">
									{t('cohorts.learner.readOnlyFlag', {
										count: c.readOnlyLessons,
									})}
								</p>
							) : null}
						</li>
					))}
				</ul>
			</section>
			<section className="card">
				<h2>{t('cohorts.learner.created')}</h2>
				<Form method="post" className="stack">
					<input type="hidden" name="intent" value="created" />
					<div className="field">
						<label htmlFor="legalForm">{t('cohorts.learner.legalForm')}</label>
						<select
							id="legalForm"
							name="legalForm"
							defaultValue={enrollment.legalForm ?? ''}
							required
						>
							<option value="" disabled>
								—
							</option>
							{legalForms.map((f) => (
								<option key={f} value={f}>
									{t(`labels.legalForm.${f}`)}
								</option>
							))}
						</select>
						{error('created', 'legalForm')}
					</div>
					<div className="field">
						<label htmlFor="created-date">{t('cohorts.learner.date')}</label>
						<input
							id="created-date"
							type="date"
							name="date"
							defaultValue={
								enrollment.activityCreatedAt
									? format.isoDate(enrollment.activityCreatedAt)
									: today
							}
							required
						/>
						{error('created', 'date')}
					</div>
					<p>
						<button type="submit" className="secondary">
							{t('cohorts.learner.recordCreated')}
						</button>
					</p>
				</Form>
			</section>
			<section className="card">
				<h2>{t('cohorts.learner.followUps')}</h2>
				{enrollment.followUps.length ? (
					<ul>
						{enrollment.followUps.map((f) => (
							<li key={f.id}>
								<strong>{format.day(f.date)}</strong> — {f.notes}
							</li>
						))}
					</ul>
				) : (
					<p>{t('cohorts.learner.noFollowUp')}</p>
				)}
				<Form method="post" className="stack">
					<input type="hidden" name="intent" value="followup" />
					<div className="field">
						<label htmlFor="fu-date">{t('cohorts.learner.date')}</label>
						<input
							id="fu-date"
							type="date"
							name="date"
							defaultValue={today}
							required
						/>
						{error('followup', 'date')}
					</div>
					<div className="field">
						<label htmlFor="fu-notes">{t('cohorts.learner.notes')}</label>
						<textarea id="fu-notes" name="notes" rows={3} maxLength={5000} />
						{error('followup', 'notes')}
					</div>
					<p>
						<button type="submit" className="secondary">
							{t('cohorts.learner.addFollowUp')}
						</button>
					</p>
				</Form>
			</section>
			<Form method="post">
				<input type="hidden" name="intent" value="remove" />
				<p className="muted small">{t('cohorts.learner.removeConfirm')}</p>
				<button type="submit" className="danger">
					{t('cohorts.learner.remove')}
				</button>
			</Form>
		</div>
	)
}
