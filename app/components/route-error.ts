import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/**
 * The title and message an error boundary shows for the error its route
 * threw, in the page's language: the root's page-wide boundary and the
 * account panels' boundaries say the same thing for the same error.
 */
export function useRouteErrorText() {
	const error = useRouteError()
	const { t, i18n } = useTranslation()
	let title = t('errors.title')
	let message = t('errors.unexpected')
	if (isRouteErrorResponse(error)) {
		// badRequest() and invariantResponse() may name a translation key: the
		// problem in words; anything else is not for people to read.
		const named =
			typeof error.data === 'string' &&
			error.data.startsWith('errors.') &&
			i18n.exists(error.data)
				? t(error.data)
				: null
		if (error.status === 404) {
			title = t('errors.notFoundTitle')
			message = named ?? t('errors.notFound')
		} else if (error.status === 403) {
			title = t('errors.forbiddenTitle')
			message = t('errors.forbidden')
		} else if (error.status === 405) {
			message = t('errors.methodNotAllowed')
		} else if (error.status === 429) {
			message = t('errors.tooManyRequests')
		} else if (error.status === 400 || error.status === 409) {
			message = named ?? t('errors.badRequest')
		}
	}
	return { title, message }
}
