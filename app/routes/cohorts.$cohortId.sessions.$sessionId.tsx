import {
	data,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import {
	getAttendanceSheet,
	saveAttendance,
} from '#app/cohorts/enrollments.server.ts'
import { sortByName } from '#app/i18n/format.ts'
import { useFormat } from '#app/i18n/use-format.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const sheet = await getAttendanceSheet(
		actor,
		params.cohortId ?? '',
		params.sessionId ?? '',
	)
	invariantResponse(sheet, 'Session not found', { status: 404 })
	return data({
		...sheet,
		learners: sortByName(
			sheet.learners,
			(l) => l.name,
			(l) => l.userId,
		),
		cohortId: params.cohortId ?? '',
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const actor = await requireTrainer(request)
	const present = (await readFormData(request)).getAll('present').map(String)
	const count = await saveAttendance(
		actor,
		params.cohortId ?? '',
		params.sessionId ?? '',
		present,
	)
	invariantResponse(count !== null, 'Session not found', { status: 404 })
	return data({ saved: count })
}

export default function Attendance() {
	const { session, learners, cohortId } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const format = useFormat()
	return (
		<div className="page narrow">
			<p className="small">
				<Link to={`/cohorts/${cohortId}/sessions`}>
					← {t('cohorts.sessions.title')}
				</Link>
			</p>
			<h1>
				{session.title} — {format.day(session.date)}
			</h1>
			<p className="muted">{t(`cohorts.sessions.kinds.${session.kind}`)}</p>
			{session.notes ? <p>{session.notes}</p> : null}
			{actionData ? (
				<p className="notice" role="status">
					{t('cohorts.sessions.saved', { count: actionData.saved })}
				</p>
			) : null}
			<Form method="post">
				<fieldset>
					<legend>{t('cohorts.sessions.attendance')}</legend>
					{learners.map((l) => (
						<label key={l.userId} className="choice">
							<input
								type="checkbox"
								name="present"
								value={l.userId}
								defaultChecked={l.present}
							/>
							<span>{l.name}</span>
						</label>
					))}
				</fieldset>
				<p>
					<button type="submit" className="primary">
						{t('cohorts.sessions.saveAttendance')}
					</button>
				</p>
			</Form>
		</div>
	)
}
