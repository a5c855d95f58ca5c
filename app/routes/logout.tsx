import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { signOut } from '#app/auth/session.server.ts'

// POST only: a link or a prefetch must never sign anyone out.
export async function loader() {
	return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
	return redirect('/', { headers: { 'Set-Cookie': await signOut(request) } })
}
