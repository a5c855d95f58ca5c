import http from 'node:http'
import fc from 'fast-check'
import { PDFDocument } from 'pdf-lib'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { MAX_XLSX_UNPACKED_MB } from '#app/cohorts/import/roster.server.ts'
import en from '#app/i18n/locales/en.ts'
import fr from '#app/i18n/locales/fr.ts'
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_MB } from '#app/utils/upload-limits.ts'
import { writeXlsx } from '#tests/fixtures/roster/xlsx.ts'
import { launchBrowser, newPage } from '#tests/support/browser.ts'
import { createWorld, type World } from '#tests/support/world.ts'
import {
	bodyLimitMessage,
	FORM_BODY_LIMIT,
	UPLOAD_BODY_LIMIT,
} from '../../server/request-limits.ts'
import {
	cookieHeader,
	expectHandled,
	fuzzParams,
	hostileBytes,
	hostileString,
	htmlText,
	langs,
	multipartBody,
	post,
	SEED,
	type Lang,
} from './hostile.ts'

/**
 * Uploads against the production server: the roster import (CSV, .xlsx) and
 * verification by PDF. Over the size limit, unreadable, empty, truncated,
 * not what it claims to be: always a 4xx whose message names the problem
 * (the limit, in the person's language), never a 500 or a hung connection,
 * and a large body is never read into memory whole.
 */

const baseURL = inject('baseURL')
const { hostname, port } = new URL(baseURL)
let world: World
let browser: Browser
let cases = 0
const started = Date.now()

beforeAll(async () => {
	world = await createWorld()
	browser = await launchBrowser()
})

afterAll(async () => {
	await browser?.close()
	console.log(
		`hostile uploads: fuzz cases: ${cases} (seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
	)
})

const importUrl = () => `/cohorts/${world.params.cohortId}/import`
const trainerCookie = (lang: Lang) => cookieHeader(world.cookies.trainer, lang)
const messages = { fr, en }

function uploadTo(
	url: string,
	field: string,
	filename: string,
	bytes: Uint8Array,
	lang: Lang,
	type = 'application/octet-stream',
) {
	const { body, contentType } = multipartBody(
		[],
		[{ name: field, filename, type, bytes }],
	)
	return post(baseURL, url, {
		body,
		contentType,
		cookie: url.includes('/import')
			? trainerCookie(lang)
			: cookieHeader(null, lang),
	})
}

/** A raw HTTP/1.1 request, to control Content-Length and how much of the body is really sent. */
function rawRequest(options: {
	path: string
	headers: Record<string, string | number>
	write: (req: http.ClientRequest) => void
	agent?: http.Agent
	timeoutMs?: number
}): Promise<{
	status: number
	body: string
	headers: http.IncomingHttpHeaders
}> {
	return new Promise((resolve, reject) => {
		const req = http.request({
			hostname,
			port,
			path: options.path,
			method: 'POST',
			headers: { Origin: baseURL, ...options.headers },
			agent: options.agent,
		})
		const timer = setTimeout(() => {
			req.destroy()
			reject(
				new Error(
					`No answer within ${options.timeoutMs ?? 20_000} ms: a hung connection`,
				),
			)
		}, options.timeoutMs ?? 20_000)
		req.on('response', (res) => {
			let body = ''
			res.setEncoding('utf8')
			res.on('data', (chunk: string) => (body += chunk))
			res.on('end', () => {
				clearTimeout(timer)
				resolve({ status: res.statusCode ?? 0, body, headers: res.headers })
			})
		})
		// The server may close a connection whose body it refused: only the answer matters.
		req.on('error', (error) => {
			if (
				(error as NodeJS.ErrnoException).code !== 'EPIPE' &&
				(error as NodeJS.ErrnoException).code !== 'ECONNRESET'
			) {
				clearTimeout(timer)
				reject(error)
			}
		})
		options.write(req)
	})
}

function multipartHead(field: string, filename: string, boundary: string) {
	return Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
	)
}

async function expectMessage(
	response: Response,
	lang: Lang,
	expected: string,
	status?: number,
) {
	const checked = await expectHandled(
		response,
		lang,
		`${response.url} [${lang}]`,
	)
	if (status) expect(checked.status).toBe(status)
	else expect(checked.status).toBeGreaterThanOrEqual(400)
	expect(checked.messages.join(' | ')).toContain(expected)
	return checked
}

// ---------------------------------------------------------------- generated files

const rosterHeader = [
	'Nom',
	'Téléphone',
	'Courriel',
	'Commune',
	'Sexe',
	'Année de naissance',
]
const cell = fc.oneof(
	hostileString,
	fc.constantFrom(
		'Awa Mbarga',
		'6 77 12 34 56',
		'awa@example.cm',
		'Douala 3',
		'F',
		'1994',
	),
)
const rosterRows = fc.array(fc.array(cell, { minLength: 1, maxLength: 7 }), {
	minLength: 1,
	maxLength: 6,
})
const csvFrom = (rows: string[][], sep: string) =>
	[rosterHeader, ...rows]
		.map((r) =>
			r
				.map((c) => (/[";\n,]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
				.join(sep),
		)
		.join('\r\n')

/** A file a trainer (or an attacker) might send: a CSV or an .xlsx of hostile cells, whole or cut short, or random bytes. */
const rosterFile: fc.Arbitrary<{
	name: string
	bytes: Uint8Array
	kind: string
}> = fc.oneof(
	fc
		.tuple(rosterRows, fc.constantFrom(';', ',', '\t'))
		.map(([rows, sep]) => ({
			name: 'liste.csv',
			bytes: new Uint8Array(Buffer.from(csvFrom(rows, sep))),
			kind: 'csv',
		})),
	rosterRows.map((rows) => ({
		name: 'liste.xlsx',
		bytes: writeXlsx([rosterHeader, ...rows]),
		kind: 'xlsx',
	})),
	fc
		.tuple(rosterRows, fc.double({ min: 0, max: 1, noNaN: true }))
		.map(([rows, cut]) => {
			const bytes = writeXlsx([rosterHeader, ...rows])
			return {
				name: 'liste.xlsx',
				bytes: bytes.subarray(0, Math.floor(bytes.length * cut)),
				kind: 'truncated xlsx',
			}
		}),
	fc
		.tuple(
			hostileBytes,
			fc.constantFrom(
				'liste.csv',
				'liste.xlsx',
				'liste.xls',
				'liste',
				'liste.ods',
			),
		)
		.map(([bytes, name]) => ({ name, bytes, kind: 'bytes' })),
	fc
		.tuple(
			fc.uint8Array({ maxLength: 200 }),
			fc.constantFrom('liste.xlsx', 'liste.csv'),
		)
		.map(([bytes, name]) => ({
			name,
			bytes: Uint8Array.from([0x50, 0x4b, 3, 4, ...bytes]),
			kind: 'zip-looking',
		})),
	fc
		.tuple(rosterRows, hostileString)
		.map(([rows, name]) => ({
			name: `${name}.csv`,
			bytes: new Uint8Array(Buffer.from(csvFrom(rows, ';'))),
			kind: 'hostile name',
		})),
)

test('import: generated CSV and .xlsx files, whole, truncated or garbage, with hostile names', async () => {
	await fc.assert(
		fc.asyncProperty(rosterFile, langs, async (file, lang) => {
			cases++
			const response = await uploadTo(
				importUrl(),
				'file',
				file.name,
				file.bytes,
				lang,
			)
			const label = `import ${file.kind} ${JSON.stringify(file.name.slice(0, 40))} (${file.bytes.length} bytes) [${lang}]`
			const { status } = await expectHandled(response, lang, label)
			if (status >= 300 && status < 400) {
				// The preview page shows every row and problem of the file: it must render too.
				const preview = await fetch(
					new URL(response.headers.get('Location')!, baseURL),
					{ headers: { Cookie: trainerCookie(lang) } },
				)
				expect(preview.status, `${label}: preview ${preview.status}`).toBe(200)
			}
		}),
		fuzzParams(60, 100),
	)
})

test('import: empty, garbage, truncated, old Excel, zip bomb: each gets its own message', async () => {
	const xlsx = writeXlsx([
		rosterHeader,
		['Awa Mbarga', '677123456', 'awa@example.cm', 'Douala 3', 'F', '1994'],
	])
	const bomb = writeXlsx([
		['Nom', 'Téléphone'],
		['A'.repeat((MAX_XLSX_UNPACKED_MB + 5) * 1024 * 1024), 677123456],
	])
	const files: [string, Uint8Array, (lang: Lang) => string][] = [
		['vide.csv', new Uint8Array(), (l) => messages[l].import.page.noFile],
		[
			'binaire.csv',
			Uint8Array.from([0x4e, 0x6f, 0x6d, 0, 1, 2, 0xff, 0xfe]),
			(l) => messages[l].import.fileProblems.unreadable,
		],
		[
			'coupe.xlsx',
			xlsx.subarray(0, Math.floor(xlsx.length / 2)),
			(l) => messages[l].import.fileProblems.unreadable,
		],
		[
			'ancien.xls',
			Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
			(l) =>
				messages[l].import.fileProblems.unsupportedType.replace(
					'{{detail}}',
					'.xls',
				),
		],
		[
			'bombe.xlsx',
			bomb,
			(l) =>
				messages[l].import.fileProblems.tooLargeUnpacked.replace(
					'{{detail}}',
					String(MAX_XLSX_UNPACKED_MB),
				),
		],
		[
			'titre.csv',
			new Uint8Array(Buffer.from('Liste des participants\nrien;de;reconnu\n')),
			(l) => messages[l].import.fileProblems.noHeader,
		],
	]
	expect(bomb.length).toBeLessThan(MAX_UPLOAD_BYTES)
	for (const [name, bytes, message] of files) {
		for (const lang of ['fr', 'en'] as Lang[]) {
			cases++
			await expectMessage(
				await uploadTo(importUrl(), 'file', name, bytes, lang),
				lang,
				message(lang),
				400,
			)
		}
	}
	// A confirmation without a preview to confirm, and a form without its file.
	cases += 2
	await expectMessage(
		await post(baseURL, importUrl(), {
			body: 'batchId=',
			contentType: 'application/x-www-form-urlencoded',
			cookie: trainerCookie('fr'),
		}),
		'fr',
		fr.import.page.noFile,
		400,
	)
	const noFile = multipartBody([['other', 'x']])
	await expectMessage(
		await post(baseURL, importUrl(), {
			...noFile,
			cookie: trainerCookie('en'),
		}),
		'en',
		en.import.page.noFile,
		400,
	)
	// A multipart body cut short or without its boundary.
	cases += 2
	await expectMessage(
		await post(baseURL, importUrl(), {
			body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nNom',
			contentType: 'multipart/form-data; boundary=x',
			cookie: trainerCookie('fr'),
		}),
		'fr',
		fr.import.page.unreadableForm,
		400,
	)
	await expectMessage(
		await post(baseURL, importUrl(), {
			body: 'Nom;Téléphone',
			contentType: 'multipart/form-data',
			cookie: trainerCookie('fr'),
		}),
		'fr',
		fr.import.page.unreadableForm,
		400,
	)
})

const tooLargeImport = (lang: Lang) =>
	messages[lang].import.page.tooLarge.replace(
		'{{detail}}',
		String(MAX_UPLOAD_MB),
	)
const tooLargePdf = (lang: Lang) =>
	messages[lang].certificates.verify.tooLarge.replace(
		'{{max}}',
		String(MAX_UPLOAD_MB),
	)

test(`a file just over ${MAX_UPLOAD_MB} MB: a 413 naming the limit, in the person's language`, async () => {
	const over = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x41)
	for (const lang of ['fr', 'en'] as Lang[]) {
		cases += 2
		await expectMessage(
			await uploadTo(importUrl(), 'file', 'liste.csv', over, lang),
			lang,
			tooLargeImport(lang),
			413,
		)
		await expectMessage(
			await uploadTo(
				'/verify',
				'pdf',
				'certificat.pdf',
				over,
				lang,
				'application/pdf',
			),
			lang,
			tooLargePdf(lang),
			413,
		)
	}
	// Exactly at the limit is read (and then judged on its content).
	cases++
	const atLimit = new Uint8Array(MAX_UPLOAD_BYTES).fill(0x41)
	await expectMessage(
		await uploadTo(importUrl(), 'file', 'liste.csv', atLimit, 'fr'),
		'fr',
		fr.import.fileProblems.noHeader,
		400,
	)
})

test('12 MB, between the file limit and the body limit: the route stops at 5 MB and answers; the rest is dropped, the connection stays usable', async () => {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
	try {
		for (const [path, field] of [
			[importUrl(), 'file'],
			['/verify', 'pdf'],
		] as const) {
			cases++
			const boundary = 'twelve-megabytes'
			const body = Buffer.concat([
				multipartHead(field, 'gros.pdf', boundary),
				Buffer.alloc(12 * 1024 * 1024, 0x41),
				Buffer.from(`\r\n--${boundary}--\r\n`),
			])
			const answer = await rawRequest({
				path,
				agent,
				headers: {
					'Content-Type': `multipart/form-data; boundary=${boundary}`,
					'Content-Length': body.length,
					Cookie: trainerCookie('fr'),
				},
				write: (req) => req.end(body),
			})
			expect(answer.status, answer.body.slice(0, 300)).toBe(413)
			expect(htmlText(answer.body)).toContain(
				path === '/verify' ? tooLargePdf('fr') : tooLargeImport('fr'),
			)
			// The same keep-alive connection answers the next request: nothing is left hanging.
			const health = await new Promise<number>((resolve, reject) => {
				http
					.get({ hostname, port, path: '/healthz', agent }, (res) => {
						res.resume()
						resolve(res.statusCode ?? 0)
					})
					.on('error', reject)
			})
			expect(health).toBe(200)
		}
	} finally {
		agent.destroy()
	}
})

test('50 MB announced: refused at once with a 413 naming the limits, before the body is sent (never buffered)', async () => {
	for (const [path, type] of [
		[importUrl(), 'multipart/form-data; boundary=fifty'],
		['/verify', 'multipart/form-data; boundary=fifty'],
		['/forgot-password', 'application/x-www-form-urlencoded'],
		['/login', 'application/x-www-form-urlencoded'],
	] as const) {
		for (const lang of ['fr', 'en'] as Lang[]) {
			cases++
			let sent = 0
			const answer = await rawRequest({
				path,
				headers: {
					'Content-Type': type,
					'Content-Length': 50 * 1024 * 1024,
					Cookie: trainerCookie(lang),
				},
				// Only the first 256 KB are sent: the answer must come without the rest.
				write: (req) => {
					const chunk = Buffer.alloc(256 * 1024, 0x41)
					sent += chunk.length
					req.write(chunk)
				},
				timeoutMs: 10_000,
			})
			expect(answer.status, `${path}: ${answer.body.slice(0, 200)}`).toBe(413)
			expect(answer.body.trim()).toBe(bodyLimitMessage('tooLarge', lang))
			expect(answer.body).toContain(`${MAX_UPLOAD_MB} M`)
			expect(sent).toBeLessThan(1024 * 1024)
		}
	}
	// Just over the form limit: refused as well; just under: read.
	cases += 2
	const justOver = await post(baseURL, '/forgot-password', {
		body: `identifier=${'a'.repeat(FORM_BODY_LIMIT)}`,
		contentType: 'application/x-www-form-urlencoded',
		cookie: 'lng=fr',
	})
	expect(justOver.status).toBe(413)
	expect((await justOver.text()).trim()).toBe(
		bodyLimitMessage('tooLarge', 'fr'),
	)
	await expectMessage(
		await post(baseURL, '/forgot-password', {
			body: `identifier=${'a'.repeat(FORM_BODY_LIMIT - 20)}`,
			contentType: 'application/x-www-form-urlencoded',
			cookie: 'lng=fr',
		}),
		'fr',
		' : 254 caractères au maximum.',
		400,
	)
	expect(UPLOAD_BODY_LIMIT).toBeGreaterThan(MAX_UPLOAD_BYTES)
})

test('a body without a length (chunked), or of another type, is refused with its reason', async () => {
	cases += 2
	const chunked = await rawRequest({
		path: '/forgot-password',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			'Transfer-Encoding': 'chunked',
			Cookie: 'lng=en',
		},
		write: (req) => req.end('identifier=a'),
	})
	expect(chunked.status).toBe(411)
	expect(chunked.body.trim()).toBe(bodyLimitMessage('lengthRequired', 'en'))
	const json = await post(baseURL, '/verify', {
		body: '{"token":"x"}',
		contentType: 'application/json',
		cookie: 'lng=fr',
	})
	expect(json.status).toBe(415)
	expect((await json.text()).trim()).toBe(
		bodyLimitMessage('unsupportedType', 'fr'),
	)
})

test('verification: no credential, not a PDF, nothing sent, a cut PDF, a real one', async () => {
	const blank = await PDFDocument.create()
	blank.addPage()
	blank.setKeywords(['essor', 'certificat'])
	const blankPdf = await blank.save()
	const real = new Uint8Array(
		await (
			await fetch(`${baseURL}/certificates/${world.params.code}.pdf`, {
				headers: { Cookie: world.cookies.learner! },
			})
		).arrayBuffer(),
	)
	expect(Buffer.from(real.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
	const png = Uint8Array.from([
		0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13,
	])
	for (const lang of ['fr', 'en'] as Lang[]) {
		const v = messages[lang].certificates.verify
		cases += 5
		await expectMessage(
			await uploadTo(
				'/verify',
				'pdf',
				'certificat.pdf',
				blankPdf,
				lang,
				'application/pdf',
			),
			lang,
			v.noCredential,
			400,
		)
		await expectMessage(
			await uploadTo(
				'/verify',
				'pdf',
				'photo.pdf',
				png,
				lang,
				'application/pdf',
			),
			lang,
			v.notPdf,
			400,
		)
		await expectMessage(
			await post(baseURL, '/verify', {
				...multipartBody([['token', '   ']]),
				cookie: cookieHeader(null, lang),
			}),
			lang,
			v.missing,
			400,
		)
		await expectMessage(
			await uploadTo(
				'/verify',
				'pdf',
				'coupe.pdf',
				real.subarray(0, Math.floor(real.length / 3)),
				lang,
				'application/pdf',
			),
			lang,
			v.noCredential,
			400,
		)
		const ok = await uploadTo(
			'/verify',
			'pdf',
			'certificat.pdf',
			real,
			lang,
			'application/pdf',
		)
		expect(ok.status).toBe(200)
		expect(await ok.text()).toContain(v.valid)
	}
	// A pasted attestation as a plain form (no file field at all).
	cases++
	const pasted = await post(baseURL, '/verify', {
		body: new URLSearchParams({
			token: world.certificate.credential!,
		}).toString(),
		contentType: 'application/x-www-form-urlencoded',
		cookie: 'lng=fr',
	})
	expect(pasted.status).toBe(200)
})

test('in Chromium: an 8 MB file gets the message in the page, on the import page (JavaScript) and the verification page (none); 40 MB gets the server’s', async () => {
	const eight = {
		name: 'gros.xlsx',
		mimeType: 'application/octet-stream',
		buffer: Buffer.alloc(8 * 1024 * 1024, 0x41),
	}
	const forty = {
		name: 'enorme.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.alloc(40 * 1024 * 1024, 0x41),
	}
	const { context, page } = await newPage(browser)
	try {
		await context.addCookies([
			{
				name: 'essor_session',
				value: world.cookies.trainer!.split('=')[1]!,
				url: baseURL,
			},
		])
		await page.goto(`${baseURL}${importUrl()}`)
		await page.waitForLoadState('networkidle')
		await page.setInputFiles('input[type=file]', eight)
		await page.getByRole('button', { name: fr.import.page.preview }).click()
		await expect
			.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 })
			.toContain(tooLargeImport('fr'))

		await page.goto(`${baseURL}/verify`)
		await page.setInputFiles('input[type=file]', eight)
		await page
			.locator('form[enctype="multipart/form-data"] button[type=submit]')
			.click()
		await expect
			.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 })
			.toContain(tooLargePdf('fr'))

		await page.goto(`${baseURL}/verify`)
		await page.setInputFiles('input[type=file]', forty)
		await page
			.locator('form[enctype="multipart/form-data"] button[type=submit]')
			.click()
		await expect
			.poll(() => page.locator('body').textContent(), { timeout: 30_000 })
			.toContain(bodyLimitMessage('tooLarge', 'fr'))
		cases += 3
	} finally {
		await context.close()
	}
})
