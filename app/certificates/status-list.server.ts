import crypto from 'node:crypto'
import { createList } from '@digitalbazaar/vc-bitstring-status-list'
import { prisma } from '#app/db.server.ts'
import { appUrl, getEnv } from '#app/env.server.ts'
import { statusListUrl } from './credential.server.ts'
import { signingKey } from './keys.server.ts'
import { issuerId, signDataIntegrity, VC_V2 } from './linked-data.server.ts'

/**
 * Revocation that anyone can check: a W3C Bitstring Status List. Each new
 * credential names a random index in a list; the list is itself a credential
 * signed by the issuer and served at a stable URL (/issuer/status/<n>).
 */

/** 131,072 entries (16 KiB): the size the specification recommends so that one fetch reveals nothing about which credential is checked. */
export const STATUS_LIST_LENGTH = 131_072
/** A list takes new entries until this many are used, so random picks rarely collide. */
const LIST_FILL = 100_000

/** A free random index in the current list (random, so an index says nothing about when or to whom it was issued). */
export async function allocateStatusEntry() {
	const last = await prisma.certificate.aggregate({
		_max: { statusList: true },
	})
	let list = last._max.statusList ?? 1
	if (
		(await prisma.certificate.count({ where: { statusList: list } })) >=
		LIST_FILL
	)
		list++
	for (let attempt = 0; attempt < 64; attempt++) {
		const index = crypto.randomInt(STATUS_LIST_LENGTH)
		const taken = await prisma.certificate.findFirst({
			where: { statusList: list, statusIndex: index },
			select: { id: true },
		})
		if (!taken) return { list, index }
	}
	throw new Error(`Status list ${list} has no free index`)
}

async function revokedIndexes(list: number) {
	const rows = await prisma.certificate.findMany({
		where: { statusList: list, revokedAt: { not: null } },
		select: { statusIndex: true },
		orderBy: { statusIndex: 'asc' },
	})
	return rows.map((r) => r.statusIndex!)
}

function keyOf(indexes: number[]) {
	return crypto.createHash('sha256').update(indexes.join(',')).digest('hex')
}

async function buildStatusList(list: number, indexes: number[]) {
	const bits = await createList({ length: STATUS_LIST_LENGTH })
	for (const index of indexes) bits.setStatus(index, true)
	const url = statusListUrl(appUrl(), list)
	const now = new Date().toISOString()
	const { key } = await signingKey()
	return signDataIntegrity(
		{
			'@context': [VC_V2],
			id: url,
			type: ['VerifiableCredential', 'BitstringStatusListCredential'],
			issuer: issuerId(appUrl()),
			validFrom: now,
			credentialSubject: {
				id: `${url}#list`,
				type: 'BitstringStatusList',
				statusPurpose: 'revocation',
				encodedList: await bits.encode(),
			},
		},
		{ appUrl: appUrl(), issuerName: getEnv().ISSUER_NAME, key, date: now },
	)
}

/**
 * The signed status list credential, rebuilt whenever the revoked entries in
 * the database differ from those it encodes. NOTE: the database is the truth;
 * a revocation whose rebuild was cut short (crash) is picked up here on the
 * next request, so the served list can never stay stale.
 */
export async function statusListCredential(list: number) {
	if (!Number.isInteger(list) || list < 1) return null
	const used = await prisma.certificate.findFirst({
		where: { statusList: list },
		select: { id: true },
	})
	if (!used) return null
	const indexes = await revokedIndexes(list)
	const revokedKey = keyOf(indexes)
	const stored = await prisma.statusList.findUnique({ where: { id: list } })
	if (stored?.revokedKey === revokedKey) return stored.credential
	const credential = JSON.stringify(await buildStatusList(list, indexes))
	await prisma.statusList.upsert({
		where: { id: list },
		create: { id: list, revokedKey, credential },
		update: { revokedKey, credential, builtAt: new Date() },
	})
	return credential
}

/** Rebuilds a list after a revocation, so the first verifier does not wait for it. */
export async function refreshStatusList(list: number | null) {
	if (list !== null) await statusListCredential(list)
}
