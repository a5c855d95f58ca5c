import { useTranslation } from 'react-i18next'

export default function Home() {
	const { t } = useTranslation()
	return (
		<div className="page">
			<section className="hero">
				<h1>{t('home.title')}</h1>
				<p className="lead">{t('home.lead')}</p>
				<p>
					<a className="button" href="/courses">
						{t('home.cta')}
					</a>
				</p>
			</section>
			<section className="cards" aria-label={t('home.title')}>
				<article className="card">
					<h2>{t('home.forMayorsTitle')}</h2>
					<p>{t('home.forMayors')}</p>
				</article>
				<article className="card">
					<h2>{t('home.forYouthTitle')}</h2>
					<p>{t('home.forYouth')}</p>
				</article>
				<article className="card">
					<h2>{t('home.forTrainersTitle')}</h2>
					<p>{t('home.forTrainers')}</p>
				</article>
			</section>
			<p className="muted">{t('home.lightPage')}</p>
		</div>
	)
}
