import { useTranslation } from 'react-i18next'
import { BarChart } from '#app/components/charts.tsx'
import { useFormat } from '#app/i18n/use-format.ts'
import type { Breakdown, ReportSummary } from '../reports.server.ts'

// The rest are in the CSV of tables.
const TOP_COMMUNES = 15

function BreakdownBlock({
	title,
	data,
	group,
	base,
}: {
	title: string
	data: Breakdown
	group: string | null
	/** What the shares are of: every enrolled person, or those who created an activity. */
	base: number
}) {
	const { t } = useTranslation()
	const format = useFormat()
	const label = (key: string) =>
		group
			? t(`labels.${group}.${key}`, { defaultValue: key })
			: key === 'unknown'
				? t('labels.unknown')
				: key
	return (
		<BarChart
			title={title}
			rows={data.map((d) => ({
				key: d.key,
				label: label(d.key),
				share: base ? d.enrolled / base : 0,
				innerShare: d.enrolled ? d.completed / d.enrolled : 0,
				value: format.share(d.enrolled, base),
				details: d.enrolled ? (
					<>
						{t('cohorts.dashboard.completedOf')}{' '}
						{format.share(d.completed, d.enrolled)}
					</>
				) : null,
			}))}
			legend={
				<>
					<span
						className="chart__swatch chart__swatch--light"
						aria-hidden="true"
					/>{' '}
					{t('cohorts.dashboard.enrolledLegend')}{' '}
					<span
						className="chart__swatch chart__swatch--dark"
						aria-hidden="true"
					/>{' '}
					{t('cohorts.dashboard.completedLegend')}
				</>
			}
		/>
	)
}

function Funnel({ funnel }: { funnel: ReportSummary['funnel'] }) {
	const { t } = useTranslation()
	const format = useFormat()
	const first = funnel[0]?.count ?? 0
	return (
		<BarChart
			title={t('cohorts.dashboard.funnel')}
			ordered
			rows={funnel.map((f, i) => {
				const previous = i > 0 ? funnel[i - 1]! : null
				return {
					key: f.stage,
					label: t(`labels.stage.${f.stage}`),
					share: first ? f.count / first : 0,
					value: format.integer(f.count),
					details: (
						<>
							{previous ? (
								<span className="bars__shares">
									{t('cohorts.dashboard.ofPrevious', {
										stage: t(`labels.stage.${previous.stage}`),
										share: format.share(f.count, previous.count),
									})}
									<br />
									{t('cohorts.dashboard.ofFirst', {
										share: format.share(f.count, first),
									})}
								</span>
							) : null}
							<span className="bars__definition">
								{t(`cohorts.stageDefinition.${f.stage}`)}
							</span>
						</>
					),
				}
			})}
		/>
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
	const format = useFormat()
	const created = summary.funnel.find((f) => f.stage === 'created')?.count ?? 0
	return (
		<>
			<ul className="stat-row" aria-label={t('cohorts.dashboard.overview')}>
				<li className="stat">
					<strong>{format.integer(summary.total)}</strong>{' '}
					{t('cohorts.dashboard.enrolled')}
				</li>
				<li className="stat">
					<strong>{format.integer(summary.completed)}</strong>{' '}
					{t('cohorts.dashboard.completed')}
				</li>
				<li className="stat">
					<strong data-testid="completion-rate">
						{format.percent(summary.completed, summary.total) ?? '—'}
					</strong>{' '}
					{t('cohorts.dashboard.completionRate')}
					<span className="stat__base">
						{format.share(summary.completed, summary.total)}
					</span>
				</li>
			</ul>
			<div className="grid-2">
				{showStages ? <Funnel funnel={summary.funnel} /> : null}
				<BarChart
					title={t('cohorts.dashboard.distribution')}
					rows={summary.distribution.map((d) => ({
						key: d.bucket,
						label: t('cohorts.dashboard.bucket', { bucket: d.bucket }),
						share: summary.total ? d.count / summary.total : 0,
						value: format.share(d.count, summary.total),
					}))}
				/>
			</div>
			<h2>{t('cohorts.dashboard.disaggregation')}</h2>
			<div className="grid-2">
				<BreakdownBlock
					title={t('cohorts.dashboard.byGender')}
					data={summary.byGender}
					group="gender"
					base={summary.total}
				/>
				<BreakdownBlock
					title={t('cohorts.dashboard.byAge')}
					data={summary.byAge}
					group="ageBand"
					base={summary.total}
				/>
				<BreakdownBlock
					title={t('cohorts.dashboard.bySituation')}
					data={summary.bySituation}
					group="situation"
					base={summary.total}
				/>
				<BreakdownBlock
					title={t('cohorts.dashboard.byMigration')}
					data={summary.byMigration}
					group="migration"
					base={summary.total}
				/>
				<BreakdownBlock
					title={
						summary.byCommune.length > TOP_COMMUNES
							? t('cohorts.dashboard.byCommuneTop', {
									shown: TOP_COMMUNES,
									count: summary.byCommune.length,
								})
							: t('cohorts.dashboard.byCommune')
					}
					data={summary.byCommune.slice(0, TOP_COMMUNES)}
					group={null}
					base={summary.total}
				/>
				{showStages && summary.byLegalForm.length ? (
					<BreakdownBlock
						title={t('cohorts.dashboard.byLegalForm')}
						data={summary.byLegalForm}
						group="legalForm"
						base={created}
					/>
				) : null}
			</div>
		</>
	)
}
