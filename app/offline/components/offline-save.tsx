import { useTranslation } from 'react-i18next'

/**
 * "Save this course for offline use" on the course page. Rendered hidden:
 * /offline.js (app/offline/register.client.ts) shows it with the pack's
 * size, since saving needs the service worker; without JavaScript a note
 * says so instead.
 */
export function OfflineSave({ course }: { course: string }) {
	const { t } = useTranslation()
	return (
		<>
			<section
				className="card offline-save"
				aria-labelledby="offline-save-title"
				data-offline-pack={`/courses/${course}/offline-pack.json`}
				data-course={course}
				hidden
			>
				<h2 id="offline-save-title">{t('offline.save.title')}</h2>
				<p>{t('offline.save.intro')}</p>
				<p role="status" className="small" />
				<button type="button" className="secondary">
					{t('offline.save.button')}
				</button>
			</section>
			<noscript>
				<p className="muted small">{t('offline.save.needsJavaScript')}</p>
			</noscript>
		</>
	)
}
