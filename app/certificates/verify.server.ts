import { prisma } from '#app/db.server.ts'
import {
	isCredentialJwtType,
	verifyCompact,
	verifyCredentialJwt,
} from './credential.server.ts'
import { normalizedCredential, storedCredential } from './documents.server.ts'
import { issuerInfo } from './issue.server.ts'
import { publicJwks } from './keys.server.ts'
import { verifyDataIntegrity } from './linked-data.server.ts'
import { credentialFromPdf } from './pdf.server.ts'
import {
	publicRevocationCategory,
	type RevocationCategory,
} from './revocation.ts'

/** Checks a certificate from its code, its VC-JWT, its JSON credential, its QR payload or its PDF. */

/**
 * What a verification actually established, said on the page and by the CLI:
 * - `signature`: the issuer's signature over what was given holds;
 * - `record`: what was given is, field for field, the certificate recorded under its code (a code alone: the record exists);
 * - `status`: the record says whether it was revoked.
 */
export type Check = 'signature' | 'record' | 'status'
export type Source = 'code' | 'jwt' | 'json' | 'qr' | 'pdf'

export type Verification =
	| {
			status: 'valid' | 'revoked'
			code: string
			holderName: string | null
			title: string
			issuedAt: string
			hours: number
			revokedAt: string | null
			revokedCategory: RevocationCategory | null
			replacedBy: string | null
			kid: string | null
			source: Source
			checked: Check[]
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
	/** A credential that differs from the one recorded under its code; `field` names the first difference. */
	| { status: 'altered'; field: string }
	/** What was sent cannot be checked: nothing, a file that is not a PDF, a file over the upload limit. */
	| { status: 'missing' | 'notPdf' | 'tooLarge' }

async function fromRecord(
	code: string,
	options: {
		kid: string | null
		source: Source
		signed: boolean
		credentialJwt?: string
	},
): Promise<Verification> {
	const cert = await prisma.certificate.findUnique({
		where: { code: code.trim().toUpperCase() },
	})
	if (!cert) return { status: options.kid ? 'mismatch' : 'notFound' }
	// A validly signed credential that differs from the one we issued under this code is not ours.
	if (options.credentialJwt && options.credentialJwt !== cert.credential)
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
		revokedCategory: cert.revokedAt
			? publicRevocationCategory(cert.revokedCategory)
			: null,
		replacedBy: replacement?.code ?? null,
		kid: options.kid ?? (options.signed ? cert.keyId : null),
		source: options.source,
		checked: options.signed
			? ['signature', 'record', 'status']
			: ['record', 'status'],
	}
}

/** A code alone proves nothing by itself: this is a look-up in the register (record and status, no signature). */
export function verifyCode(code: string) {
	return fromRecord(code, { kid: null, source: 'code', signed: false })
}

function codeFromCredentialId(id: unknown) {
	return typeof id === 'string'
		? (/\/certificates\/([A-Z0-9-]+)\.json$/.exec(id)?.[1] ?? null)
		: null
}

/** The first path at which two JSON values differ, or null when they are equal. */
export function firstDifference(
	a: unknown,
	b: unknown,
	path = '',
): string | null {
	if (Object.is(a, b)) return null
	if (Array.isArray(a) && Array.isArray(b)) {
		if (a.length !== b.length) return path || '(root)'
		for (let i = 0; i < a.length; i++) {
			const d = firstDifference(a[i], b[i], `${path}[${i}]`)
			if (d) return d
		}
		return null
	}
	if (
		a &&
		b &&
		typeof a === 'object' &&
		typeof b === 'object' &&
		!Array.isArray(a) &&
		!Array.isArray(b)
	) {
		const keys = new Set([...Object.keys(a), ...Object.keys(b)])
		for (const key of [...keys].sort()) {
			const d = firstDifference(
				(a as Record<string, unknown>)[key],
				(b as Record<string, unknown>)[key],
				path ? `${path}.${key}` : key,
			)
			if (d) return d
		}
		return null
	}
	return path || '(root)'
}

/**
 * A credential as JSON (the `.json` download): its embedded Data Integrity
 * proof is checked when it has one, and in every case it must equal, field
 * for field, the credential recorded under its code. An unsigned file is
 * therefore only ever "as recorded", never "signature checked".
 */
async function verifyJsonCredential(text: string): Promise<Verification> {
	let parsed: Record<string, unknown>
	try {
		parsed = JSON.parse(text) as Record<string, unknown>
	} catch {
		return { status: 'malformed' }
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		return { status: 'malformed' }
	const code = codeFromCredentialId(parsed.id)
	if (!code) return { status: 'malformed' }
	const { proof, ...claims } = parsed
	const signed = proof !== undefined
	if (signed) {
		const issuer = issuerInfo()
		const ok = await verifyDataIntegrity(parsed, {
			appUrl: issuer.url,
			issuerName: issuer.name,
		}).catch(() => false)
		if (!ok) return { status: 'forged' }
	}
	const cert = await prisma.certificate.findUnique({
		where: { code: code.toUpperCase() },
		select: { credential: true },
	})
	if (!cert) return { status: signed ? 'mismatch' : 'notFound' }
	const field = firstDifference(
		normalizedCredential(claims),
		storedCredential(cert),
	)
	if (field) return { status: 'altered', field }
	return fromRecord(code, { kid: null, source: 'json', signed })
}

/** A VC-JWT (header.payload.signature), a JSON credential, a compact QR payload, or a verification URL carrying one. */
export async function verifyToken(
	input: string,
	source?: Source,
): Promise<Verification> {
	let token = input.trim()
	const fromUrl = /[?&]t=([A-Za-z0-9_\-.]+)/.exec(token)
	if (fromUrl) token = fromUrl[1]!
	if (token.startsWith('{')) return verifyJsonCredential(token)
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
	if (isCredentialJwtType(header.typ)) {
		const check = await verifyCredentialJwt(token)
		if (!check.ok)
			return {
				status: check.reason === 'badSignature' ? 'forged' : check.reason,
			}
		const code = codeFromCredentialId(check.payload.id)
		return code
			? fromRecord(code, {
					kid: check.kid,
					source: source ?? 'jwt',
					signed: true,
					credentialJwt: token,
				})
			: { status: 'mismatch' }
	}
	const check = await verifyCompact(token, await publicJwks())
	if (!check.ok)
		return { status: check.reason === 'badSignature' ? 'forged' : check.reason }
	return fromRecord(check.payload.c, {
		kid: check.kid,
		source: 'qr',
		signed: true,
	})
}

/** A PDF starts with "%PDF-" (some writers put a few bytes before it). */
function looksLikePdf(bytes: Uint8Array) {
	return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')
}

export async function verifyPdf(bytes: Uint8Array): Promise<Verification> {
	if (!looksLikePdf(bytes)) return { status: 'notPdf' }
	const jwt = await credentialFromPdf(bytes)
	if (!jwt) return { status: 'noCredential' }
	return verifyToken(jwt, 'pdf')
}
