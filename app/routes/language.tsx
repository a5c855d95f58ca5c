import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { isLanguage } from '#app/i18n/config.ts'
import { languageCookie } from '#app/i18n/i18n.server.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'

export async function action({ request }: ActionFunctionArgs) {
	// A resource route has no error page to name a problem on: a broken body changes nothing.
	const form = await request.formData().catch(() => null)
	if (!form) return redirect('/')
	const lng = form.get('lng')
	const to = safeRedirect(form.get('redirectTo'))
	if (!isLanguage(lng)) return redirect(to)
	return redirect(to, {
		headers: { 'Set-Cookie': await languageCookie.serialize(lng) },
	})
}

export async function loader() {
	return redirect('/')
}
