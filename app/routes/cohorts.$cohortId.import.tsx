import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import {
	requireCohortTrainer,
	requireTrainer,
} from '#app/cohorts/access.server.ts'
import { getCohortForActor } from '#app/cohorts/cohorts.server.ts'
import {
	confirmImport,
	getImportBatch,
	previewImport,
} from '#app/cohorts/import.server.ts'
import {
	problemMessageKey,
	problemValues,
	type RowProblem,
} from '#app/cohorts/import/problems.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'
import { MAX_UPLOAD_MB } from '#app/utils/upload-limits.ts'
import { readUpload, uploadedFile } from '#app/utils/upload.server.ts'
import { useFormat } from '#app/i18n/use-format.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const cohortId = params.cohortId ?? ''
	const cohort = await getCohortForActor(actor, cohortId)
	invariantResponse(cohort, 'Cohort not found', { status: 404 })
	const url = new URL(request.url)
	const batchId = url.searchParams.get('batch') ?? url.searchParams.get('done')
	const batch = batchId ? await getImportBatch(actor, cohortId, batchId) : null
	invariantResponse(!batchId || batch, 'Import not found', { status: 404 })
	return data({
		cohort: { id: cohort.id, name: cohort.name },
		batch: batch
			? {
					id: batch.id,
					fileName: batch.fileName,
					createdAt: batch.createdAt,
					report: batch.report,
				}
			: null,
		alreadyImportedAt: url.searchParams.get('again'),
	})
}

type ActionData = { error: { key: string; detail?: string } }

export async function action({ request, params }: ActionFunctionArgs) {
	const cohortId = params.cohortId ?? ''
	// Who is asking, before reading what they sent: an outsider gets a 404 whatever the body.
	const actor = await requireCohortTrainer(request, cohortId)
	if (
		(request.headers.get('Content-Type') ?? '').startsWith(
			'multipart/form-data',
		)
	) {
		const upload = await readUpload(request)
		if (!upload.ok) {
			const key =
				upload.problem === 'tooLarge'
					? 'import.page.tooLarge'
					: 'import.page.unreadableForm'
			return data<ActionData>(
				{ error: { key, detail: String(MAX_UPLOAD_MB) } },
				{ status: upload.status },
			)
		}
		const file = uploadedFile(upload.form, 'file')
		if (!file)
			return data<ActionData>(
				{ error: { key: 'import.page.noFile' } },
				{ status: 400 },
			)
		const preview = await previewImport(actor, cohortId, {
			name: file.name,
			bytes: new Uint8Array(await file.arrayBuffer()),
		})
		invariantResponse(preview, 'Cohort not found', { status: 404 })
		if (!preview.ok)
			return data<ActionData>(
				{
					error: {
						key: problemMessageKey(preview.problem),
						detail: preview.problem.detail,
					},
				},
				{ status: 400 },
			)
		const again = preview.alreadyImportedAt
			? `&again=${preview.alreadyImportedAt.toISOString()}`
			: ''
		return redirect(
			`/cohorts/${cohortId}/import?batch=${preview.batchId}${again}`,
		)
	}
	const form = await readFormData(request)
	const batchId = form.get('batchId')
	// Neither a file nor a preview to confirm (a form sent without its file, or not as multipart).
	if (typeof batchId !== 'string' || !batchId)
		return data<ActionData>(
			{ error: { key: 'import.page.noFile' } },
			{ status: 400 },
		)
	const result = await confirmImport(actor, cohortId, batchId)
	invariantResponse(result, 'Import not found', { status: 404 })
	return redirect(`/cohorts/${cohortId}/import?done=${batchId}`)
}

export default function ImportPage() {
	const { cohort, batch, alreadyImportedAt } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const format = useFormat()
	const report = batch?.report
	const result = report?.status === 'confirmed' ? report.result : null
	return (
		<div className="page">
			<p className="small">
				<Link to={`/cohorts/${cohort.id}`}>← {cohort.name}</Link>
			</p>
			<h1>{t('import.page.title')}</h1>
			{result ? (
				<section
					className="notice"
					role="status"
					aria-labelledby="result-title"
				>
					<h2 id="result-title">{t('import.page.resultTitle')}</h2>
					<p data-testid="import-enrolled">
						{t('import.page.enrolled', { count: result.enrolled })}
					</p>
					{result.alreadyEnrolled ? (
						<p>
							{t('import.page.alreadyEnrolled', {
								count: result.alreadyEnrolled,
							})}
						</p>
					) : null}
					<p>
						{t('import.page.accountsCreated', {
							count: result.accountsCreated,
						})}
					</p>
					{result.invited ? (
						<p data-testid="import-invited">
							{t('import.page.invited', { count: result.invited })}
						</p>
					) : null}
					<p>
						{t('import.page.invitationsSent', {
							count: result.invitationsSent,
							perHour: result.mailPerHour ?? 200,
						})}
					</p>
					{result.problems ? (
						<p className="error">
							{t('import.page.problemsLeft', { count: result.problems })}
						</p>
					) : null}
					{result.assistedLinks.length ? (
						<>
							<p>{t('import.page.assisted')}</p>
							<ul className="small">
								{result.assistedLinks.map((l) => (
									<li key={l.url}>
										{l.name} ({l.phone}) : <code>{l.url}</code>
									</li>
								))}
							</ul>
						</>
					) : null}
					<p>
						<Link to={`/cohorts/${cohort.id}`}>{t('import.page.back')}</Link>
					</p>
				</section>
			) : null}
			{result && report?.problems.length ? (
				// The rows left out stay listed after confirming, so the trainer can fix them.
				<section aria-labelledby="rejected-title">
					<h2 id="rejected-title">{t('import.page.rejectedTitle')}</h2>
					<p>{t('import.page.rejectedHelp')}</p>
					<ProblemList
						problems={report.problems}
						columns={report.columns}
						testId="import-rejected"
					/>
				</section>
			) : null}
			{result ? null : report ? (
				<section aria-labelledby="preview-title">
					<h2 id="preview-title">{t('import.page.previewTitle')}</h2>
					<p>
						<strong data-testid="import-summary">
							{t('import.page.summary', {
								valid: report.rows.length,
								total: report.totalRows,
								problems: report.problems.length,
							})}
						</strong>
					</p>
					<p className="muted small">
						{batch?.fileName} ·{' '}
						{t('import.page.detected', {
							columns: Object.values(report.columns).join(', '),
						})}
					</p>
					{alreadyImportedAt ? (
						<p className="notice">
							{t('import.page.alreadyImported', {
								date: format.dateTime(alreadyImportedAt),
							})}
						</p>
					) : null}
					{report.problems.length ? (
						<>
							<h3>{t('import.page.problemRows')}</h3>
							<ProblemList
								problems={report.problems}
								columns={report.columns}
								testId="import-problems"
							/>
						</>
					) : null}
					<Form method="post" className="actions">
						<input type="hidden" name="batchId" value={batch?.id} />
						<button
							type="submit"
							className="primary"
							disabled={report.rows.length === 0}
						>
							{t('import.page.confirm', { count: report.rows.length })}
						</button>
						<Link to={`/cohorts/${cohort.id}/import`}>
							{t('import.page.cancel')}
						</Link>
					</Form>
					<h3>{t('import.page.validRows')}</h3>
					<div className="table-wrap">
						<table>
							<thead>
								<tr>
									<th scope="col">#</th>
									<th scope="col">{t('import.columns.name')}</th>
									<th scope="col">{t('import.columns.phone')}</th>
									<th scope="col">{t('import.columns.email')}</th>
									<th scope="col">{t('import.columns.gender')}</th>
									<th scope="col">{t('import.columns.commune')}</th>
								</tr>
							</thead>
							<tbody>
								{report.rows.map((r) => (
									<tr key={r.row}>
										<td className="num">{r.row}</td>
										<td>{r.name}</td>
										<td>{r.phone}</td>
										<td>{r.email}</td>
										<td>{r.gender ? t(`labels.gender.${r.gender}`) : ''}</td>
										<td>{r.commune}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				</section>
			) : (
				<>
					<p className="lead">{t('import.page.lead')}</p>
					{actionData?.error ? (
						<p className="notice error-notice" role="alert">
							{t(actionData.error.key, { detail: actionData.error.detail })}
						</p>
					) : null}
					<Form
						method="post"
						encType="multipart/form-data"
						className="stack card"
					>
						<div className="field">
							<label htmlFor="file">{t('import.page.file')}</label>
							<input
								id="file"
								name="file"
								type="file"
								accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
								required
								aria-describedby="file-help"
							/>
							<span className="field-help" id="file-help">
								{t('import.page.columnsHelp')}
							</span>
						</div>
						<p>
							<button type="submit" className="primary">
								{t('import.page.preview')}
							</button>
						</p>
					</Form>
				</>
			)}
		</div>
	)
}

/** Row problems, each named by its row and column as in the trainer's file. */
function ProblemList({
	problems,
	columns,
	testId,
}: {
	problems: RowProblem[]
	columns: Record<string, string>
	testId: string
}) {
	const { t, i18n } = useTranslation()
	return (
		<ul className="error-list" data-testid={testId}>
			{problems.map((p, i) => (
				<li key={i} className="field-error">
					{t(problemMessageKey(p), {
						...problemValues(p, t, i18n.language),
						column: p.column
							? (columns[p.column] ?? t(`import.columns.${p.column}`))
							: '',
					})}
				</li>
			))}
		</ul>
	)
}
