import {
	data,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { useTranslation } from 'react-i18next'
import { noJavaScript } from '#app/courses/handle.ts'
import { getT } from '#app/i18n/i18n.server.ts'

/**
 * The page the service worker shows for a page not saved on the phone, in
 * the learner's language (it keeps one copy per language, fetched as a
 * visitor: no one's name in it). Opened online, it explains offline use.
 */
export const handle = noJavaScript

export async function loader({ request }: LoaderFunctionArgs) {
	const t = await getT(request)
	return data({ title: t('offline.page.metaTitle') })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data?.title ?? 'Essor' },
]

export default function OfflinePage() {
	const { t } = useTranslation()
	return (
		<div className="page narrow">
			<h1>{t('offline.page.title')}</h1>
			<p className="lead">{t('offline.page.lead')}</p>
			<p>{t('offline.page.explain')}</p>
			<p>
				{/* The address asked for: the page it stands in for. */}
				<a className="button" href="">
					{t('offline.page.retry')}
				</a>
			</p>
			<section aria-labelledby="offline-saved-title" data-offline-saved hidden>
				<h2 id="offline-saved-title">{t('offline.page.savedTitle')}</h2>
				<ul />
			</section>
		</div>
	)
}
