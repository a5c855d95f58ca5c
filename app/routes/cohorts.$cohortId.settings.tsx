import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { normalizeIdentifier } from '#app/auth/identifier.ts'
import {
	requireCohortTrainer,
	requireTrainer,
} from '#app/cohorts/access.server.ts'
import { cohortFormSchema } from '#app/cohorts/cohort-form.ts'
import { parseCohortForm } from '#app/cohorts/cohort-input.server.ts'
import {
	addCoTrainer,
	getCohortForActor,
	updateCohort,
	type AddTrainerResult,
} from '#app/cohorts/cohorts.server.ts'
import { CohortFields } from '#app/cohorts/components/cohort-fields.tsx'
import { listCourses } from '#app/courses/catalog.server.ts'
import { getLanguage } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const cohort = await getCohortForActor(actor, params.cohortId ?? '')
	invariantResponse(cohort, 'Cohort not found', { status: 404 })
	const courses = await listCourses(await getLanguage(request))
	const saved = new URL(request.url).searchParams.get('saved')
	return data({
		cohort,
		courses: courses.map((c) => ({ slug: c.slug, title: c.title })),
		saved,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const cohortId = params.cohortId ?? ''
	const actor = await requireCohortTrainer(request, cohortId)
	const formData = await readFormData(request)
	if (formData.get('intent') === 'add-trainer') {
		const identifier = normalizeIdentifier(
			String(formData.get('identifier') ?? ''),
		)
		const outcome = identifier
			? await addCoTrainer(actor, cohortId, identifier)
			: 'notFound'
		invariantResponse(outcome, 'Cohort not found', { status: 404 })
		return data(
			{ trainer: outcome as AddTrainerResult | null, result: null },
			{ status: outcome === 'added' ? 200 : 400 },
		)
	}
	const { submission, input } = await parseCohortForm(
		formData,
		await getLanguage(request),
	)
	if (!input)
		return data({ result: submission.reply(), trainer: null }, { status: 400 })
	invariantResponse(
		await updateCohort(actor, cohortId, input),
		'Cohort not found',
		{ status: 404 },
	)
	return redirect(`/cohorts/${cohortId}/settings?saved=1`)
}

const day = (d: Date | string) =>
	(typeof d === 'string' ? d : d.toISOString()).slice(0, 10)

export default function CohortSettings() {
	const { cohort, courses, saved } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const [form, fields] = useForm({
		id: 'cohort',
		lastResult: actionData?.result ?? undefined,
		constraint: getZodConstraint(cohortFormSchema),
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) =>
			parseWithZod(formData, { schema: cohortFormSchema }),
		defaultValue: {
			name: cohort.name,
			programme: cohort.programme,
			kind: cohort.kind,
			country: cohort.country,
			region: cohort.region ?? '',
			communes: cohort.communes.join('\n'),
			startDate: day(cohort.startDate),
			endDate: day(cohort.endDate),
			capacity: cohort.capacity ? String(cohort.capacity) : '',
		},
	})
	return (
		<div className="page narrow">
			<p className="small">
				<Link to={`/cohorts/${cohort.id}`}>← {cohort.name}</Link>
			</p>
			<h1>{t('cohorts.settings.title')}</h1>
			{saved ? (
				<p className="notice" role="status">
					{t('cohorts.settings.saved')}
				</p>
			) : null}
			<Form method="post" className="stack" {...getFormProps(form)}>
				<CohortFields
					fields={fields}
					courses={courses}
					defaultCourses={cohort.courses}
					defaultTrainedCourses={cohort.trainedCourses}
				/>
				<p>
					<button type="submit" className="primary">
						{t('cohorts.form.save')}
					</button>
				</p>
			</Form>
			<h2>{t('cohorts.dashboard.trainers')}</h2>
			<ul>
				{cohort.trainers.map((tr) => (
					<li key={tr.id}>
						{tr.name}{' '}
						<span className="muted small">{tr.email ?? tr.phone}</span>
					</li>
				))}
			</ul>
			<Form method="post" className="stack">
				<input type="hidden" name="intent" value="add-trainer" />
				<div className="field">
					<label htmlFor="identifier">{t('cohorts.settings.coTrainer')}</label>
					<input
						id="identifier"
						name="identifier"
						type="text"
						required
						aria-describedby="identifier-help identifier-status"
					/>
					<span className="field-help" id="identifier-help">
						{t('cohorts.settings.coTrainerHelp')}
					</span>
					{actionData?.trainer ? (
						<span
							id="identifier-status"
							role="status"
							className={actionData.trainer === 'added' ? '' : 'field-error'}
						>
							{t(`cohorts.settings.${actionData.trainer}`)}
						</span>
					) : null}
				</div>
				<p>
					<button type="submit" className="secondary">
						{t('cohorts.settings.add')}
					</button>
				</p>
			</Form>
		</div>
	)
}
