/**
 * npm run bench [-- --quick] [-- --label before|after]
 *
 * Builds Essor, starts it in production mode on 127.0.0.1 with a fresh
 * database at programme scale, measures what learners and trainers feel, and
 * writes bench/results.json. All load stays on loopback and is bounded in time.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { chromium } from 'playwright-core'
import { CHROMIUM_FLAGS, findChromium } from '../tests/support/chromium.ts'
import { freePort } from '../tests/support/server.ts'
import { ensureBuild, root } from '../scripts/lib/build.mjs'
import { percentile } from './percentile.ts'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const label = args.includes('--label')
	? args[args.indexOf('--label') + 1]
	: undefined
const scale = quick
	? {
			cohorts: 2,
			learners: 25,
			certificates: 20,
			loadSeconds: 2,
			connections: 10,
			samples: 10,
			generate: 10,
			verify: 50,
			zip: [5, 20],
		}
	: {
			cohorts: 10,
			learners: 500,
			certificates: 2000,
			loadSeconds: 10,
			connections: 50,
			samples: 50,
			generate: 500,
			verify: 1000,
			zip: [50, 500],
		}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-bench-'))
const databaseFile = path.join(work, 'essor.db')
process.env.NODE_ENV = 'production'
process.env.DATABASE_URL = `file:${databaseFile}`
process.env.DATA_DIR = work
process.env.SEED_DEMO = '0'
// This process seeds in bulk (slow inserts by design): no slow-query log here;
// the server keeps the caller's value or the production default.
const serverSlowQueryMs = process.env.SLOW_QUERY_MS ?? ''
process.env.SLOW_QUERY_MS = '0'

const log = (...m: unknown[]) => console.error('[bench]', ...m)
const ms = (n: number) => Math.round(n * 10) / 10

async function main() {
	const startedAt = new Date()
	log(`mode: ${quick ? 'quick' : 'full'}; work dir ${work}`)
	ensureBuild()

	// 1. Fresh database at programme scale, seeded in this process.
	const { applyMigrations } = await import('#app/db/migrate.server.ts')
	await applyMigrations(databaseFile)
	const { prisma } = await import('#app/db.server.ts')
	const { seedIfEmpty } = await import('../prisma/seed.ts')
	const { seedProgramme } = await import('../prisma/seed-programme.ts')
	const { createSession, SESSION_COOKIE } =
		await import('#app/auth/session.server.ts')
	const seedStart = performance.now()
	await seedIfEmpty(prisma)
	const trainer = await prisma.user.findFirstOrThrow({
		where: { email: 'formatrice@essor.demo' },
	})
	const admin = await prisma.user.findFirstOrThrow({
		where: { email: 'admin@essor.demo' },
	})
	const learner = await prisma.user.findFirstOrThrow({
		where: { email: 'apprenant@essor.demo' },
	})
	const cohorts = await seedProgramme(prisma, {
		cohorts: scale.cohorts,
		learnersPerCohort: scale.learners,
		trainerId: trainer.id,
		seed: 7,
	})
	const { issueCertificateForCompletion, issueInPerson } =
		await import('#app/certificates/issue.server.ts')
	const completions = await prisma.courseCompletion.findMany({
		take: scale.certificates,
		orderBy: { completedAt: 'asc' },
	})
	for (const c of completions) await issueCertificateForCompletion(c)
	const missing = scale.certificates - (await prisma.certificate.count())
	if (missing > 0) {
		const people = await prisma.enrollment.findMany({
			where: { cohortId: cohorts[0]!.cohortId },
			take: missing,
			select: { userId: true },
		})
		await issueInPerson(trainer, cohorts[0]!.cohortId, {
			userIds: people.map((p) => p.userId),
			title: 'Bootcamp',
			description: 'Bootcamp',
			hours: 16,
			date: new Date(),
		})
	}
	const totals = {
		learners: await prisma.enrollment.count(),
		cohorts: await prisma.cohort.count(),
		lessonProgress: await prisma.lessonProgress.count(),
		certificates: await prisma.certificate.count(),
	}
	log(`seeded in ${Math.round(performance.now() - seedStart)} ms:`, totals)
	const cookie = async (userId: string) =>
		`${SESSION_COOKIE}=${(await createSession(userId)).token}`
	const [learnerCookie, trainerCookie, adminCookie] = [
		await cookie(learner.id),
		await cookie(trainer.id),
		await cookie(admin.id),
	]

	// 2. The app, as `npm start` runs it.
	const port = await freePort()
	const base = `http://127.0.0.1:${port}`
	// Older checkouts (for before/after runs) started through tsx.
	const launcher = fs.existsSync(path.join(root, 'scripts/start.mjs'))
		? ['scripts/start.mjs']
		: ['--import', 'tsx', 'scripts/start.ts']
	const server = spawn(process.execPath, launcher, {
		cwd: root,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			APP_URL: base,
			INSECURE_COOKIES: '1',
			// The demo accounts this process seeded sign in (a local-only server).
			SEED_DEMO: 'auto',
			SLOW_QUERY_MS: serverSlowQueryMs,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let serverLog = ''
	server.stdout.on('data', (d) => (serverLog += d))
	server.stderr.on('data', (d) => (serverLog += d))
	const deadline = Date.now() + 120_000
	while (
		!(await fetch(`${base}/healthz`)
			.then((r) => r.ok)
			.catch(() => false))
	) {
		if (Date.now() > deadline || server.exitCode !== null)
			throw new Error(`server did not start:\n${serverLog}`)
		await new Promise((r) => setTimeout(r, 200))
	}
	const rss = () => {
		const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8')
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024
	}

	try {
		const lessonPath =
			'/courses/creer-son-entreprise/couts-et-seuil-de-rentabilite'
		const results: Record<string, unknown> = {}

		// 4. Trainer pages: server time over sequential requests.
		async function timed(
			url: string,
			headers: Record<string, string>,
			n = scale.samples,
		) {
			const times: number[] = []
			for (let i = 0; i < n; i++) {
				const t = performance.now()
				// No redirect followed: a refused session would measure the sign-in page.
				const res = await fetch(url, { headers, redirect: 'manual' })
				await res.arrayBuffer()
				if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
				times.push(performance.now() - t)
			}
			return {
				p50: ms(percentile(times, 50)),
				p95: ms(percentile(times, 95)),
				samples: n,
			}
		}
		results.dashboard = {
			learners: scale.learners,
			...(await timed(`${base}/cohorts/${cohorts[0]!.cohortId}`, {
				cookie: trainerCookie,
			})),
		}
		results.programmeReport = {
			learners: totals.learners,
			...(await timed(`${base}/reports`, { cookie: adminCookie })),
		}
		log('dashboard', results.dashboard, 'report', results.programmeReport)

		// 5. CSV export of the whole programme: time and the server's peak memory.
		const before = rss()
		let peak = before
		const poll = setInterval(() => (peak = Math.max(peak, rss())), 10)
		const t0 = performance.now()
		const csv = await fetch(`${base}/reports/export.csv`, {
			headers: { cookie: adminCookie },
			redirect: 'manual',
		})
		if (!csv.headers.get('Content-Type')?.startsWith('text/csv'))
			throw new Error(`CSV export: ${csv.status}`)
		const csvBytes = (await csv.arrayBuffer()).byteLength
		const exportMs = performance.now() - t0
		clearInterval(poll)
		results.csvExport = {
			rows: totals.learners,
			bytes: csvBytes,
			ms: ms(exportMs),
			rssBeforeMB: ms(before / 2 ** 20),
			rssPeakMB: ms(peak / 2 ** 20),
		}
		log('csv', results.csvExport)

		// 6. Certificates: generate (sign + store + PDF) and verify, in this process.
		const { certificatePdf } =
			await import('#app/certificates/documents.server.ts')
		const { verifyToken } = await import('#app/certificates/verify.server.ts')
		const people = await prisma.enrollment.findMany({
			where: { cohortId: cohorts[1]!.cohortId },
			take: scale.generate,
			select: { userId: true },
		})
		const g0 = performance.now()
		await issueInPerson(trainer, cohorts[1]!.cohortId, {
			userIds: people.map((p) => p.userId),
			title: 'Atelier de restitution',
			description: 'Atelier',
			hours: 8,
			date: new Date('2026-11-20'),
		})
		const signMs = performance.now() - g0
		const issued = await prisma.certificate.findMany({
			where: {
				cohortId: cohorts[1]!.cohortId,
				title: 'Atelier de restitution',
			},
		})
		let pdfBytes = 0
		const p0 = performance.now()
		for (const cert of issued)
			pdfBytes += (await certificatePdf(cert)).byteLength
		const pdfMs = performance.now() - p0
		const sample = await prisma.certificate.findMany({
			take: scale.verify,
			select: { credential: true },
		})
		const v0 = performance.now()
		const statuses: Record<string, number> = {}
		for (let i = 0; i < scale.verify; i++) {
			const { status } = await verifyToken(
				sample[i % sample.length]!.credential,
			)
			statuses[status] = (statuses[status] ?? 0) + 1
		}
		const valid = statuses.valid ?? 0
		const verifyMs = performance.now() - v0
		results.certificates = {
			generated: issued.length,
			signAndStoreMs: ms(signMs),
			pdfMs: ms(pdfMs),
			totalMs: ms(signMs + pdfMs),
			averagePdfKB: ms(pdfBytes / issued.length / 1024),
			verified: scale.verify,
			valid,
			statuses,
			verifyMs: ms(verifyMs),
		}
		log('certificates', results.certificates)

		// 6b. A cohort's certificates as one ZIP download: the server's peak
		// memory while it makes and streams 50 and 500 PDFs to a reader at full
		// speed, and to one that stops reading for 2 s after the first bytes
		// (a phone on a poor connection): the PDFs are made as they are read.
		const { createCohort } = await import('#app/cohorts/cohorts.server.ts')
		const zipPeople = await prisma.enrollment.findMany({
			where: { cohortId: { in: cohorts.map((c) => c.cohortId) } },
			distinct: ['userId'],
			take: Math.max(...scale.zip),
			select: { userId: true },
		})
		async function downloadZip(cohortId: string, stallMs = 0) {
			const before = rss()
			let peak = before
			const poll = setInterval(() => (peak = Math.max(peak, rss())), 10)
			const t0 = performance.now()
			const res = await fetch(`${base}/cohorts/${cohortId}/certificates.zip`, {
				headers: { cookie: trainerCookie },
				redirect: 'manual',
			})
			if (!res.body || res.headers.get('Content-Type') !== 'application/zip')
				throw new Error(`ZIP: ${res.status} ${res.url}`)
			const reader = res.body.getReader()
			let bytes = 0
			for (;;) {
				const { done, value } = await reader.read()
				if (done) break
				if (bytes === 0 && stallMs)
					await new Promise((r) => setTimeout(r, stallMs))
				bytes += value.byteLength
			}
			const elapsed = performance.now() - t0
			clearInterval(poll)
			return {
				bytes,
				ms: ms(elapsed),
				rssBeforeMB: ms(before / 2 ** 20),
				rssPeakMB: ms(peak / 2 ** 20),
			}
		}
		const zipRuns: Array<Record<string, number | string>> = []
		for (const size of scale.zip) {
			const cohort = await createCohort(trainer, {
				name: `Téléchargement de ${size} certificats`,
				programme: 'Bench',
				kind: 'entrepreneurship',
				courses: ['creer-son-entreprise'],
				country: 'CM',
				region: 'Centre',
				communes: [],
				startDate: new Date('2026-01-05'),
				endDate: new Date('2026-12-18'),
				capacity: null,
			})
			const userIds = zipPeople.slice(0, size).map((p) => p.userId)
			await prisma.enrollment.createMany({
				data: userIds.map((userId) => ({ cohortId: cohort.id, userId })),
			})
			await issueInPerson(trainer, cohort.id, {
				userIds,
				title: 'Bootcamp',
				description: 'Bootcamp',
				hours: 16,
				date: new Date('2026-11-21'),
			})
			const pdfs = await prisma.certificate.count({
				where: { cohortId: cohort.id, revokedAt: null },
			})
			zipRuns.push({
				pdfs,
				reader: 'full speed',
				...(await downloadZip(cohort.id)),
			})
			if (size === Math.max(...scale.zip))
				zipRuns.push({
					pdfs,
					reader: 'stops 2 s',
					...(await downloadZip(cohort.id, 2000)),
				})
		}
		results.certificateZip = zipRuns
		log('certificate ZIP', results.certificateZip)

		// 6a. Hostile imports: a zip bomb and a row of a million cells are refused or cut short, not unpacked or read whole.
		const { parseRoster } = await import('#app/cohorts/import/roster.server.ts')
		const { writeXlsx } = await import('../tests/fixtures/roster/xlsx.ts')
		const bomb = writeXlsx([
			['Nom', 'Téléphone'],
			['A'.repeat(25 * 1024 * 1024), 677123456],
		])
		const wide = new TextEncoder().encode(
			`Nom;Téléphone\nAwa;677123456${';x'.repeat(1_000_000)}\n`,
		)
		const h0 = performance.now()
		const bombResult = await parseRoster(bomb, 'liste.xlsx')
		const h1 = performance.now()
		const wideResult = await parseRoster(wide, 'liste.csv')
		const h2 = performance.now()
		results.hostileImports = {
			zipBombKB: ms(bomb.length / 1024),
			zipBombMs: ms(h1 - h0),
			zipBombOutcome: bombResult.ok ? 'parsed' : bombResult.problem.code,
			millionCellRowKB: ms(wide.length / 1024),
			millionCellRowMs: ms(h2 - h1),
			millionCellRowOutcome: wideResult.ok
				? `${wideResult.rows.length} row(s)`
				: wideResult.problem.code,
		}
		log('hostile imports', results.hostileImports)

		// 6c. Throughput (after the timings above, so that their garbage does not weigh on them) against a bare http server serving the same bytes.
		async function load(url: string, headers: Record<string, string> = {}) {
			const r = await autocannon({
				url,
				connections: scale.connections,
				duration: scale.loadSeconds,
				headers: { 'accept-encoding': 'gzip', ...headers },
			})
			return {
				requestsPerSec: Math.round(r.requests.average),
				p50: r.latency.p50,
				p99: r.latency.p99,
				errors: r.errors + r.non2xx,
			}
		}
		async function staticTwin(
			pathname: string,
			headers: Record<string, string> = {},
		) {
			const res = await fetch(`${base}${pathname}`, { headers })
			const body = Buffer.from(await res.arrayBuffer())
			const twin = http.createServer((_req, out) => {
				out.writeHead(200, {
					'Content-Type': 'text/html; charset=utf-8',
					'Content-Length': body.length,
				})
				out.end(body)
			})
			await new Promise<void>((r) => twin.listen(0, '127.0.0.1', r))
			const address = twin.address() as { port: number }
			const measured = await load(`http://127.0.0.1:${address.port}${pathname}`)
			twin.close()
			return { bytes: body.length, ...measured }
		}
		for (const [name, pathname, headers] of [
			['lesson', lessonPath, { cookie: learnerCookie }],
			['catalog', '/courses', {}],
		] as const) {
			const essor = await load(`${base}${pathname}`, headers)
			const bare = await staticTwin(pathname, headers)
			results[name] = {
				essor,
				static: bare,
				ratio:
					Math.round((essor.requestsPerSec / bare.requestsPerSec) * 1000) /
					1000,
			}
			log(name, results[name])
		}

		// 7. Page weight in Chromium, first and repeat visit; text without JavaScript.
		const executablePath = findChromium()
		if (executablePath) {
			const browser = await chromium.launch({
				executablePath,
				args: CHROMIUM_FLAGS,
			})
			const context = await browser.newContext({
				extraHTTPHeaders: { cookie: learnerCookie },
			})
			const page = await context.newPage()
			const cdp = await context.newCDPSession(page)
			await cdp.send('Network.enable')
			const byType = () => ({
				html: 0,
				css: 0,
				js: 0,
				font: 0,
				image: 0,
				other: 0,
			})
			let current = byType()
			const types = new Map<string, string>()
			cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type))
			cdp.on('Network.loadingFinished', (e) => {
				const kind =
					{
						Document: 'html',
						Stylesheet: 'css',
						Script: 'js',
						Font: 'font',
						Image: 'image',
					}[types.get(e.requestId) ?? ''] ?? 'other'
				current[kind as keyof typeof current] += e.encodedDataLength
			})
			const visit = async () => {
				current = byType()
				await page.goto(`${base}${lessonPath}`, { waitUntil: 'networkidle' })
				const sum = Object.values(current).reduce((a, b) => a + b, 0)
				return { ...current, total: sum }
			}
			const first = await visit()
			const repeat = await visit()
			const noJs = await browser.newContext({ javaScriptEnabled: false })
			const plain = await noJs.newPage()
			await plain.goto(`${base}${lessonPath}`)
			const text = (await plain.locator('main').innerText()).length
			results.pageWeight = {
				firstVisitBytes: first,
				repeatVisitBytes: repeat,
				readableWithoutJavaScript: text > 1500,
				textCharacters: text,
			}
			log('page weight', results.pageWeight)
			await browser.close()
		} else {
			results.pageWeight = { skipped: 'no Chromium found' }
		}

		results.serverRssAfterLoadMB = ms(rss() / 2 ** 20)
		const report = {
			date: startedAt.toISOString(),
			label: label ?? null,
			mode: quick ? 'quick' : 'full',
			machine: {
				cpus: os.cpus().length,
				cpuModel: os.cpus()[0]?.model,
				memoryGB: ms(os.totalmem() / 2 ** 30),
				node: process.version,
				platform: `${os.type()} ${os.release()}`,
			},
			scale: { ...scale, ...totals },
			results,
		}
		printTable(report.results as Results)
		const out = path.join(
			root,
			'bench',
			quick ? 'results.quick.json' : 'results.json',
		)
		fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
		log(`wrote ${path.relative(root, out)}`)
	} finally {
		server.kill('SIGTERM')
		await prisma.$disconnect()
		fs.rmSync(work, { recursive: true, force: true })
	}
}

type Load = { requestsPerSec: number; p50: number; p99: number }
type Results = {
	lesson: { essor: Load; static: Load; ratio: number }
	catalog: { essor: Load; static: Load; ratio: number }
	dashboard: { p50: number; p95: number }
	programmeReport: { p50: number; p95: number; learners: number }
	csvExport: { ms: number; rssPeakMB: number; rssBeforeMB: number }
	certificates: {
		generated: number
		totalMs: number
		verified: number
		verifyMs: number
	}
	certificateZip: Array<{
		pdfs: number
		reader: string
		bytes: number
		ms: number
		rssBeforeMB: number
		rssPeakMB: number
	}>
	hostileImports: {
		zipBombKB: number
		zipBombMs: number
		zipBombOutcome: string
		millionCellRowMs: number
		millionCellRowOutcome: string
	}
	pageWeight: {
		firstVisitBytes?: Record<string, number>
		repeatVisitBytes?: Record<string, number>
		readableWithoutJavaScript?: boolean
	}
	serverRssAfterLoadMB: number
}

function printTable(r: Results) {
	const rows: [string, string][] = [
		[
			'lesson page (signed in): req/s, p50, p99',
			`${r.lesson.essor.requestsPerSec} req/s, ${r.lesson.essor.p50} ms, ${r.lesson.essor.p99} ms`,
		],
		[
			'  same bytes, bare node http',
			`${r.lesson.static.requestsPerSec} req/s, ${r.lesson.static.p50} ms, ${r.lesson.static.p99} ms (Essor/static ${r.lesson.ratio})`,
		],
		[
			'catalog (anonymous): req/s, p50, p99',
			`${r.catalog.essor.requestsPerSec} req/s, ${r.catalog.essor.p50} ms, ${r.catalog.essor.p99} ms`,
		],
		[
			'  same bytes, bare node http',
			`${r.catalog.static.requestsPerSec} req/s, ${r.catalog.static.p50} ms, ${r.catalog.static.p99} ms (Essor/static ${r.catalog.ratio})`,
		],
		[
			'cohort dashboard: p50 / p95',
			`${r.dashboard.p50} / ${r.dashboard.p95} ms`,
		],
		[
			`programme report (${r.programmeReport.learners}): p50 / p95`,
			`${r.programmeReport.p50} / ${r.programmeReport.p95} ms`,
		],
		[
			'CSV export: time, server RSS peak',
			`${r.csvExport.ms} ms, ${r.csvExport.rssPeakMB} MB (from ${r.csvExport.rssBeforeMB} MB)`,
		],
		[
			`certificates: generate ${r.certificates.generated}`,
			`${r.certificates.totalMs} ms`,
		],
		[
			`certificates: verify ${r.certificates.verified}`,
			`${r.certificates.verifyMs} ms`,
		],
		...r.certificateZip.map((z): [string, string] => [
			`cohort ZIP of ${z.pdfs} PDFs (reader ${z.reader}): time, server RSS peak`,
			`${z.ms} ms, ${z.rssPeakMB} MB (from ${z.rssBeforeMB} MB)`,
		]),
		[
			`import: zip bomb (${r.hostileImports.zipBombKB} kB)`,
			`${r.hostileImports.zipBombMs} ms, ${r.hostileImports.zipBombOutcome}`,
		],
		[
			'import: row of a million cells',
			`${r.hostileImports.millionCellRowMs} ms, ${r.hostileImports.millionCellRowOutcome}`,
		],
		[
			'lesson page weight (first / repeat)',
			r.pageWeight.firstVisitBytes
				? `${(r.pageWeight.firstVisitBytes.total! / 1024).toFixed(1)} kB / ${(r.pageWeight.repeatVisitBytes!.total! / 1024).toFixed(1)} kB`
				: 'skipped',
		],
		[
			'  split first visit (html/css/js/font/img)',
			r.pageWeight.firstVisitBytes
				? ['html', 'css', 'js', 'font', 'image']
						.map(
							(k) => `${(r.pageWeight.firstVisitBytes![k]! / 1024).toFixed(1)}`,
						)
						.join(' / ') + ' kB'
				: '',
		],
		[
			'  readable without JavaScript',
			String(r.pageWeight.readableWithoutJavaScript),
		],
		['server RSS after load', `${r.serverRssAfterLoadMB} MB`],
	]
	const width = Math.max(...rows.map(([k]) => k.length))
	console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'))
}

main().catch((error) => {
	console.error(error)
	fs.rmSync(work, { recursive: true, force: true })
	process.exit(1)
})
