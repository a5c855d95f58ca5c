import type { Certificate } from '#app/.server/prisma/client.ts'
import { programmeTimeZone } from '#app/env.server.ts'
import { getFormatter } from '#app/i18n/format.ts'
import { getFixedTFor } from '#app/i18n/i18n.server.ts'
import { JWT_CLAIMS } from './credential.server.ts'
import { issuerInfo } from './issue.server.ts'
import { findIssuerKey } from './keys.server.ts'
import { OB_SCHEMA_TERM, signDataIntegrity } from './linked-data.server.ts'
import { renderCertificatePdf, type CertificatePdfText } from './pdf.server.ts'

export type CertificateForPdf = Pick<
	Certificate,
	| 'code'
	| 'kind'
	| 'language'
	| 'title'
	| 'holderName'
	| 'cohortName'
	| 'trainerName'
	| 'hours'
	| 'issuedAt'
	| 'credential'
	| 'compact'
>

export async function certificatePdfText(
	cert: CertificateForPdf,
): Promise<CertificatePdfText> {
	const t = await getFixedTFor(cert.language === 'en' ? 'en' : 'fr')
	const format = getFormatter(cert.language, programmeTimeZone())
	const issuer = issuerInfo()
	const inPerson = cert.kind === 'in_person'
	return {
		heading: t(
			inPerson
				? 'certificates.pdf.headingInPerson'
				: 'certificates.pdf.heading',
		),
		intro: t('certificates.pdf.intro'),
		holder: cert.holderName,
		completed: t(
			inPerson
				? 'certificates.pdf.completedInPerson'
				: 'certificates.pdf.completed',
		),
		title: cert.title,
		details: [
			cert.cohortName
				? t('certificates.pdf.cohort', { name: cert.cohortName })
				: null,
			cert.trainerName
				? t('certificates.pdf.trainer', { name: cert.trainerName })
				: null,
			t('certificates.pdf.hours', {
				hours: format.decimal(cert.hours),
			}),
		].filter((l): l is string => Boolean(l)),
		issuer: t('certificates.pdf.issuer', { issuer: issuer.name }),
		date: format.longDate(cert.issuedAt),
		verifyLine: t('certificates.pdf.verify', {
			url: issuer.url,
			code: cert.code,
		}),
		code: cert.code,
		qrCaption: t('certificates.pdf.qr'),
	}
}

/** What the QR code holds: a link to the verification page carrying the signed compact payload. */
export function qrContent(cert: Pick<Certificate, 'compact'>) {
	return `${issuerInfo().url}/verify?t=${cert.compact}`
}

export async function certificatePdf(cert: CertificateForPdf) {
	return renderCertificatePdf(
		await certificatePdfText(cert),
		qrContent(cert),
		cert.credential,
	)
}

/** The issued Open Badges credential (the VC-JWT's payload, without JWT bookkeeping claims). */
export function credentialJson(cert: Pick<Certificate, 'credential'>) {
	const [, payload] = cert.credential.split('.')
	const claims = JSON.parse(
		Buffer.from(payload ?? '', 'base64url').toString('utf8'),
	) as Record<string, unknown>
	for (const claim of JWT_CLAIMS) delete claims[claim]
	return claims
}

/**
 * A credential with the term its JSON-LD processing needs: credentials issued
 * before the Data Integrity form lack it, and only a term definition is added.
 */
export function normalizedCredential(credential: Record<string, unknown>) {
	const context = credential['@context']
	if (
		!Array.isArray(context) ||
		context.some(
			(c) =>
				c && typeof c === 'object' && '1EdTechJsonSchemaValidator2019' in c,
		)
	)
		return credential
	return { ...credential, '@context': [...context, OB_SCHEMA_TERM] }
}

/** The one stored credential every format is made from. */
export function storedCredential(cert: Pick<Certificate, 'credential'>) {
	return normalizedCredential(credentialJson(cert))
}

/**
 * The stored credential with an embedded Data Integrity proof
 * (`eddsa-rdfc-2022`), signed by the key that signed its VC-JWT.
 */
export async function dataIntegrityCredential(
	cert: Pick<Certificate, 'credential' | 'keyId'>,
) {
	const credential = storedCredential(cert)
	const key = await findIssuerKey(cert.keyId)
	if (!key) throw new Error(`Issuer key ${cert.keyId} is not available`)
	const issuer = issuerInfo()
	return signDataIntegrity(credential, {
		appUrl: issuer.url,
		issuerName: issuer.name,
		key,
		date: String(credential.validFrom),
	})
}
