import { useTranslation } from 'react-i18next'
import { BarChart } from '#app/components/charts.tsx'
import type { Breakdown, ReportSummary } from '../reports.server.ts'

function BreakdownBlock({
	title,
	data,
	group,
}: {
	title: string
	data: Breakdown
	group: string | null
}) {
	const { t } = useTranslation()
	const label = (key: string) =>
		group
			? t(`labels.${group}.${key}`, { defaultValue: key })
			: key === 'unknown'
				? t('labels.unknown')
				: key
	const rows = data.map((d) => ({
		label: label(d.key),
		value: d.enrolled,
		secondary: d.completed,
	}))
	return (
		<section>
			<BarChart
				title={title}
				data={rows}
				valueLabel={t('cohorts.dashboard.enrolledLegend')}
				secondaryLabel={t('cohorts.dashboard.completedLegend')}
			/>
			<details>
				<summary className="small">{t('cohorts.dashboard.table')}</summary>
				<table>
					<thead>
						<tr>
							<th scope="col">{title}</th>
							<th scope="col" className="num">
								{t('cohorts.dashboard.enrolled')}
							</th>
							<th scope="col" className="num">
								{t('cohorts.dashboard.completed')}
							</th>
						</tr>
					</thead>
					<tbody>
						{rows.map((r) => (
							<tr key={r.label}>
								<th scope="row">{r.label}</th>
								<td className="num">{r.value}</td>
								<td className="num">{r.secondary}</td>
							</tr>
						))}
					</tbody>
				</table>
			</details>
		</section>
	)
}

/** The funder-facing figures shared by the cohort dashboard and the programme report. */
export function ReportView({
	summary,
	showStages,
}: {
	summary: ReportSummary
	showStages: boolean
}) {
	const { t } = useTranslation()
	return (
		<>
			<ul className="stat-row" aria-label={t('cohorts.dashboard.overview')}>
				<li className="stat">
					<strong>{summary.total}</strong> {t('cohorts.dashboard.enrolled')}
				</li>
				<li className="stat">
					<strong>{summary.completed}</strong>{' '}
					{t('cohorts.dashboard.completed')}
				</li>
				<li className="stat">
					<strong data-testid="completion-rate">
						{summary.completionRate} %
					</strong>{' '}
					{t('cohorts.dashboard.completionRate')}
				</li>
			</ul>
			<div className="grid-2">
				{showStages ? (
					<BarChart
						title={t('cohorts.dashboard.funnel')}
						data={summary.funnel.map((f) => ({
							label: t(`labels.stage.${f.stage}`),
							value: f.count,
						}))}
					/>
				) : null}
				<BarChart
					title={t('cohorts.dashboard.distribution')}
					data={summary.distribution.map((d) => ({
						label: t('cohorts.dashboard.bucket', { bucket: d.bucket }),
						value: d.count,
					}))}
				/>
			</div>
			<h2>{t('cohorts.dashboard.disaggregation')}</h2>
			<div className="grid-2">
				<BreakdownBlock
					title={t('cohorts.dashboard.byGender')}
					data={summary.byGender}
					group="gender"
				/>
				<BreakdownBlock
					title={t('cohorts.dashboard.byAge')}
					data={summary.byAge}
					group="ageBand"
				/>
				<BreakdownBlock
					title={t('cohorts.dashboard.bySituation')}
					data={summary.bySituation}
					group="situation"
				/>
				<BreakdownBlock
					title={t('cohorts.dashboard.byMigration')}
					data={summary.byMigration}
					group="migration"
				/>
				<BreakdownBlock
					title={t('cohorts.dashboard.byCommune')}
					data={summary.byCommune.slice(0, 15)}
					group={null}
				/>
				{showStages && summary.byLegalForm.length ? (
					<BreakdownBlock
						title={t('cohorts.dashboard.byLegalForm')}
						data={summary.byLegalForm}
						group="legalForm"
					/>
				) : null}
			</div>
		</>
	)
}
