import { ErrorBoundary as RootErrorBoundary } from '#app/root.tsx'

export async function loader() {
	throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
	return null
}

export const ErrorBoundary = RootErrorBoundary
