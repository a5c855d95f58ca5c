import {
	data,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { ReportView } from '#app/cohorts/components/report-view.tsx'
import { filterFromUrl } from '#app/cohorts/report-filter.ts'
import { getProgrammeReport } from '#app/cohorts/reports.server.ts'
import { getT } from '#app/i18n/i18n.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const url = new URL(request.url)
	const [report, t] = await Promise.all([
		getProgrammeReport({ actor, filter: filterFromUrl(url) }),
		getT(request),
	])
	return data({
		...report,
		query: url.search,
		params: Object.fromEntries(url.searchParams),
		title: t('cohorts.reports.title'),
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export default function ProgrammeReport() {
	const { summary, cohorts, options, query, params } =
		useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const select = (name: string, values: string[]) => (
		<div className="field">
			<label htmlFor={`f-${name}`}>{t(`cohorts.form.${name}`)}</label>
			<select id={`f-${name}`} name={name} defaultValue={params[name] ?? ''}>
				<option value="">{t('cohorts.reports.all')}</option>
				{values.map((v) => (
					<option key={v} value={v}>
						{v}
					</option>
				))}
			</select>
		</div>
	)
	return (
		<div className="page">
			<p className="small">
				<Link to="/cohorts">← {t('cohorts.title')}</Link>
			</p>
			<h1>{t('cohorts.reports.title')}</h1>
			<p className="lead">{t('cohorts.reports.lead')}</p>
			<Form method="get" className="card">
				<div className="grid-2">
					{select('programme', options.programmes)}
					{select('country', options.countries)}
					{select('region', options.regions)}
					<div className="field">
						<label htmlFor="f-from">{t('cohorts.reports.from')}</label>
						<input
							id="f-from"
							type="date"
							name="from"
							defaultValue={params.from ?? ''}
						/>
					</div>
					<div className="field">
						<label htmlFor="f-to">{t('cohorts.reports.to')}</label>
						<input
							id="f-to"
							type="date"
							name="to"
							defaultValue={params.to ?? ''}
						/>
					</div>
				</div>
				<p>
					<button type="submit" className="primary">
						{t('cohorts.reports.filter')}
					</button>
				</p>
			</Form>
			<p>
				<strong>{t('cohorts.reports.cohorts', { count: cohorts })}</strong> ·{' '}
				<a href={`/reports/export.csv${query}`}>
					{t('cohorts.dashboard.exportCsv')}
				</a>{' '}
				·{' '}
				<a href={`/reports/tables.csv${query}`}>
					{t('cohorts.dashboard.exportTables')}
				</a>{' '}
				·{' '}
				<a href={`/reports/export.json${query}`}>
					{t('cohorts.dashboard.exportJson')}
				</a>
			</p>
			<ReportView summary={summary} showStages />
			<p className="muted small">{t('cohorts.reports.note')}</p>
		</div>
	)
}
