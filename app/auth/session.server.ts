import { sha256 } from '@oslojs/crypto/sha2'
import { encodeHexLowerCase } from '@oslojs/encoding'
import { prisma } from '#app/db.server.ts'

// Minimal read side of the session (Lucia guide); the accounts work completes it.
export const SESSION_COOKIE = 'essor_session'

function readCookie(request: Request, name: string) {
	const header = request.headers.get('Cookie') ?? ''
	for (const part of header.split(';')) {
		const [k, ...v] = part.trim().split('=')
		if (k === name) return decodeURIComponent(v.join('='))
	}
	return null
}

export async function getUserId(request: Request): Promise<string | null> {
	const token = readCookie(request, SESSION_COOKIE)
	if (!token) return null
	const id = encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
	const session = await prisma.session.findUnique({ where: { id }, select: { userId: true, expiresAt: true } })
	if (!session || session.expiresAt < new Date()) return null
	return session.userId
}
