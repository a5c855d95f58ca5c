import fs from 'node:fs'
import path from 'node:path'
import {
	calculateJwkThumbprint,
	exportJWK,
	generateKeyPair,
	importJWK,
	type JWK,
} from 'jose'
import { getEnv } from '#app/env.server.ts'

/**
 * The issuer's Ed25519 keys live in files, never in the database: a leaked
 * database backup cannot be used to forge certificates. The newest key signs;
 * every key ever used stays published so old certificates keep verifying.
 */

export type IssuerKey = {
	kid: string
	createdAt: string
	publicJwk: JWK
	privateJwk: JWK
}

export function keysDir() {
	return path.resolve(getEnv().DATA_DIR, 'issuer-keys')
}

function readKeyFile(file: string): IssuerKey {
	const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as IssuerKey
	if (
		!parsed.kid ||
		parsed.privateJwk?.crv !== 'Ed25519' ||
		!parsed.privateJwk.d
	) {
		throw new Error(`${file} is not an Essor Ed25519 issuer key`)
	}
	return parsed
}

export async function createIssuerKey(dir = keysDir()): Promise<IssuerKey> {
	const { publicKey, privateKey } = await generateKeyPair('EdDSA', {
		crv: 'Ed25519',
		extractable: true,
	})
	const publicJwk = await exportJWK(publicKey)
	const privateJwk = await exportJWK(privateKey)
	const kid = await calculateJwkThumbprint(publicJwk)
	const key: IssuerKey = {
		kid,
		createdAt: new Date().toISOString(),
		publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' },
		privateJwk: { ...privateJwk, kid, alg: 'EdDSA' },
	}
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
	const file = path.join(
		dir,
		`${key.createdAt.replace(/[:.]/g, '-')}-${kid.slice(0, 12)}.json`,
	)
	fs.writeFileSync(file, JSON.stringify(key, null, 2), {
		mode: 0o600,
		flag: 'wx',
	})
	return key
}

let cache: { dir: string; keys: Promise<IssuerKey[]> } | undefined

/**
 * All keys, oldest first. Creates the first key on first use (or uses
 * ISSUER_KEY_FILE). The promise is shared: concurrent first signatures must
 * not each create a key.
 */
export function loadIssuerKeys(): Promise<IssuerKey[]> {
	const dir = keysDir()
	if (cache?.dir !== dir) cache = { dir, keys: readIssuerKeys(dir) }
	return cache.keys
}

async function readIssuerKeys(dir: string): Promise<IssuerKey[]> {
	const configured = getEnv().ISSUER_KEY_FILE
	const files = fs.existsSync(dir)
		? fs
				.readdirSync(dir)
				.filter((f) => f.endsWith('.json'))
				.sort()
		: []
	const keys = files.map((f) => readKeyFile(path.join(dir, f)))
	if (configured) {
		const key = readKeyFile(path.resolve(configured))
		if (!keys.some((k) => k.kid === key.kid)) keys.push(key)
	}
	if (!keys.length) keys.push(await createIssuerKey(dir))
	return keys
}

export function forgetCachedKeys() {
	cache = undefined
}

export async function signingKey() {
	const keys = await loadIssuerKeys()
	const configured = getEnv().ISSUER_KEY_FILE
	const key = configured
		? keys.find((k) => k.kid === readKeyFile(path.resolve(configured)).kid)!
		: keys[keys.length - 1]!
	return { kid: key.kid, privateKey: await importJWK(key.privateJwk, 'EdDSA') }
}

export async function publicJwks(): Promise<{ keys: JWK[] }> {
	return { keys: (await loadIssuerKeys()).map((k) => k.publicJwk) }
}
