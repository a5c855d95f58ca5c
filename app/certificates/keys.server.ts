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
	return {
		kid: key.kid,
		key,
		privateKey: await importJWK(key.privateJwk, 'EdDSA'),
	}
}

/** The URL a JWT's `kid` carries: it answers the bare public JWK (app/routes/issuer.keys.$kid.ts). */
export function keyUrl(appUrl: string, kid: string) {
	return `${appUrl}/issuer/keys/${kid}`
}

/** The thumbprint a `kid` names, whether a bare thumbprint (credentials issued before key URLs) or a key URL. */
export function thumbprintOf(kid: string | undefined) {
	if (!kid) return null
	return /(?:^|\/issuer\/keys\/)([A-Za-z0-9_-]{43})$/.exec(kid)?.[1] ?? null
}

export async function findIssuerKey(kid: string | undefined) {
	const thumbprint = thumbprintOf(kid)
	return (await loadIssuerKeys()).find((k) => k.kid === thumbprint) ?? null
}

/** The bare public JWK (no private part, no bookkeeping), as a key URL answers it. */
export function bareJwk(key: IssuerKey): JWK {
	const { kty, crv, x } = key.publicJwk
	return { kty, crv, x }
}

/**
 * Every key, twice: under its key URL (the `kid` of credentials issued now) and
 * under its bare thumbprint (the `kid` of credentials issued before), so that a
 * plain JOSE library matches either against this set.
 */
export async function publicJwks(appUrl?: string): Promise<{ keys: JWK[] }> {
	const keys = await loadIssuerKeys()
	return {
		keys: keys.flatMap((k) => [
			...(appUrl ? [{ ...k.publicJwk, kid: keyUrl(appUrl, k.kid) }] : []),
			k.publicJwk,
		]),
	}
}
