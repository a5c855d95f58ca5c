import {
	CompactSign,
	compactVerify,
	createLocalJWKSet,
	jwtVerify,
	SignJWT,
	type JSONWebKeySet,
	type JWTPayload,
} from 'jose'
import { signingKey } from './keys.server.ts'

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
}

export type IssuerInfo = { url: string; name: string }

export function buildCredential(facts: CertificateFacts, issuer: IssuerInfo) {
	const credentialUrl = `${issuer.url}/certificates/${facts.code}.json`
	return {
		'@context': [
			'https://www.w3.org/ns/credentials/v2',
			'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
		],
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
		credentialSchema: [
			{
				id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
				type: '1EdTechJsonSchemaValidator2019',
			},
		],
	}
}
export type OpenBadgeCredential = ReturnType<typeof buildCredential>

/** VC-JWT: the JWT payload is the credential itself, with iss/jti/iat for plain JWT libraries. */
export async function signCredential(credential: OpenBadgeCredential) {
	const { kid, privateKey } = await signingKey()
	const jwt = await new SignJWT({ ...credential } as unknown as JWTPayload)
		.setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid })
		.setIssuer(credential.issuer.id)
		.setJti(credential.id)
		.setIssuedAt(Math.floor(new Date(credential.validFrom).getTime() / 1000))
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

export async function verifyCredentialJwt(
	jwt: string,
	jwks: JSONWebKeySet,
): Promise<SignatureCheck<OpenBadgeCredential>> {
	try {
		const { payload, protectedHeader } = await jwtVerify(
			jwt.trim(),
			createLocalJWKSet(jwks),
			{ algorithms: ['EdDSA'], typ: 'vc+jwt' },
		)
		return {
			ok: true,
			payload: payload as unknown as OpenBadgeCredential,
			kid: protectedHeader.kid ?? '',
		}
	} catch (error) {
		return failure(error)
	}
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
