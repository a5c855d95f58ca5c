import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { cohortFormSchema } from '#app/cohorts/cohort-form.ts'
import { parseCohortForm } from '#app/cohorts/cohort-input.server.ts'
import { CohortFields } from '#app/cohorts/components/cohort-fields.tsx'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { listCourses } from '#app/courses/catalog.server.ts'
import { getLanguage } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	await requireTrainer(request)
	const courses = await listCourses(await getLanguage(request))
	return data({
		courses: courses.map((c) => ({ slug: c.slug, title: c.title })),
	})
}

export async function action({ request }: ActionFunctionArgs) {
	const actor = await requireTrainer(request)
	const { submission, input } = await parseCohortForm(
		await readFormData(request),
		await getLanguage(request),
	)
	if (!input) return data({ result: submission.reply() }, { status: 400 })
	const cohort = await createCohort(actor, input)
	return redirect(`/cohorts/${cohort.id}`)
}

export default function NewCohort() {
	const { courses } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const [form, fields] = useForm({
		id: 'cohort',
		lastResult: actionData?.result,
		constraint: getZodConstraint(cohortFormSchema),
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) =>
			parseWithZod(formData, { schema: cohortFormSchema }),
		defaultValue: { kind: 'course', country: 'CM' },
	})
	return (
		<div className="page narrow">
			<p className="small">
				<a href="/cohorts">← {t('cohorts.title')}</a>
			</p>
			<h1>{t('cohorts.new')}</h1>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<CohortFields
					fields={fields}
					courses={courses}
					defaultCourses={[]}
					defaultTrainedCourses={[]}
				/>
				<p>
					<button type="submit" className="primary">
						{t('cohorts.form.create')}
					</button>
				</p>
			</Form>
		</div>
	)
}
