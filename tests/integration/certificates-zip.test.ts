import { unzipSync } from 'fflate'
import { extractText, getDocumentProxy } from 'unpdf'
import { beforeAll, expect, test } from 'vitest'
import { certificatePdf } from '#app/certificates/documents.server.ts'
import {
	activeCohortCertificates,
	issueInPerson,
} from '#app/certificates/issue.server.ts'
import { verifyPdf } from '#app/certificates/verify.server.ts'
import { certificatesZip, zipEntryName } from '#app/certificates/zip.server.ts'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { prisma } from '#app/db.server.ts'
import { loader as zipLoader } from '#app/routes/cohorts.$cohortId.certificates[.]zip.ts'
import { createUser, requestAs, settle } from '#tests/support/factories.ts'

const NAMES = [
	'Aïcha Bennani',
	'Samuel Tchoua',
	'Hélène Ngo Biyong',
	'Fatima Zahra El Idrissi',
	'Jean-Pierre N’Diaye',
	'Awa Mbarga',
	'فاطمة الزهراء بنعلي',
]

let trainer: Awaited<ReturnType<typeof createUser>>
let cohortId = ''

beforeAll(async () => {
	trainer = await createUser({ role: 'trainer', name: 'Mireille Ebongue' })
	const cohort = await createCohort(trainer, {
		name: 'Bootcamp de Garoua',
		programme: 'PAJER-U',
		kind: 'entrepreneurship',
		courses: ['creer-son-entreprise'],
		country: 'CM',
		region: 'Nord',
		communes: ['Garoua 1er'],
		startDate: new Date('2026-01-05'),
		endDate: new Date('2026-12-18'),
		capacity: null,
	})
	cohortId = cohort.id
	const learners = await Promise.all(NAMES.map((name) => createUser({ name })))
	await prisma.enrollment.createMany({
		data: learners.map((l) => ({ cohortId, userId: l.id })),
	})
	await issueInPerson(trainer, cohortId, {
		userIds: learners.map((l) => l.id),
		title: 'Bootcamp',
		description: 'Trois jours',
		hours: 16,
		date: new Date('2026-03-02'),
	})
})

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>) {
	const chunks: Uint8Array[] = []
	for (;;) {
		const { done, value } = await reader.read()
		if (done) break
		chunks.push(value)
	}
	return Buffer.concat(chunks)
}

test('the ZIP streams: its first bytes come while only the next two PDFs are under way, and the rest as it is read', async () => {
	const certificates = await activeCohortCertificates(cohortId)
	expect(certificates).toHaveLength(NAMES.length)
	let made = 0
	const reader = certificatesZip(certificates, {
		ahead: 2,
		makePdf: async (cert) => {
			made++
			return certificatePdf(cert)
		},
	}).getReader()
	expect(made).toBe(0)
	const first = await reader.read()
	expect(first.done).toBe(false)
	expect(Buffer.from(first.value!.subarray(0, 4))).toEqual(
		Buffer.from([0x50, 0x4b, 0x03, 0x04]), // a ZIP local file header
	)
	expect(made).toBe(2)
	const rest = await readAll(reader)
	expect(made).toBe(NAMES.length)
	const files = unzipSync(Buffer.concat([first.value!, rest]))
	expect(Object.keys(files).sort()).toEqual(
		certificates.map((c) => zipEntryName(c)).sort(),
	)
	expect(Object.keys(files).every((name) => /^[\w-]+\.pdf$/.test(name))).toBe(
		true,
	)
	const aicha = certificates.find((c) => c.holderName === 'Aïcha Bennani')!
	expect(zipEntryName(aicha)).toBe(`Aicha_Bennani-${aicha.code}.pdf`)
	expect(await verifyPdf(files[zipEntryName(aicha)]!)).toMatchObject({
		status: 'valid',
		code: aicha.code,
	})
})

test('a download cancelled after its first bytes makes no more PDFs', async () => {
	const certificates = await activeCohortCertificates(cohortId)
	for (const ahead of [1, 3]) {
		let made = 0
		const reader = certificatesZip(certificates, {
			ahead,
			makePdf: async (cert) => {
				made++
				return certificatePdf(cert)
			},
		}).getReader()
		await reader.read()
		await reader.cancel()
		await new Promise((resolve) => setTimeout(resolve, 50))
		expect(made).toBe(ahead)
	}
})

test('a PDF that fails ends the download with that error, not a ZIP cut short without one', async () => {
	const certificates = await activeCohortCertificates(cohortId)
	const reader = certificatesZip(certificates, {
		ahead: 3,
		makePdf: async (cert) => {
			if (cert.code === certificates[1]!.code) throw new Error('font missing')
			return certificatePdf(cert)
		},
	}).getReader()
	await expect(readAll(reader)).rejects.toThrow('font missing')
})

test('the trainer’s download: every active certificate of the cohort, one PDF each', async () => {
	const response = await settle(
		zipLoader({
			request: await requestAs(
				trainer.id,
				`/cohorts/${cohortId}/certificates.zip`,
			),
			params: { cohortId },
			context: { cspNonce: 'test' },
		}),
	)
	expect(response.status).toBe(200)
	expect(response.headers.get('Content-Type')).toBe('application/zip')
	expect(response.headers.get('Content-Disposition')).toBe(
		`attachment; filename="certificats-Bootcamp de Garoua.zip"; filename*=UTF-8''certificats-Bootcamp%20de%20Garoua.zip`,
	)
	const files = unzipSync(new Uint8Array(await response.arrayBuffer()))
	expect(Object.keys(files)).toHaveLength(NAMES.length)
	// Drawn two at a time, each one is its holder's own signed certificate.
	for (const cert of await activeCohortCertificates(cohortId)) {
		const pdf = files[zipEntryName(cert)]!
		expect(await verifyPdf(pdf)).toMatchObject({
			status: 'valid',
			code: cert.code,
		})
		const { text } = await extractText(await getDocumentProxy(pdf.slice()), {
			mergePages: true,
		})
		expect(text).toContain(cert.holderName)
		expect(text).toContain(cert.code)
	}
})
