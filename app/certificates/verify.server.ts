import { prisma } from '#app/db.server.ts'
import { verifyCompact, verifyCredentialJwt } from './credential.server.ts'
import { publicJwks } from './keys.server.ts'
import { credentialFromPdf } from './pdf.server.ts'

/** Checks a certificate from its code, its VC-JWT, its QR payload or its PDF. */

export type Verification =
	| {
			status: 'valid' | 'revoked'
			code: string
			holderName: string | null
			title: string
			issuedAt: string
			hours: number
			revokedAt: string | null
			revokedReason: string | null
			replacedBy: string | null
			kid: string | null
	  }
	| {
			status:
				| 'notFound'
				| 'forged'
				| 'unknownKey'
				| 'malformed'
				| 'noCredential'
				| 'mismatch'
	  }
	/** What was sent cannot be checked: nothing, a file that is not a PDF, a file over the upload limit. */
	| { status: 'missing' | 'notPdf' | 'tooLarge' }

async function fromRecord(
	code: string,
	kid: string | null,
	credential?: string,
): Promise<Verification> {
	const cert = await prisma.certificate.findUnique({
		where: { code: code.trim().toUpperCase() },
	})
	if (!cert) return { status: kid ? 'mismatch' : 'notFound' }
	// A validly signed credential that differs from the one we issued under this code is not ours.
	if (credential && credential !== cert.credential)
		return { status: 'mismatch' }
	const replacement = cert.revokedAt
		? await prisma.certificate.findFirst({
				where: { replacesId: cert.id },
				select: { code: true },
			})
		: null
	return {
		status: cert.revokedAt ? 'revoked' : 'valid',
		code: cert.code,
		holderName: cert.showName ? cert.holderName : null,
		title: cert.title,
		issuedAt: cert.issuedAt.toISOString(),
		hours: cert.hours,
		revokedAt: cert.revokedAt?.toISOString() ?? null,
		revokedReason: cert.revokedReason,
		replacedBy: replacement?.code ?? null,
		kid: kid ?? cert.keyId,
	}
}

export function verifyCode(code: string) {
	return fromRecord(code, null)
}

function codeFromCredentialId(id: unknown) {
	return typeof id === 'string'
		? (/\/certificates\/([A-Z0-9-]+)\.json$/.exec(id)?.[1] ?? null)
		: null
}

/** A VC-JWT (header.payload.signature), a compact QR payload, or a verification URL carrying one. */
export async function verifyToken(input: string): Promise<Verification> {
	let token = input.trim()
	const fromUrl = /[?&]t=([A-Za-z0-9_\-.]+)/.exec(token)
	if (fromUrl) token = fromUrl[1]!
	if (token.startsWith('{')) {
		try {
			const parsed = JSON.parse(token) as { id?: unknown }
			const code = codeFromCredentialId(parsed.id)
			return code ? fromRecord(code, null) : { status: 'malformed' }
		} catch {
			return { status: 'malformed' }
		}
	}
	const jwks = await publicJwks()
	const header = (() => {
		try {
			return JSON.parse(
				Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'),
			) as { typ?: string }
		} catch {
			return null
		}
	})()
	if (!header || token.split('.').length !== 3) return { status: 'malformed' }
	if (header.typ === 'vc+jwt') {
		const check = await verifyCredentialJwt(token, jwks)
		if (!check.ok)
			return {
				status: check.reason === 'badSignature' ? 'forged' : check.reason,
			}
		const code = codeFromCredentialId(check.payload.id)
		return code ? fromRecord(code, check.kid, token) : { status: 'mismatch' }
	}
	const check = await verifyCompact(token, jwks)
	if (!check.ok)
		return { status: check.reason === 'badSignature' ? 'forged' : check.reason }
	return fromRecord(check.payload.c, check.kid)
}

/** A PDF starts with "%PDF-" (some writers put a few bytes before it). */
function looksLikePdf(bytes: Uint8Array) {
	return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')
}

export async function verifyPdf(bytes: Uint8Array): Promise<Verification> {
	if (!looksLikePdf(bytes)) return { status: 'notPdf' }
	const jwt = await credentialFromPdf(bytes)
	if (!jwt) return { status: 'noCredential' }
	return verifyToken(jwt)
}
