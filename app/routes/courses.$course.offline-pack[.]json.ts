import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { getLanguage } from '#app/i18n/i18n.server.ts'
import { getOfflinePack } from '#app/offline/pack.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'

/** What saving a course for offline use downloads: its pages and what they need, with their sizes. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const pack = await getOfflinePack(
		params.course ?? '',
		await getLanguage(request),
	)
	invariantResponse(pack, 'Course not found', { status: 404 })
	return json(pack)
}
