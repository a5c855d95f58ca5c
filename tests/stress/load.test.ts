import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import {
	startAppServer,
	WITH_WARM_UP,
	type RunningServer,
} from '#tests/support/server.ts'
import {
	FULL,
	connectApp,
	inspectDatabase,
	loadCatalog,
	passingQuizForm,
	processGroupCpuMs,
	readForm,
	send,
	tempDir,
	type Learner,
	type Reply,
} from './support.ts'
import { percentile } from '../../bench/percentile.ts'

/**
 * 100 learners at once, each with a session of their own, working through
 * the courses against the production build: open a lesson, mark a third of
 * them read (a reading record), pass its quiz (which completes it), next
 * lesson; the course page at the end of each course. No
 * request may fail, and every write the server acknowledged must be in the
 * database. Part way, `npm run db:backup` is taken under that load; the
 * backup is then restored as a new instance, which must work.
 *
 * Quick form (`npm test`): 7 s. Long form (`npm run test:stress`): 30 s.
 */

const LEARNERS = 100
const DURATION_MS = FULL ? 30_000 : 7_000
const BACKUP_AFTER_MS = DURATION_MS * 0.4
const WARM_AFTER_MS = FULL ? 10_000 : 2_000
const root = path.resolve(import.meta.dirname, '../..')

const servers: RunningServer[] = []
const dirs: string[] = []

afterAll(async () => {
	for (const s of servers) await s.stop()
	for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

type Write = {
	learner: Learner
	course: string
	lesson: string
	via: 'read' | 'quiz'
}
const lessonKey = (w: Write) => `${w.learner.id} ${w.course} ${w.lesson}`

/** `npm run db:backup -- <file>` as an operator would run it, against the server's database. */
function runBackup(server: RunningServer, file: string) {
	return new Promise<{ code: number | null; output: string }>(
		(resolve, reject) => {
			const child = spawn('npm', ['run', '--silent', 'db:backup', '--', file], {
				cwd: root,
				env: {
					...process.env,
					NODE_ENV: 'production',
					DATABASE_URL: `file:${server.databaseFile}`,
					DATA_DIR: server.dataDir,
				},
				stdio: ['ignore', 'pipe', 'pipe'],
			})
			let output = ''
			child.stdout.on('data', (d) => (output += d))
			child.stderr.on('data', (d) => (output += d))
			child.once('error', reject)
			child.once('exit', (code) => resolve({ code, output }))
		},
	)
}

test(`${LEARNERS} learners for ${DURATION_MS / 1000} s: no errors, every acknowledged write kept, a backup taken under load restores`, async () => {
	const started = performance.now()
	const dataDir = tempDir('essor-load-')
	dirs.push(dataDir)
	const server = await startAppServer(WITH_WARM_UP, { dataDir })
	servers.push(server)
	const phase = (label: string) =>
		console.log(
			`[load] ${label} at ${((performance.now() - started) / 1000).toFixed(1)} s`,
		)
	phase('server up')
	const courses = loadCatalog()
	const app = await connectApp(dataDir)
	const learners = await app.createLearners(LEARNERS, 'load')
	// One learner has finished a course before the rush: their certificate must verify on the restored backup.
	const [graduate] = await app.createLearners(1, 'load-graduate')
	await app.prisma.$disconnect()
	const graduated = courses[1]!
	for (const lesson of graduated.lessons) {
		expect(
			(
				await send(server.url, `/courses/${graduated.slug}/${lesson.slug}`, {
					cookie: graduate!.cookie,
					form: passingQuizForm(lesson),
				})
			).status,
		).toBe(200)
	}

	const latencies = { get: [] as number[], post: [] as number[] }
	// Pages answered after the first seconds, once the server's code is
	// compiled for what it does: a room in session rather than just after a start.
	const warmPages: number[] = []
	const errors: string[] = []
	const acked: Write[] = []
	let requests = 0
	const deadline = performance.now() + DURATION_MS

	async function request(
		label: string,
		pathname: string,
		expected: number,
		options: Parameters<typeof send>[2],
	) {
		requests++
		let reply: Reply
		try {
			reply = await send(server.url, pathname, options)
		} catch (error) {
			errors.push(`${label} ${pathname}: ${String(error)}`)
			return false
		}
		latencies[options?.form ? 'post' : 'get'].push(reply.ms)
		if (!options?.form && performance.now() - reply.ms >= warmFrom)
			warmPages.push(reply.ms)
		if (reply.status !== expected || reply.bodyError) {
			errors.push(
				`${label} ${pathname}: HTTP ${reply.status} ${reply.bodyError ? String(reply.bodyError) : reply.body.slice(0, 300)}`,
			)
			return false
		}
		return true
	}

	async function learn(learner: Learner, i: number) {
		let c = i % courses.length
		let j = 0
		// Attempts per lesson: a learner who comes round to a course again takes attempt 2.
		const attempts = new Map<string, number>()
		while (performance.now() < deadline) {
			const course = courses[c]!
			const lesson = course.lessons[j]!
			const page = `/courses/${course.slug}/${lesson.slug}`
			if (!(await request('open', page, 200, { cookie: learner.cookie })))
				return
			if ((i + j) % 3 === 0) {
				if (
					!(await request('read', page, 302, {
						cookie: learner.cookie,
						form: readForm(),
					}))
				)
					return
				acked.push({
					learner,
					course: course.slug,
					lesson: lesson.slug,
					via: 'read',
				})
			}
			const attempt = (attempts.get(page) ?? 0) + 1
			if (
				!(await request('quiz', page, 200, {
					cookie: learner.cookie,
					form: passingQuizForm(lesson, attempt),
				}))
			)
				return
			attempts.set(page, attempt)
			acked.push({
				learner,
				course: course.slug,
				lesson: lesson.slug,
				via: 'quiz',
			})
			if (++j === course.lessons.length) {
				if (
					!(await request('course', `/courses/${course.slug}`, 200, {
						cookie: learner.cookie,
					}))
				)
					return
				j = 0
				c = (c + 1) % courses.length
			}
		}
	}

	// The backup, taken part way through the load.
	const backupFile = path.join(tempDir('essor-backup-'), 'essor-backup.db')
	dirs.push(path.dirname(backupFile))
	const backup = (async () => {
		await new Promise((r) => setTimeout(r, BACKUP_AFTER_MS))
		const ackedBefore = acked.slice()
		const t0 = performance.now()
		const result = await runBackup(server, backupFile)
		return {
			...result,
			ackedBefore,
			ms: performance.now() - t0,
			at: (t0 - (deadline - DURATION_MS)) / 1000,
			ackedDuring: acked.length - ackedBefore.length,
		}
	})()

	phase('learners ready')
	const loadStart = performance.now()
	const warmFrom = loadStart + WARM_AFTER_MS
	const clientCpu = process.cpuUsage()
	const serverCpu = processGroupCpuMs(server.child.pid!)
	await Promise.all(learners.map((l, i) => learn(l, i)))
	const loadSeconds = (performance.now() - loadStart) / 1000
	const share = (ms: number | null) =>
		ms === null ? '?' : `${((ms / 1000 / loadSeconds) * 100).toFixed(0)} %`
	const { user, system } = process.cpuUsage(clientCpu)
	const serverAfter = processGroupCpuMs(server.child.pid!)
	const taken = await backup

	const all = [...latencies.get, ...latencies.post]
	const ms = (xs: number[]) =>
		`p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms, max ${Math.max(0, ...xs).toFixed(0)} ms`
	console.log(
		`[load] ${LEARNERS} learners, ${loadSeconds.toFixed(1)} s: ${requests} requests (${(requests / loadSeconds).toFixed(0)} req/s), ${errors.length} errors; all ${ms(all)}; pages ${ms(latencies.get)}; writes ${ms(latencies.post)}; pages after the first ${WARM_AFTER_MS / 1000} s ${ms(warmPages)}`,
	)
	console.log(
		`[load] CPU over the load (2 cores = 200 %): server processes ${share(serverCpu === null || serverAfter === null ? null : serverAfter - serverCpu)}, this load generator ${share((user + system) / 1000)}`,
	)
	expect(errors.slice(0, 20), `${errors.length} failed requests`).toEqual([])

	// Every acknowledged write is in the server's database.
	const live = inspectDatabase(server.databaseFile)
	const ids = learners.map((l) => l.id)
	const quizCount = (
		db: ReturnType<typeof inspectDatabase>,
		writes: Write[],
	) => {
		const stmt = db.db.prepare(
			'SELECT COUNT(*) AS n FROM QuizAttempt WHERE userId = ? AND passed = 1',
		)
		let missing = 0
		for (const l of learners) {
			const expected = writes.filter(
				(w) => w.via === 'quiz' && w.learner === l,
			).length
			missing += Math.max(0, expected - (stmt.get(l.id) as { n: number }).n)
		}
		return missing
	}
	try {
		expect(live.integrity()).toBe('ok')
		const done = live.lessonsDone(ids)
		const read = live.lessonsRead(ids)
		const distinct = new Set(
			acked.filter((w) => w.via === 'quiz').map(lessonKey),
		)
		const missing = [...distinct].filter((k) => !done.has(k))
		const readMissing = acked
			.filter((w) => w.via === 'read' && !read.has(lessonKey(w)))
			.map(lessonKey)
		const quizMissing = quizCount(live, acked)
		const quizAcked = acked.filter((w) => w.via === 'quiz').length
		const completions = live.completions(ids)
		console.log(
			`[load] acknowledged writes: ${acked.length} (${acked.length - quizAcked} lessons marked read, ${quizAcked} quizzes passed; ${distinct.size} distinct lessons); found: ${distinct.size - missing.length}/${distinct.size} lessons, ${quizAcked - quizMissing}/${quizAcked} quiz attempts; ${completions.length} course completions, ${completions.reduce((n, c) => n + c.certificates, 0)} certificates`,
		)
		expect(missing).toEqual([])
		expect(readMissing).toEqual([])
		expect(quizMissing).toBe(0)
		expect(completions.filter((c) => c.certificates !== 1)).toEqual([])
		expect(live.duplicateCertificates()).toBe(0)
	} finally {
		live.close()
	}

	// The backup: complete, consistent, and holding what was acknowledged before it started.
	expect(taken.code, taken.output).toBe(0)
	const size = fs.statSync(backupFile).size
	const copy = inspectDatabase(backupFile)
	try {
		expect(copy.integrity()).toBe('ok')
		const done = copy.lessonsDone(ids)
		const before = new Set(
			taken.ackedBefore.filter((w) => w.via === 'quiz').map(lessonKey),
		)
		expect([...before].filter((k) => !done.has(k))).toEqual([])
		expect(quizCount(copy, taken.ackedBefore)).toBe(0)
		console.log(
			`[load] backup at ${taken.at.toFixed(1)} s into the load: ${(size / 1024 / 1024).toFixed(1)} MB in ${(taken.ms / 1000).toFixed(1)} s (${taken.ackedDuring} writes acknowledged meanwhile); integrity_check ok; ${before.size}/${before.size} lessons acknowledged before it are in it`,
		)
	} finally {
		copy.close()
	}

	// Restored as a new instance: the backup file alone, plus the issuer keys (kept out of the database on purpose).
	const restoreDir = tempDir('essor-restore-')
	dirs.push(restoreDir)
	fs.copyFileSync(backupFile, path.join(restoreDir, 'essor.db'))
	fs.cpSync(
		path.join(dataDir, 'issuer-keys'),
		path.join(restoreDir, 'issuer-keys'),
		{ recursive: true },
	)
	phase('checks done')
	const restored = await startAppServer({}, { dataDir: restoreDir })
	phase('restored instance up')
	servers.push(restored)
	expect((await send(restored.url, '/healthz')).status).toBe(200)
	// A learner's session from before the backup still works, and shows the lessons done then.
	const sample = taken.ackedBefore.find((w) => w.via === 'quiz')!
	const page = await send(
		restored.url,
		`/courses/${sample.course}/${sample.lesson}`,
		{ cookie: sample.learner.cookie },
	)
	expect(page.status).toBe(200)
	expect(page.body).toMatch(/<p class="notice">✓/)
	// It takes new writes.
	const next = courses.find((c) => c.slug === sample.course)!.lessons.at(-1)!
	expect(
		(
			await send(restored.url, `/courses/${sample.course}/${next.slug}`, {
				cookie: sample.learner.cookie,
				form: readForm(),
			})
		).status,
	).toBe(302)
	// A certificate in the backup verifies there, signature included.
	const check = inspectDatabase(restored.databaseFile)
	const cert = check.db
		.prepare(
			"SELECT code, credential FROM Certificate WHERE userId = ? AND kind = 'course'",
		)
		.get(graduate!.id) as { code: string; credential: string }
	check.close()
	const verified = await send(
		restored.url,
		`/verify?t=${encodeURIComponent(cert.credential)}`,
	)
	expect(verified.status).toBe(200)
	expect(verified.body).toContain('data-status="valid"')
	expect(verified.body).toContain(cert.code)
	console.log(
		`[load] restored instance: /healthz 200, a learner's session from the backup loads a lesson, new writes accepted, a certificate from the backup verifies (signature included)`,
	)
	console.log(
		`[load] total ${((performance.now() - started) / 1000).toFixed(1)} s`,
	)
})
