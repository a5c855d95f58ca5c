import {
	data,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { calendarDate } from '#app/utils/calendar-date.ts'
import {
	bulkIssueForCohort,
	issueInPerson,
	listCohortCertificates,
	reissueCertificate,
	revokeCertificate,
} from '#app/certificates/issue.server.ts'
import {
	isRevocationCategory,
	REVOCATION_CATEGORIES,
} from '#app/certificates/revocation.ts'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { getCohortForActor } from '#app/cohorts/cohorts.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { badRequest, invariantResponse } from '#app/utils/invariant.ts'
import { useFormat } from '#app/i18n/use-format.ts'

const inPersonSchema = z.object({
	title: z.string().trim().min(3, 'title').max(200, 'title'),
	hours: z.coerce
		.number({ invalid_type_error: 'hours' })
		.min(0.5, 'hours')
		.max(1000, 'hours'),
	date: calendarDate('date'),
	userIds: z.array(z.string()).min(1, 'who'),
})
const IN_PERSON_ERRORS: Record<string, string> = {
	title: 'title',
	hours: 'hours',
	date: 'date',
	userIds: 'who',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const cohort = await getCohortForActor(actor, params.cohortId ?? '')
	invariantResponse(cohort, 'Cohort not found', { status: 404 })
	return data({
		cohort: { id: cohort.id, name: cohort.name },
		learners: await listCohortCertificates(cohort.id),
	})
}

type ActionResult = {
	done?: { key: string; values: Record<string, string | number> }
	errors?: string[]
}

export async function action({ request, params }: ActionFunctionArgs) {
	const actor = await requireTrainer(request)
	const cohortId = params.cohortId ?? ''
	invariantResponse(
		await getCohortForActor(actor, cohortId),
		'Cohort not found',
		{ status: 404 },
	)
	const form = await readFormData(request)
	const intent = form.get('intent')
	if (intent === 'bulk') {
		const count = await bulkIssueForCohort(actor, cohortId)
		return data<ActionResult>({ done: { key: 'bulkDone', values: { count } } })
	}
	if (intent === 'in-person') {
		const parsed = inPersonSchema.safeParse({
			...Object.fromEntries(form),
			userIds: form.getAll('userIds'),
		})
		// One message per field, whatever the check that failed (a missing title, a file instead of a number…).
		if (!parsed.success)
			return data<ActionResult>(
				{
					errors: [
						...new Set(
							parsed.error.issues.map(
								(i) => IN_PERSON_ERRORS[String(i.path[0])] ?? 'title',
							),
						),
					],
				},
				{ status: 400 },
			)
		const count = await issueInPerson(actor, cohortId, {
			...parsed.data,
			description: parsed.data.title,
		})
		return data<ActionResult>({
			done: { key: 'inPersonDone', values: { count } },
		})
	}
	const code = String(form.get('code') ?? '')
	if (intent === 'revoke') {
		const category = form.get('category')
		const reason = String(form.get('reason') ?? '').trim()
		if (!isRevocationCategory(category))
			return data<ActionResult>({ errors: ['category'] }, { status: 400 })
		invariantResponse(
			await revokeCertificate(actor, code, {
				category,
				reason: reason.slice(0, 500),
			}),
			'Certificate not found',
			{ status: 404 },
		)
		return data<ActionResult>({
			done: { key: 'revokedDone', values: { code } },
		})
	}
	if (intent === 'reissue') {
		const fresh = await reissueCertificate(actor, code)
		invariantResponse(fresh, 'Certificate not found', { status: 404 })
		return data<ActionResult>({
			done: { key: 'reissuedDone', values: { code: fresh.code } },
		})
	}
	throw badRequest('errors.unknownAction')
}

export default function CohortCertificates() {
	const { cohort, learners } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const format = useFormat()
	return (
		<div className="page">
			<p className="small">
				<Link to={`/cohorts/${cohort.id}`}>← {cohort.name}</Link>
			</p>
			<h1>{t('certificates.cohort.title')}</h1>
			{actionData?.done ? (
				<p className="notice" role="status">
					{t(
						`certificates.cohort.${actionData.done.key}`,
						actionData.done.values,
					)}
				</p>
			) : null}
			{actionData?.errors ? (
				<p className="notice error-notice" role="alert">
					{actionData.errors
						.map((e) => t(`certificates.cohort.errors.${e}`))
						.join(' ')}
				</p>
			) : null}
			<div className="actions">
				<Form method="post">
					<button type="submit" name="intent" value="bulk" className="primary">
						{t('certificates.cohort.bulk')}
					</button>
				</Form>
				<a href={`/cohorts/${cohort.id}/certificates.zip`}>
					{t('certificates.cohort.zip')}
				</a>
			</div>
			<div className="table-wrap">
				<table>
					<thead>
						<tr>
							<th scope="col">{t('cohorts.dashboard.learnerName')}</th>
							<th scope="col">{t('certificates.title')}</th>
						</tr>
					</thead>
					<tbody>
						{learners.map((l) => (
							<tr key={l.userId}>
								<th scope="row">{l.name}</th>
								<td>
									{l.certificates.length === 0 ? (
										<span className="muted">
											{t('certificates.cohort.none')}
										</span>
									) : null}
									{l.certificates.map((c) => (
										<div key={c.code} className="stack">
											<span>
												<a href={`/verify/${c.code}`}>{c.code}</a> — {c.title} (
												{format.date(c.issuedAt)})
												{c.revokedAt ? (
													<strong className="error">
														{' '}
														{t('certificates.revoked')} —{' '}
														{t(
															`certificates.revocation.${c.revokedCategory ?? 'other'}`,
														)}
													</strong>
												) : null}
												{c.revokedAt && c.revokedReason ? (
													<span className="small muted">
														{' '}
														({t('certificates.cohort.trainerNote')} :{' '}
														{c.revokedReason})
													</span>
												) : null}
											</span>
											{c.revokedAt ? (
												<Form method="post">
													<input type="hidden" name="code" value={c.code} />
													<button
														type="submit"
														name="intent"
														value="reissue"
														className="secondary"
													>
														{t('certificates.cohort.reissue')}
													</button>
												</Form>
											) : (
												<Form method="post" className="actions">
													<input type="hidden" name="code" value={c.code} />
													<label>
														<span className="visually-hidden">
															{t('certificates.cohort.revokeCategory')}
														</span>
														<select name="category" required defaultValue="">
															<option value="" disabled>
																{t('certificates.cohort.revokeCategory')}
															</option>
															{REVOCATION_CATEGORIES.map((category) => (
																<option key={category} value={category}>
																	{t(`certificates.revocation.${category}`)}
																</option>
															))}
														</select>
													</label>
													<label>
														<span className="visually-hidden">
															{t('certificates.cohort.revokeReason')}
														</span>
														<input
															type="text"
															name="reason"
															placeholder={t(
																'certificates.cohort.revokeReason',
															)}
															maxLength={500}
														/>
													</label>
													<button
														type="submit"
														name="intent"
														value="revoke"
														className="danger"
													>
														{t('certificates.cohort.revoke')}
													</button>
												</Form>
											)}
										</div>
									))}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<h2>{t('certificates.cohort.inPerson')}</h2>
			<Form method="post" className="stack">
				<input type="hidden" name="intent" value="in-person" />
				<div className="field">
					<label htmlFor="ip-title">
						{t('certificates.cohort.inPersonTitle')}
					</label>
					<input
						id="ip-title"
						name="title"
						type="text"
						required
						minLength={3}
					/>
				</div>
				<div className="grid-2">
					<div className="field">
						<label htmlFor="ip-hours">
							{t('certificates.cohort.inPersonHours')}
						</label>
						<input
							id="ip-hours"
							name="hours"
							type="number"
							step="0.5"
							min="0.5"
							required
						/>
					</div>
					<div className="field">
						<label htmlFor="ip-date">
							{t('certificates.cohort.inPersonDate')}
						</label>
						<input id="ip-date" name="date" type="date" required />
					</div>
				</div>
				<fieldset>
					<legend>{t('certificates.cohort.inPersonWho')}</legend>
					{learners.map((l) => (
						<label key={l.userId} className="choice">
							<input type="checkbox" name="userIds" value={l.userId} />
							<span>{l.name}</span>
						</label>
					))}
				</fieldset>
				<p>
					<button type="submit" className="primary">
						{t('certificates.cohort.inPersonIssue')}
					</button>
				</p>
			</Form>
		</div>
	)
}
