import {
	data,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireTrainer } from '#app/cohorts/access.server.ts'
import { listCohortsForActor } from '#app/cohorts/cohorts.server.ts'
import { getT } from '#app/i18n/i18n.server.ts'
import { useFormat } from '#app/i18n/use-format.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const actor = await requireTrainer(request)
	const [cohorts, t] = await Promise.all([
		listCohortsForActor(actor),
		getT(request),
	])
	return data({
		cohorts,
		isAdmin: actor.role === 'admin',
		title: t('cohorts.title'),
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export default function Cohorts() {
	const { cohorts, isAdmin } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const format = useFormat()
	const date = format.day
	return (
		<div className="page">
			<h1>{isAdmin ? t('cohorts.allTitle') : t('cohorts.title')}</h1>
			<p className="lead">{t('cohorts.lead')}</p>
			<p className="actions">
				<Link className="button" to="/cohorts/new">
					{t('cohorts.new')}
				</Link>
				<Link to="/reports">{t('cohorts.reports.title')}</Link>
			</p>
			{cohorts.length === 0 ? <p>{t('cohorts.none')}</p> : null}
			<ul className="cards">
				{cohorts.map((c) => (
					<li key={c.id} className="card">
						<h2>
							<Link to={`/cohorts/${c.id}`}>{c.name}</Link>
						</h2>
						<p className="muted small">
							{c.programme} · {t(`labels.kind.${c.kind}`)} · {c.country}
							{c.region ? ` · ${c.region}` : ''}
							<br />
							{t('cohorts.dates', {
								start: date(c.startDate),
								end: date(c.endDate),
							})}
						</p>
						<p>
							<strong>{t('cohorts.learners', { count: c.learners })}</strong>
							{c.capacity ? ` / ${c.capacity}` : ''} ·{' '}
							{c.enrollmentOpen ? t('cohorts.open') : t('cohorts.closed')}
						</p>
					</li>
				))}
			</ul>
		</div>
	)
}
