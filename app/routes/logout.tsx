import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { signOut } from '#app/auth/session.server.ts'

// POST only: a link or a prefetch must never sign anyone out.
export async function loader() {
	return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
	return redirect('/', {
		headers: {
			'Set-Cookie': await signOut(request),
			// The browser's own cache (and back/forward copies) of this person's
			// pages goes too. Pages saved for offline use are in the service
			// worker's caches, which it clears itself (app/offline/sw.ts): a
			// "storage" clearing would also drop the courses saved as a visitor.
			'Clear-Site-Data': '"cache"',
		},
	})
}
