import {
	CompactSign,
	compactVerify,
	createLocalJWKSet,
	importJWK,
	jwtVerify,
	SignJWT,
	type JSONWebKeySet,
	type JWTPayload,
} from 'jose'
import { findIssuerKey, keyUrl, signingKey } from './keys.server.ts'
import { OB_SCHEMA_TERM, OB_V3, VC_V2 } from './linked-data.server.ts'

/**
 * Open Badges 3.0 credentials (W3C VC 2.0 data model) secured as VC-JWT with
 * Ed25519 (EdDSA), and a compact signed payload small enough for a QR code.
 */

export type CertificateFacts = {
	code: string
	holderName: string
	title: string
	description: string
	courseUrl: string | null
	cohortName: string | null
	trainerName: string | null
	hours: number
	issuedAt: Date
	language: string
	/** The learner's stable `urn:uuid:` subject id (reveals no email or phone). */
	subjectId: string
	/** Where the credential's revocation bit lives (null: no status list entry). */
	status: { list: number; index: number } | null
}

export type IssuerInfo = { url: string; name: string }

export const OB_SCHEMA_URL =
	'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'

export function statusListUrl(appUrl: string, list: number) {
	return `${appUrl}/issuer/status/${list}`
}

export function buildCredential(facts: CertificateFacts, issuer: IssuerInfo) {
	const credentialUrl = `${issuer.url}/certificates/${facts.code}.json`
	return {
		'@context': [VC_V2, OB_V3, OB_SCHEMA_TERM],
		id: credentialUrl,
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		name: facts.title,
		issuer: {
			id: `${issuer.url}/issuer`,
			type: ['Profile'],
			name: issuer.name,
			url: issuer.url,
		},
		validFrom: facts.issuedAt.toISOString(),
		credentialSubject: {
			id: `urn:uuid:${facts.subjectId}`,
			type: ['AchievementSubject'],
			identifier: [
				{
					type: 'IdentityObject',
					identityHash: facts.holderName,
					identityType: 'name',
					hashed: false,
				},
			],
			achievement: {
				id: facts.courseUrl ?? `${issuer.url}/verify/${facts.code}`,
				type: ['Achievement'],
				achievementType: 'Certificate',
				name: facts.title,
				description: facts.description,
				criteria: { narrative: facts.description },
				inLanguage: facts.language,
			},
		},
		evidence: [
			{
				type: ['Evidence'],
				name: facts.cohortName ?? facts.title,
				narrative: [facts.cohortName, facts.trainerName, `${facts.hours} h`]
					.filter(Boolean)
					.join(' · '),
			},
		],
		...(facts.status
			? {
					credentialStatus: {
						id: `${statusListUrl(issuer.url, facts.status.list)}#${facts.status.index}`,
						type: 'BitstringStatusListEntry',
						statusPurpose: 'revocation',
						statusListIndex: String(facts.status.index),
						statusListCredential: statusListUrl(issuer.url, facts.status.list),
					},
				}
			: {}),
		credentialSchema: [
			{ id: OB_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' },
		],
	}
}
export type OpenBadgeCredential = ReturnType<typeof buildCredential>

/** JWT claims that are bookkeeping of the JWT, not part of the credential. */
export const JWT_CLAIMS = ['iss', 'jti', 'sub', 'nbf', 'iat', 'exp'] as const

/**
 * VC-JWT (OB 3.0 §8.2, VC-JOSE-COSE): the payload is the credential itself
 * plus the registered claims OB 3.0 requires (iss, jti, sub, nbf). Header:
 * `typ: JWT` and a `kid` URL that answers the JWK (decision 007).
 */
export async function signCredential(
	credential: OpenBadgeCredential,
	appUrl: string,
) {
	const { kid, privateKey } = await signingKey()
	const jwt = await new SignJWT({ ...credential } as unknown as JWTPayload)
		.setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: keyUrl(appUrl, kid) })
		.setIssuer(credential.issuer.id)
		.setJti(credential.id)
		.setSubject(credential.credentialSubject.id)
		.setNotBefore(Math.floor(new Date(credential.validFrom).getTime() / 1000))
		.sign(privateKey)
	return { jwt, kid }
}

/** What the QR code carries: short claim names keep it scannable from paper. */
export type CompactClaims = {
	v: 1
	c: string
	n: string
	t: string
	d: string
	h: number
	i: string
}

export async function signCompact(facts: CertificateFacts, issuer: IssuerInfo) {
	const { kid, privateKey } = await signingKey()
	const claims: CompactClaims = {
		v: 1,
		c: facts.code,
		n: facts.holderName,
		t: facts.title,
		d: facts.issuedAt.toISOString().slice(0, 10),
		h: facts.hours,
		i: issuer.url,
	}
	return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
		.setProtectedHeader({ alg: 'EdDSA', kid })
		.sign(privateKey)
}

export type SignatureCheck<T> =
	| { ok: true; payload: T; kid: string }
	| { ok: false; reason: 'malformed' | 'unknownKey' | 'badSignature' }

function failure(error: unknown): {
	ok: false
	reason: 'malformed' | 'unknownKey' | 'badSignature'
} {
	const code = (error as { code?: string }).code
	if (code === 'ERR_JWKS_NO_MATCHING_KEY')
		return { ok: false, reason: 'unknownKey' }
	if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
		return { ok: false, reason: 'badSignature' }
	return { ok: false, reason: 'malformed' }
}

/** Credential JWTs: `typ: JWT` since decision 007, `vc+jwt` before. */
export function isCredentialJwtType(typ: unknown) {
	return typ === 'JWT' || typ === 'vc+jwt'
}

/**
 * Checks a VC-JWT with the issuer's keys, the `kid` being a key URL or (older
 * credentials) a bare thumbprint. `nbf` is checked by jose; the OB 3.0 rule
 * that registered claims match the credential is checked here.
 */
export async function verifyCredentialJwt(
	jwt: string,
): Promise<SignatureCheck<OpenBadgeCredential>> {
	try {
		const { payload, protectedHeader } = await jwtVerify(
			jwt.trim(),
			async (header) => {
				const key = await findIssuerKey(header.kid)
				if (!key)
					throw Object.assign(new Error('unknown key'), {
						code: 'ERR_JWKS_NO_MATCHING_KEY',
					})
				return importJWK(key.publicJwk, 'EdDSA')
			},
			{ algorithms: ['EdDSA'] },
		)
		if (!isCredentialJwtType(protectedHeader.typ))
			return { ok: false, reason: 'malformed' }
		const credential = payload as unknown as OpenBadgeCredential & JWTPayload
		const subject = (credential.credentialSubject as { id?: string })?.id
		if (
			payload.iss !== credential.issuer?.id ||
			payload.jti !== credential.id ||
			(payload.sub !== undefined && payload.sub !== subject)
		)
			return { ok: false, reason: 'malformed' }
		return {
			ok: true,
			payload: credential,
			kid: thumbprintOrKid(protectedHeader.kid),
		}
	} catch (error) {
		return failure(error)
	}
}

function thumbprintOrKid(kid: string | undefined) {
	return kid?.split('/').pop() ?? ''
}

export async function verifyCompact(
	token: string,
	jwks: JSONWebKeySet,
): Promise<SignatureCheck<CompactClaims>> {
	try {
		const { payload, protectedHeader } = await compactVerify(
			token.trim(),
			createLocalJWKSet(jwks),
			{ algorithms: ['EdDSA'] },
		)
		const claims = JSON.parse(
			new TextDecoder().decode(payload),
		) as CompactClaims
		if (claims.v !== 1 || typeof claims.c !== 'string')
			return { ok: false, reason: 'malformed' }
		return { ok: true, payload: claims, kid: protectedHeader.kid ?? '' }
	} catch (error) {
		return failure(error)
	}
}
