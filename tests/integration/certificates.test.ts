import { getCatalog } from '#app/content/catalog.server.ts'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { extractText, getDocumentProxy } from 'unpdf'
import { expect, test } from 'vitest'
import {
	certificatePdf,
	credentialJson,
} from '#app/certificates/documents.server.ts'
import {
	issueCertificateForCompletion,
	reissueCertificate,
	revokeCertificate,
} from '#app/certificates/issue.server.ts'
import {
	createIssuerKey,
	forgetCachedKeys,
	publicJwks,
} from '#app/certificates/keys.server.ts'
import {
	verifyCode,
	verifyPdf,
	verifyToken,
} from '#app/certificates/verify.server.ts'
import { createCohort, joinCohort } from '#app/cohorts/cohorts.server.ts'
import { prisma } from '#app/db.server.ts'
import { loader as jwksLoader } from '#app/routes/issuer.jwks[.]json.ts'
import { loader as pdfLoader } from '#app/routes/certificates.$code[.]pdf.ts'
import { loader as verifyPage } from '#app/routes/verify.$code.tsx'
import { createUser, requestAs, settle } from '#tests/support/factories.ts'

const root = path.resolve(import.meta.dirname, '../..')

async function certified(name = 'Aïcha Bennani', language = 'fr') {
	const trainer = await createUser({
		role: 'trainer',
		name: 'Mireille Ebongue',
	})
	const learner = await createUser({ name, language })
	const cohort = await createCohort(trainer, {
		name: 'Maires du Centre 2026',
		programme: 'REMCESS',
		kind: 'course',
		courses: ['loi-cadre-economie-sociale'],
		country: 'CM',
		region: 'Centre',
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
	return { trainer, learner, cohort, cert, completion }
}

test('a certificate is issued once per completion, in the learner’s language, with cohort and trainer', async () => {
	const { cert, completion, learner } = await certified('Samuel Tchoua', 'en')
	expect(cert.code).toMatch(/^ESR-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
	const course = (await getCatalog()).courses.find(
		(c) => c.slug === 'loi-cadre-economie-sociale',
	)!
	expect(cert).toMatchObject({
		language: 'en',
		title: 'The framework law on the social economy in Cameroon',
		cohortName: 'Maires du Centre 2026',
		trainerName: 'Mireille Ebongue',
		hours: course.hours,
	})
	const again = await Promise.all(
		Array.from({ length: 5 }, () => issueCertificateForCompletion(completion)),
	)
	expect(new Set(again.map((c) => c!.code))).toEqual(new Set([cert.code]))
	expect(
		await prisma.certificate.count({ where: { userId: learner.id } }),
	).toBe(1)
})

test('the PDF opens and contains the name, the course and the code', async () => {
	const { cert } = await certified('Hélène Ngo Biyong')
	const bytes = await certificatePdf(cert)
	const pdf = await getDocumentProxy(new Uint8Array(bytes))
	expect(pdf.numPages).toBe(1)
	const page = await pdf.getPage(1)
	const [, , width, height] = page.view
	expect(width).toBeGreaterThan(height!)
	const { text } = await extractText(pdf, { mergePages: true })
	expect(text).toContain('Hélène Ngo Biyong')
	expect(text).toContain('La loi-cadre sur l')
	expect(text).toContain(cert.code)
	// The PDF carries its signed credential: an uploaded PDF can be checked.
	expect(await verifyPdf(new Uint8Array(bytes))).toMatchObject({
		status: 'valid',
		code: cert.code,
	})
})

test('the credential is an OpenBadgeCredential whose signature verifies with the published key, and fails after one changed character', async () => {
	const { cert } = await certified()
	const jwks = (await (await jwksLoader()).json()) as Awaited<
		ReturnType<typeof publicJwks>
	>
	const { payload, protectedHeader } = await jwtVerify(
		cert.credential,
		createLocalJWKSet(jwks),
		{ algorithms: ['EdDSA'] },
	)
	expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'JWT' })
	expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential'])
	expect(payload['@context']).toContain('https://www.w3.org/ns/credentials/v2')
	expect(JSON.stringify(credentialJson(cert))).toContain('Aïcha Bennani')

	const [h, p, s] = cert.credential.split('.') as [string, string, string]
	const decoded = Buffer.from(p, 'base64url')
		.toString('utf8')
		.replace('Aïcha Bennani', 'Aïcha Bennany')
	const altered = `${h}.${Buffer.from(decoded).toString('base64url')}.${s}`
	await expect(jwtVerify(altered, createLocalJWKSet(jwks))).rejects.toThrow(
		/signature verification failed/,
	)
	const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`
	await expect(jwtVerify(flipped, createLocalJWKSet(jwks))).rejects.toThrow()
	expect(await verifyToken(altered)).toEqual({ status: 'forged' })
	expect(await verifyToken(cert.credential)).toMatchObject({ status: 'valid' })
	expect(
		await verifyToken(`http://localhost:3000/verify?t=${cert.compact}`),
	).toMatchObject({ status: 'valid', code: cert.code })
})

test('revocation shows on /verify/<code> and in cert:verify; a revoked certificate can be re-issued', async () => {
	const { cert, trainer } = await certified('Omar Alaoui')
	const outsider = await createUser({ role: 'trainer' })
	expect(
		await revokeCertificate(outsider, cert.code, {
			category: 'misconduct',
			reason: 'no right',
		}),
	).toBeNull()
	const revoked = await revokeCertificate(trainer, cert.code, {
		category: 'issuedInError',
		reason: 'Erreur de saisie du nom',
	})
	expect(revoked?.revokedAt).toBeInstanceOf(Date)

	const page = await settle(
		(async () =>
			verifyPage({
				request: await requestAs(null, `/verify/${cert.code}`),
				params: { code: cert.code },
				context: {} as never,
			}))(),
	)
	const data = (await page.json()) as {
		result: { status: string; revokedCategory: string }
	}
	// The public sees the category, never the trainer's words about the person.
	expect(data.result).toMatchObject({
		status: 'revoked',
		revokedCategory: 'issuedInError',
	})
	expect(JSON.stringify(data)).not.toContain('Erreur de saisie du nom')
	expect(JSON.stringify(data)).not.toMatch(/@test\.essor/)

	const run = (arg: string) =>
		spawnSync('npx', ['--no-install', 'tsx', 'scripts/cert-verify.ts', arg], {
			cwd: root,
			encoding: 'utf8',
			env: { ...process.env },
		})
	const byCode = run(cert.code)
	expect(byCode.status).toBe(1)
	expect(byCode.stdout).toContain('REVOKED')
	expect(byCode.stdout).toContain('issued in error')
	expect(byCode.stdout).not.toContain('Erreur de saisie du nom')
	expect(byCode.stdout).toContain('database look-up only')

	const fresh = await reissueCertificate(trainer, cert.code)
	expect(fresh?.code).not.toBe(cert.code)
	expect(await verifyCode(fresh!.code)).toMatchObject({ status: 'valid' })
	expect(await verifyCode(cert.code)).toMatchObject({
		status: 'revoked',
		replacedBy: fresh!.code,
	})

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-cert-'))
	const pdfFile = path.join(dir, 'certificat.pdf')
	fs.writeFileSync(pdfFile, await certificatePdf(fresh!))
	const ok = run(pdfFile)
	expect(ok.stdout).toContain('VALID')
	expect(ok.status).toBe(0)
	const forgedFile = path.join(dir, 'forged.jwt')
	const [h, p, s] = fresh!.credential.split('.') as [string, string, string]
	fs.writeFileSync(
		forgedFile,
		`${h}.${Buffer.from(Buffer.from(p, 'base64url').toString().replace('Omar', 'Omer')).toString('base64url')}.${s}`,
	)
	const forged = run(forgedFile)
	expect(forged.status).toBe(1)
	expect(forged.stdout).toContain('FORGED')
	fs.rmSync(dir, { recursive: true, force: true })
})

test('after a key rotation, old certificates still verify and new ones use the new key', async () => {
	const { cert: old } = await certified('Clarisse Fotso')
	const newKey = await createIssuerKey()
	forgetCachedKeys()
	const { cert: fresh } = await certified('Yassine Tazi')
	expect(fresh.keyId).toBe(newKey.kid)
	expect(old.keyId).not.toBe(newKey.kid)
	expect((await publicJwks()).keys.map((k) => k.kid)).toEqual(
		expect.arrayContaining([old.keyId, newKey.kid]),
	)
	expect(await verifyToken(old.credential)).toMatchObject({ status: 'valid' })
	expect(await verifyToken(fresh.credential)).toMatchObject({ status: 'valid' })
})

test('only the holder, the cohort’s trainers and admins may download a certificate', async () => {
	const { cert, learner, trainer } = await certified()
	const stranger = await createUser()
	const get = async (userId: string) =>
		settle(
			(async () =>
				pdfLoader({
					request: await requestAs(userId, `/certificates/${cert.code}.pdf`),
					params: { code: cert.code },
					context: {} as never,
				}))(),
		)
	expect((await get(learner.id)).headers.get('Content-Type')).toBe(
		'application/pdf',
	)
	expect((await get(trainer.id)).status).toBe(200)
	expect((await get(stranger.id)).status).toBe(404)
})

test('concurrent first signatures share one new key', async () => {
	const keys = await import('#app/certificates/keys.server.ts')
	const { getEnv } = await import('#app/env.server.ts')
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-keys-'))
	// DATA_DIR is read through the validated env: point it at an empty folder for this test.
	const env = getEnv()
	const original = env.DATA_DIR
	env.DATA_DIR = dir
	try {
		keys.forgetCachedKeys()
		const [a, b] = await Promise.all([keys.signingKey(), keys.signingKey()])
		expect(a.kid).toBe(b.kid)
		expect(fs.readdirSync(path.join(dir, 'issuer-keys'))).toHaveLength(1)
	} finally {
		env.DATA_DIR = original
		keys.forgetCachedKeys()
		fs.rmSync(dir, { recursive: true, force: true })
	}
})
