import { requireUser } from '#app/auth/session.server.ts'
import { canManageCertificate, findCertificate } from './issue.server.ts'

/** The certificate if the requester is its holder, a trainer of its cohort or an admin; 404 otherwise. */
export async function requireCertificateAccess(request: Request, code: string) {
	const user = await requireUser(request)
	const cert = await findCertificate(code)
	if (
		!cert ||
		(cert.userId !== user.id && !(await canManageCertificate(user, cert)))
	) {
		throw new Response('Certificate not found', { status: 404 })
	}
	return cert
}
