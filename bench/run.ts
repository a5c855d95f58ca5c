/**
 * npm run bench [-- --quick] [-- --label before|after] [-- --only reports] [-- --compare <dir>]
 *
 * Builds Essor, starts it in production mode on 127.0.0.1 with a fresh
 * database at programme scale, measures what learners and trainers feel, and
 * writes bench/results.json. All load stays on loopback and is bounded in time.
 *
 * --only reports: the trainers' and ministries' figures only (dashboard,
 *   programme report, CSV export at 5,000 and 50,000 rows); writes
 *   bench/results.reports.json.
 * --compare <dir>: also starts another built checkout (e.g. the commit before
 *   a change) on a copy of the same database, and measures both back to back,
 *   request by request, so that a busy shared machine weighs on both alike.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { chromium } from 'playwright-core'
import { CHROMIUM_FLAGS, findChromium } from '../tests/support/chromium.ts'
import { freePort } from '../tests/support/server.ts'
import { ensureBuild, root } from '../scripts/lib/build.mjs'
import Database from 'better-sqlite3'
import { growProgramme } from './grow.ts'
import { percentile } from './percentile.ts'

const args = process.argv.slice(2)
/** The heap cap of the last figures (a small server's setting; the app's own heap after GC is about 65 MB). */
const CAPPED_HEAP_MB = 192
const quick = args.includes('--quick')
const option = (name: string) =>
	args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined
const label = option('label')
const only = option('only')
if (only !== undefined && only !== 'reports')
	throw new Error(`--only: "reports" is the one subset (got "${only}")`)
const compareDir = option('compare')
	? path.resolve(option('compare')!)
	: undefined
if (
	compareDir &&
	!fs.existsSync(path.join(compareDir, 'build/server/serve.mjs'))
)
	throw new Error(
		`--compare ${compareDir}: no build there (run npm run build in it)`,
	)
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
			exportRows: 500,
			zip: [5, 20],
			rates: [20],
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
			exportRows: 50_000,
			zip: [50, 500],
			rates: [20, 50, 100, 200],
		}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-bench-'))
const databaseFile = path.join(work, 'essor.db')
process.env.NODE_ENV = 'production'
process.env.DATABASE_URL = `file:${databaseFile}`
process.env.DATA_DIR = work
process.env.SEED_DEMO = '0'
// This process seeds in bulk (slow inserts by design): no slow-query log here;
// the servers keep the caller's value or the production default.
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

	// 2. The app, as `npm start` runs it; with --compare, the other checkout too, on a copy of the same database (sessions included).
	const beforeFile = path.join(work, 'before', 'essor.db')
	if (compareDir) {
		fs.mkdirSync(path.dirname(beforeFile))
		await backupDatabase(databaseFile, beforeFile)
	}
	const server = await startServer(root, databaseFile, work)
	const other = compareDir
		? // SEED_DEMO=1: older checkouts know no "auto" (the database is seeded already).
			await startServer(compareDir, beforeFile, path.dirname(beforeFile), {
				SEED_DEMO: '1',
			})
		: undefined
	const base = server.base
	const rss = () => server.rss()

	try {
		const lessonPath =
			'/courses/creer-son-entreprise/couts-et-seuil-de-rentabilite'
		const results: Record<string, unknown> = {}
		const dashboardPath = `/cohorts/${cohorts[0]!.cohortId}`

		// 4. Trainer pages: server time over sequential requests; with --compare, alternating between the two servers.
		results.dashboard = {
			learners: scale.learners,
			...(await timed(
				server,
				other,
				dashboardPath,
				trainerCookie,
				scale.samples,
			)),
		}
		results.programmeReport = {
			learners: totals.learners,
			...(await timed(server, other, '/reports', adminCookie, scale.samples)),
		}
		log('dashboard', results.dashboard, 'report', results.programmeReport)

		// 5. CSV export of the whole programme: time, rows and the server's peak memory.
		results.csvExport = await exportBoth(server, other, adminCookie)
		log('csv', results.csvExport)

		/** The programme grown to --exportRows learners, for the export's memory at that size. */
		/** The cohort of the 500-PDF ZIP (6b), downloaded again in grow(). */
		let largestZipCohort: string | undefined
		const grow = async () => {
			const factor = Math.ceil(scale.exportRows / totals.learners)
			const g0 = performance.now()
			const grown = growProgramme(databaseFile, factor)
			if (compareDir) growProgramme(beforeFile, factor)
			log(
				`grown to ${grown} enrollments in ${Math.round(performance.now() - g0)} ms`,
			)
			results.csvExportLarge = await exportBoth(server, other, adminCookie)
			log('csv (large)', results.csvExportLarge)
			results.programmeReportLarge = {
				learners: grown,
				...(await timed(
					server,
					other,
					'/reports',
					adminCookie,
					Math.min(scale.samples, 10),
				)),
			}
			log('report (large)', results.programmeReportLarge)

			// Memory kept, not garbage V8 has not collected yet: the large export
			// and the 500-PDF ZIP again, against one process whose heap is capped
			// (NODE_OPTIONS, as an operator of a small server would set it).
			const capped = await startServer(root, databaseFile, work, {
				NODE_OPTIONS: `--max-old-space-size=${CAPPED_HEAP_MB}`,
				WEB_CONCURRENCY: '1',
			})
			try {
				results.cappedHeap = {
					heapLimitMB: CAPPED_HEAP_MB,
					csvExportLarge: await exportOnce(capped, adminCookie),
					...(largestZipCohort
						? {
								certificateZip: await downloadZip(
									capped,
									largestZipCohort,
									trainerCookie,
								),
							}
						: {}),
				}
			} catch (error) {
				// Out of memory at this cap is a finding to report, not a reason to lose the run.
				results.cappedHeap = {
					heapLimitMB: CAPPED_HEAP_MB,
					failed: String(error),
				}
			} finally {
				await stopServer(capped)
			}
			log('capped heap', results.cappedHeap)
		}

		if (only === 'reports') {
			await grow()
		} else {
			// 6. Certificates: generate (sign + store, then the PDFs as a cohort's
			// ZIP draws them, two under way at once) and verify, in this process;
			// one PDF at a time too.
			const { certificatePdf } =
				await import('#app/certificates/documents.server.ts')
			const { certificatesZip } =
				await import('#app/certificates/zip.server.ts')
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
			const zip = certificatesZip(issued, {
				makePdf: async (cert) => {
					const pdf = await certificatePdf(cert)
					pdfBytes += pdf.byteLength
					return pdf
				},
			})
			const zipReader = zip.getReader()
			while (!(await zipReader.read()).done);
			const pdfMs = performance.now() - p0
			const oneAtATime = issued.slice(0, Math.min(50, issued.length))
			const o0 = performance.now()
			for (const cert of oneAtATime) await certificatePdf(cert)
			const onePdfMs = (performance.now() - o0) / oneAtATime.length
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
				onePdfAtATimeMs: ms(onePdfMs),
				totalMs: ms(signMs + pdfMs),
				averagePdfKB: ms(pdfBytes / issued.length / 1024),
				verified: scale.verify,
				valid,
				statuses,
				verifyMs: ms(verifyMs),
			}
			log('certificates', results.certificates)

			// 6a. Hostile imports: a zip bomb and a row of a million cells are refused or cut short, not unpacked or read whole.
			const { parseRoster } =
				await import('#app/cohorts/import/roster.server.ts')
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
					...(await downloadZip(server, cohort.id, trainerCookie)),
				})
				if (size === Math.max(...scale.zip)) {
					largestZipCohort = cohort.id
					zipRuns.push({
						pdfs,
						reader: 'stops 2 s',
						...(await downloadZip(server, cohort.id, trainerCookie, 2000)),
					})
				}
			}
			results.certificateZip = zipRuns
			log('certificate ZIP', results.certificateZip)

			// 6c. Throughput (after the timings above, so that their garbage does not weigh on them) against a bare http server serving the same bytes.
			async function load(
				url: string,
				headers: Record<string, string> = {},
				seconds = scale.loadSeconds,
			) {
				// The load generator runs in this process: its own stalls (GC of
				// the seeded programme's heap) show in the latencies it measures.
				const stalls = monitorEventLoopDelay({ resolution: 5 })
				stalls.enable()
				const r = await autocannon({
					url,
					connections: scale.connections,
					duration: seconds,
					headers: { 'accept-encoding': 'gzip', ...headers },
				})
				stalls.disable()
				return {
					requestsPerSec: Math.round(r.requests.average),
					p50: r.latency.p50,
					p99: r.latency.p99,
					errors: r.errors + r.non2xx,
					clientLoopDelayMs: {
						p99: Math.round(stalls.percentile(99) / 1e5) / 10,
						max: Math.round(stalls.max / 1e5) / 10,
					},
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
				const measured = await load(
					`http://127.0.0.1:${address.port}${pathname}`,
				)
				twin.close()
				return { bytes: body.length, ...measured }
			}
			for (const [name, pathname, headers] of [
				['lesson', lessonPath, { cookie: learnerCookie }],
				['catalog', '/courses', {}],
			] as const) {
				const essor = await load(`${base}${pathname}`, headers)
				const bare = await staticTwin(pathname, headers)
				const ratio = (r: { requestsPerSec: number }) =>
					Math.round((r.requestsPerSec / bare.requestsPerSec) * 1000) / 1000
				// With --compare, the other checkout under the same load, in this run.
				const before = other
					? await load(`${other.base}${pathname}`, headers)
					: undefined
				results[name] = {
					essor,
					static: bare,
					ratio: ratio(essor),
					...(before
						? {
								before,
								ratioBefore: ratio(before),
								speedup:
									Math.round(
										(essor.requestsPerSec / before.requestsPerSec) * 100,
									) / 100,
							}
						: {}),
				}
				log(name, results[name])
			}

			// 6c'. A room of learners: 100 connections asking for the signed-in
			// lesson at a fixed total rate (open loop; latency counted from when
			// each request was due). Learners reading at a human pace ask far
			// less: 100 of them opening a page every 30 s is about 3 req/s.
			const atRate: Array<Record<string, number>> = []
			for (const rate of scale.rates) {
				const r = await autocannon({
					url: `${base}${lessonPath}`,
					connections: 100,
					overallRate: rate,
					duration: scale.loadSeconds,
					headers: { 'accept-encoding': 'gzip', cookie: learnerCookie },
				})
				atRate.push({
					offeredPerSec: rate,
					servedPerSec: Math.round(r.requests.average),
					p50: r.latency.p50,
					p90: r.latency.p90,
					p99: r.latency.p99,
					errors: r.errors + r.non2xx,
				})
			}
			results.lessonAtRate = atRate
			log('lesson at a fixed rate', atRate)

			// 6d. Scaling with the number of workers: the signed-in lesson against
			// a server started with WEB_CONCURRENCY=1, then 2, on the same database
			// (the load generator shares the machine's cores with the server).
			const scaling: Record<string, unknown> = {}
			for (const workers of [1, 2]) {
				const sized = await startServer(root, databaseFile, work, {
					WEB_CONCURRENCY: String(workers),
				})
				try {
					// Warmed up first (JIT), as the main server is by the figures above.
					await load(`${sized.base}${lessonPath}`, { cookie: learnerCookie }, 3)
					scaling[`workers${workers}`] = await load(
						`${sized.base}${lessonPath}`,
						{ cookie: learnerCookie },
					)
				} finally {
					await stopServer(sized)
				}
			}
			const perSecond = (key: string) =>
				(scaling[key] as { requestsPerSec: number }).requestsPerSec
			scaling.speedup =
				Math.round((perSecond('workers2') / perSecond('workers1')) * 100) / 100
			results.lessonScaling = scaling
			log('lesson scaling', scaling)

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
				cdp.on('Network.responseReceived', (e) =>
					types.set(e.requestId, e.type),
				)
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
			// Last: the growth changes the database the other figures were measured on.
			await grow()
		}
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
			compare: compareDir ?? null,
			results,
		}
		printTable(report.results as Results)
		const out = path.join(
			root,
			'bench',
			quick
				? 'results.quick.json'
				: only
					? `results.${only}.json`
					: 'results.json',
		)
		fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
		log(`wrote ${path.relative(root, out)}`)
	} finally {
		server.child.kill('SIGTERM')
		other?.child.kill('SIGTERM')
		await prisma.$disconnect()
		fs.rmSync(work, { recursive: true, force: true })
	}
}

type Server = {
	base: string
	child: ReturnType<typeof spawn>
	rss: () => number
}

/** Stops a server and waits for its primary to exit (its workers follow). */
async function stopServer(server: Server) {
	if (server.child.exitCode !== null) return
	const exited = new Promise((r) => server.child.once('exit', r))
	server.child.kill('SIGTERM')
	await exited
}

/** Starts a built checkout as `npm start` does, on `databaseFile`. */
async function startServer(
	checkout: string,
	databaseFile: string,
	dataDir: string,
	settings: Record<string, string> = {},
): Promise<Server> {
	const port = await freePort()
	const base = `http://127.0.0.1:${port}`
	// Older checkouts (for before/after runs) started through tsx.
	const launcher = fs.existsSync(path.join(checkout, 'scripts/start.mjs'))
		? ['scripts/start.mjs']
		: ['--import', 'tsx', 'scripts/start.ts']
	const child = spawn(process.execPath, launcher, {
		cwd: checkout,
		env: {
			...process.env,
			DATABASE_URL: `file:${databaseFile}`,
			DATA_DIR: dataDir,
			PORT: String(port),
			HOST: '127.0.0.1',
			APP_URL: base,
			INSECURE_COOKIES: '1',
			// The demo accounts this process seeded sign in (a local-only server).
			SEED_DEMO: 'auto',
			SLOW_QUERY_MS: serverSlowQueryMs,
			...settings,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let serverLog = ''
	child.stdout!.on('data', (d) => (serverLog += d))
	child.stderr!.on('data', (d) => (serverLog += d))
	const deadline = Date.now() + 120_000
	while (
		!(await fetch(`${base}/healthz`)
			.then((r) => r.ok)
			.catch(() => false))
	) {
		if (Date.now() > deadline || child.exitCode !== null)
			throw new Error(`server (${checkout}) did not start:\n${serverLog}`)
		await new Promise((r) => setTimeout(r, 200))
	}
	return { base, child, rss: () => treeRss(child.pid!) }
}

/**
 * The resident memory of a server: its primary process and the workers it
 * forked (WEB_CONCURRENCY), which are the ones that answer requests.
 */
function treeRss(pid: number): number {
	const rssOf = (p: number) => {
		try {
			const status = fs.readFileSync(`/proc/${p}/status`, 'utf8')
			return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024
		} catch {
			return 0 // exited meanwhile
		}
	}
	const children = (p: number) => {
		try {
			return fs
				.readdirSync(`/proc/${p}/task`)
				.flatMap((task) =>
					fs
						.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8')
						.split(/\s+/)
						.filter(Boolean)
						.map(Number),
				)
		} catch {
			return []
		}
	}
	return [pid, ...children(pid)].reduce((sum, p) => sum + rssOf(p), 0)
}

/** A consistent copy of a live SQLite database (SQLite's online backup). */
async function backupDatabase(from: string, to: string) {
	const db = new Database(from, { readonly: true })
	try {
		await db.backup(to)
	} finally {
		db.close()
	}
}

/**
 * fetch, tried again once when the server had closed the kept-alive
 * connection (it does after 5 idle seconds, e.g. while the database grows).
 */
async function get(url: string, cookie: string): Promise<Response> {
	// A redirect (to the sign-in page) must fail the run, not be timed as the page.
	const init = { headers: { cookie }, redirect: 'manual' } as const
	try {
		return await fetch(url, init)
	} catch (error) {
		const code = (error as { cause?: { code?: string } }).cause?.code
		if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error
		return fetch(url, init)
	}
}

async function timeOnce(server: Server, pathname: string, cookie: string) {
	const t = performance.now()
	const res = await get(`${server.base}${pathname}`, cookie)
	await res.arrayBuffer()
	if (!res.ok) throw new Error(`${pathname}: ${res.status}`)
	return performance.now() - t
}

const summary = (times: number[]) => ({
	p50: ms(percentile(times, 50)),
	p95: ms(percentile(times, 95)),
	samples: times.length,
})
const ratio = (before: number, after: number) =>
	after > 0 ? Math.round((before / after) * 10) / 10 : null

/** Server time over sequential requests; with a second server, alternating requests, and the ratios before/after. */
async function timed(
	server: Server,
	other: Server | undefined,
	pathname: string,
	cookie: string,
	n: number,
) {
	// One warm-up request each: the first compiles the route and reads the catalog.
	await timeOnce(server, pathname, cookie)
	if (other) await timeOnce(other, pathname, cookie)
	const mine: number[] = []
	const theirs: number[] = []
	for (let i = 0; i < n; i++) {
		mine.push(await timeOnce(server, pathname, cookie))
		if (other) theirs.push(await timeOnce(other, pathname, cookie))
	}
	const after = summary(mine)
	if (!other) return after
	const before = summary(theirs)
	return {
		...after,
		before,
		speedup: {
			p50: ratio(before.p50, after.p50),
			p95: ratio(before.p95, after.p95),
		},
	}
}

/** Follows the server's resident memory every 10 ms; the function it returns stops and gives it before and at its peak. */
function followRss(server: Server) {
	const before = server.rss()
	let peak = before
	const poll = setInterval(() => (peak = Math.max(peak, server.rss())), 10)
	return () => {
		clearInterval(poll)
		peak = Math.max(peak, server.rss())
		return {
			rssBeforeMB: ms(before / 2 ** 20),
			rssPeakMB: ms(peak / 2 ** 20),
			rssGrowthMB: ms((peak - before) / 2 ** 20),
		}
	}
}

/** Downloads the programme CSV and follows the server's resident memory meanwhile. */
async function exportOnce(server: Server, cookie: string) {
	const rss = followRss(server)
	const t0 = performance.now()
	const res = await get(`${server.base}/reports/export.csv`, cookie)
	const body = Buffer.from(await res.arrayBuffer())
	const took = performance.now() - t0
	const memory = rss()
	if (!res.ok) throw new Error(`export: ${res.status}`)
	// Rows, not lines: a quoted cell may hold a line break.
	let rows = -1
	let quoted = false
	for (const byte of body) {
		if (byte === 0x22) quoted = !quoted
		else if (byte === 0x0a && !quoted) rows++
	}
	return { rows, bytes: body.length, ms: ms(took), ...memory }
}

async function exportBoth(
	server: Server,
	other: Server | undefined,
	cookie: string,
) {
	const after = await exportOnce(server, cookie)
	if (!other) return after
	const before = await exportOnce(other, cookie)
	return {
		...after,
		before,
		speedup: ratio(before.ms, after.ms),
		peakRssRatio: ratio(before.rssPeakMB, after.rssPeakMB),
	}
}

/** Downloads a cohort's certificates ZIP (optionally stalling after the first bytes) and follows the server's resident memory meanwhile. */
async function downloadZip(
	server: Server,
	cohortId: string,
	cookie: string,
	stallMs = 0,
) {
	const rss = followRss(server)
	const t0 = performance.now()
	const res = await get(
		`${server.base}/cohorts/${cohortId}/certificates.zip`,
		cookie,
	)
	if (!res.body || res.headers.get('Content-Type') !== 'application/zip')
		throw new Error(`ZIP: ${res.status}`)
	const reader = res.body.getReader()
	let bytes = 0
	for (;;) {
		const { done, value } = await reader.read()
		if (done) break
		if (bytes === 0 && stallMs) await new Promise((r) => setTimeout(r, stallMs))
		bytes += value.byteLength
	}
	const took = performance.now() - t0
	return { bytes, ms: ms(took), ...rss() }
}

type Load = {
	requestsPerSec: number
	p50: number
	p99: number
	/** The load generator's own event-loop delay while it measured (it shares this process). */
	clientLoopDelayMs?: { p99: number; max: number }
}
type Throughput = {
	essor: Load
	static: Load
	ratio: number
	before?: Load
	ratioBefore?: number
	speedup?: number
}
type Timing = {
	p50: number
	p95: number
	learners?: number
	before?: { p50: number; p95: number }
	speedup?: { p50: number | null; p95: number | null }
}
type Export = {
	rows: number
	ms: number
	rssPeakMB: number
	rssBeforeMB: number
	rssGrowthMB: number
	before?: Export
	speedup?: number | null
}
type Results = {
	lesson?: Throughput
	catalog?: Throughput
	dashboard: Timing
	programmeReport: Timing
	programmeReportLarge: Timing
	csvExport: Export
	csvExportLarge: Export
	certificates?: {
		generated: number
		totalMs: number
		verified: number
		verifyMs: number
	}
	certificateZip?: Array<{
		pdfs: number
		reader: string
		bytes: number
		ms: number
		rssBeforeMB: number
		rssPeakMB: number
		rssGrowthMB: number
	}>
	hostileImports?: {
		zipBombKB: number
		zipBombMs: number
		zipBombOutcome: string
		millionCellRowMs: number
		millionCellRowOutcome: string
	}
	pageWeight?: {
		firstVisitBytes?: Record<string, number>
		repeatVisitBytes?: Record<string, number>
		readableWithoutJavaScript?: boolean
	}
	serverRssAfterLoadMB?: number
	cappedHeap?: {
		heapLimitMB: number
		failed?: string
		csvExportLarge?: Export
		certificateZip?: {
			pdfs?: number
			ms: number
			rssBeforeMB: number
			rssPeakMB: number
			rssGrowthMB: number
		}
	}
	lessonAtRate?: Array<{
		offeredPerSec: number
		servedPerSec: number
		p50: number
		p90: number
		p99: number
		errors: number
	}>
	lessonScaling?: {
		workers1: { requestsPerSec: number; p99: number }
		workers2: { requestsPerSec: number; p99: number }
		speedup: number
	}
}

function printTable(r: Results) {
	const rows: [string, string][] = []
	const timing = (name: string, t: Timing) => {
		rows.push([`${name}: p50 / p95`, `${t.p50} / ${t.p95} ms`])
		if (t.before)
			rows.push([
				'  compared checkout (before)',
				`${t.before.p50} / ${t.before.p95} ms (before/after ×${t.speedup?.p50} / ×${t.speedup?.p95})`,
			])
	}
	const csv = (name: string, e: Export) => {
		rows.push([
			`${name} (${e.rows} rows): time, server RSS peak`,
			`${e.ms} ms, ${e.rssPeakMB} MB (from ${e.rssBeforeMB} MB, +${e.rssGrowthMB} MB)`,
		])
		if (e.before)
			rows.push([
				'  compared checkout (before)',
				`${e.before.ms} ms, ${e.before.rssPeakMB} MB (from ${e.before.rssBeforeMB} MB, +${e.before.rssGrowthMB} MB)`,
			])
	}
	const throughputRows = (label: string, t: Throughput) => {
		rows.push(
			[
				`${label}: req/s, p50, p99`,
				`${t.essor.requestsPerSec} req/s, ${t.essor.p50} ms, ${t.essor.p99} ms`,
			],
			...(t.essor.clientLoopDelayMs
				? [
						[
							'  load generator stalled (event-loop delay p99, max)',
							`${t.essor.clientLoopDelayMs.p99} ms, ${t.essor.clientLoopDelayMs.max} ms`,
						] as [string, string],
					]
				: []),
			[
				'  same bytes, bare node http',
				`${t.static.requestsPerSec} req/s, ${t.static.p50} ms, ${t.static.p99} ms (Essor/static ${t.ratio})`,
			],
		)
		if (t.before)
			rows.push([
				'  compared checkout (before)',
				`${t.before.requestsPerSec} req/s, ${t.before.p50} ms, ${t.before.p99} ms (Essor/static ${t.ratioBefore}; now ×${t.speedup})`,
			])
	}
	if (r.lesson) throughputRows('lesson page (signed in)', r.lesson)
	if (r.catalog) throughputRows('catalog (anonymous)', r.catalog)
	if (r.cappedHeap?.failed)
		rows.push([
			`heap capped at ${r.cappedHeap.heapLimitMB} MB`,
			`failed: ${r.cappedHeap.failed}`,
		])
	if (r.cappedHeap?.csvExportLarge) {
		csv(
			`CSV export, heap capped at ${r.cappedHeap.heapLimitMB} MB`,
			r.cappedHeap.csvExportLarge,
		)
		const z = r.cappedHeap.certificateZip
		if (z)
			rows.push([
				`largest cohort ZIP again, heap capped at ${r.cappedHeap.heapLimitMB} MB`,
				`${z.ms} ms, ${z.rssPeakMB} MB (from ${z.rssBeforeMB} MB, +${z.rssGrowthMB} MB)`,
			])
	}
	for (const l of r.lessonAtRate ?? [])
		rows.push([
			`lesson page at ${l.offeredPerSec} req/s offered (100 connections): p50, p90, p99`,
			`${l.p50} / ${l.p90} / ${l.p99} ms (${l.servedPerSec} req/s served, ${l.errors} errors)`,
		])
	if (r.lessonScaling)
		rows.push([
			'lesson page, WEB_CONCURRENCY 1 -> 2: req/s',
			`${r.lessonScaling.workers1.requestsPerSec} -> ${r.lessonScaling.workers2.requestsPerSec} (×${r.lessonScaling.speedup})`,
		])
	timing('cohort dashboard', r.dashboard)
	timing(`programme report (${r.programmeReport.learners})`, r.programmeReport)
	csv('CSV export', r.csvExport)
	csv('CSV export, grown programme', r.csvExportLarge)
	timing(
		`programme report (${r.programmeReportLarge.learners})`,
		r.programmeReportLarge,
	)
	if (r.certificates)
		rows.push(
			[
				`certificates: generate ${r.certificates.generated}`,
				`${r.certificates.totalMs} ms`,
			],
			[
				`certificates: verify ${r.certificates.verified}`,
				`${r.certificates.verifyMs} ms`,
			],
		)
	for (const z of r.certificateZip ?? [])
		rows.push([
			`cohort ZIP of ${z.pdfs} PDFs (reader ${z.reader}): time, server RSS peak`,
			`${z.ms} ms, ${z.rssPeakMB} MB (from ${z.rssBeforeMB} MB, +${z.rssGrowthMB} MB)`,
		])
	if (r.hostileImports)
		rows.push(
			[
				`import: zip bomb (${r.hostileImports.zipBombKB} kB)`,
				`${r.hostileImports.zipBombMs} ms, ${r.hostileImports.zipBombOutcome}`,
			],
			[
				'import: row of a million cells',
				`${r.hostileImports.millionCellRowMs} ms, ${r.hostileImports.millionCellRowOutcome}`,
			],
		)
	if (r.pageWeight) {
		const first = r.pageWeight.firstVisitBytes
		rows.push(
			[
				'lesson page weight (first / repeat)',
				first
					? `${(first.total! / 1024).toFixed(1)} kB / ${(r.pageWeight.repeatVisitBytes!.total! / 1024).toFixed(1)} kB`
					: 'skipped',
			],
			[
				'  split first visit (html/css/js/font/img)',
				first
					? ['html', 'css', 'js', 'font', 'image']
							.map((k) => `${(first[k]! / 1024).toFixed(1)}`)
							.join(' / ') + ' kB'
					: '',
			],
			[
				'  readable without JavaScript',
				String(r.pageWeight.readableWithoutJavaScript),
			],
		)
	}
	if (r.serverRssAfterLoadMB !== undefined)
		rows.push(['server RSS after load', `${r.serverRssAfterLoadMB} MB`])
	const width = Math.max(...rows.map(([k]) => k.length))
	console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'))
}

main().catch((error) => {
	console.error(error)
	fs.rmSync(work, { recursive: true, force: true })
	process.exit(1)
})
