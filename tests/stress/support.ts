import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import Database from 'better-sqlite3'

/**
 * Helpers of the crash and load suites: they drive a production server over
 * HTTP as learners would, and read its database directly to check that every
 * write it acknowledged is there.
 */

/** `npm run test:stress` sets ESSOR_STRESS=full: the long form. `npm test` runs the quick one. */
export const FULL = process.env.ESSOR_STRESS === 'full'

const root = path.resolve(import.meta.dirname, '../..')

export type Lesson = { slug: string; quiz: { id: string; right: string[] }[] }
export type Course = { slug: string; lessons: Lesson[] }

type CatalogJson = {
	courses: {
		slug: string
		lessons: {
			slug: string
			required: boolean
			i18n: {
				fr: {
					quiz: { id: string; choices: { id: string; correct: boolean }[] }[]
				}
			}
		}[]
	}[]
}

/** The built catalog (what the server serves), with each quiz's right answers. */
export function loadCatalog(): Course[] {
	const catalog = JSON.parse(
		fs.readFileSync(path.join(root, 'build/content/catalog.json'), 'utf8'),
	) as CatalogJson
	return catalog.courses.map((c) => ({
		slug: c.slug,
		lessons: c.lessons.map((l) => ({
			slug: l.slug,
			quiz: l.i18n.fr.quiz.map((q) => ({
				id: q.id,
				right: q.choices.filter((ch) => ch.correct).map((ch) => ch.id),
			})),
		})),
	}))
}

/** "I have read this lesson": a reading record (it completes no lesson that has a quiz). */
export function readForm(): URLSearchParams {
	return new URLSearchParams({ intent: 'read' })
}

/**
 * A quiz form with the right answer to every question of the pool (the
 * server grades the ones its draw asked): it passes, and so completes the
 * lesson. `attempt` is the learner's attempt number at this lesson; the same
 * number sent again is the same attempt, shown again, not a new one.
 */
export function passingQuizForm(lesson: Lesson, attempt = 1): URLSearchParams {
	const form = new URLSearchParams({ intent: 'quiz', attempt: String(attempt) })
	for (const q of lesson.quiz)
		for (const choice of q.right) form.append(`q-${q.id}`, choice)
	return form
}

export type Learner = { id: string; cookie: string }

/**
 * Points this test process's app modules at the server's database (before
 * any of them is imported: the Prisma client reads DATABASE_URL once), then
 * creates learners, each with a session of their own.
 */
export async function connectApp(dataDir: string) {
	process.env.DATABASE_URL = `file:${path.join(dataDir, 'essor.db')}`
	process.env.DATA_DIR = dataDir
	const [{ prisma }, { createSession, SESSION_COOKIE }] = await Promise.all([
		import('#app/db.server.ts'),
		import('#app/auth/session.server.ts'),
	])
	async function createLearners(
		count: number,
		prefix: string,
	): Promise<Learner[]> {
		const learners: Learner[] = []
		for (let i = 0; i < count; i++) {
			const user = await prisma.user.create({
				data: {
					name: `Stress ${prefix} ${i}`,
					email: `stress-${prefix}-${i}-${Date.now().toString(36)}@test.essor`,
					role: 'learner',
					language: 'fr',
				},
			})
			const { token } = await createSession(user.id, {
				userAgent: 'essor-stress',
			})
			learners.push({ id: user.id, cookie: `${SESSION_COOKIE}=${token}` })
		}
		return learners
	}
	return { prisma, createLearners }
}

export type Reply = {
	status: number
	ms: number
	location: string | null
	body: string
	bodyError: unknown
}

// One keep-alive connection per learner in flight, as a room of phones
// would hold: node:http rather than fetch, whose own cost per request
// (about 1 ms of CPU here) is taken from the server on a small machine.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })

/**
 * One request as a browser would send it (same origin, form encoded). The
 * status is what the server acknowledged; the body is then read to the end
 * (`bodyError` when the connection broke meanwhile). A gzipped body is
 * decoded, as a browser would.
 */
export function send(
	baseUrl: string,
	pathname: string,
	{ cookie, form }: { cookie?: string; form?: URLSearchParams } = {},
): Promise<Reply> {
	const started = performance.now()
	const body = form?.toString()
	return new Promise((resolve, reject) => {
		const req = http.request(
			`${baseUrl}${pathname}`,
			{
				agent,
				method: form ? 'POST' : 'GET',
				headers: {
					'Accept-Encoding': 'gzip',
					...(cookie ? { Cookie: cookie } : {}),
					...(form
						? {
								Origin: baseUrl,
								'Content-Type': 'application/x-www-form-urlencoded',
								'Content-Length': Buffer.byteLength(body!),
							}
						: {}),
				},
			},
			(res) => {
				const chunks: Buffer[] = []
				const done = (bodyError: unknown) => {
					let text = ''
					if (!bodyError)
						try {
							const raw = Buffer.concat(chunks)
							text = (
								res.headers['content-encoding'] === 'gzip'
									? zlib.gunzipSync(raw)
									: raw
							).toString('utf8')
						} catch (error) {
							bodyError = error
						}
					resolve({
						status: res.statusCode ?? 0,
						ms: performance.now() - started,
						location: res.headers.location ?? null,
						body: text,
						bodyError,
					})
				}
				res.on('data', (chunk: Buffer) => chunks.push(chunk))
				res.once('end', () => done(null))
				res.once('error', done)
				res.once('aborted', () => done(new Error('aborted')))
			},
		)
		req.once('error', reject)
		req.end(body)
	})
}

/**
 * CPU time (ms) used so far by a process group (the server: its primary and
 * workers), from /proc; null where there is none.
 */
export function processGroupCpuMs(pgid: number): number | null {
	const msPerTick = 1000 / 100 // USER_HZ
	try {
		let ticks = 0
		for (const entry of fs.readdirSync('/proc')) {
			if (!/^\d+$/.test(entry)) continue
			let stat: string
			try {
				stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
			} catch {
				continue // ended meanwhile
			}
			// After "pid (comm) ": state, ppid, pgrp, … utime (14th), stime (15th).
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
			if (Number(fields[2]) === pgid)
				ticks += Number(fields[11]) + Number(fields[12])
		}
		return ticks * msPerTick
	} catch {
		return null
	}
}

export function tempDir(prefix: string) {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** A read-only look at a database file, independent of the app's code. */
export function inspectDatabase(file: string) {
	const db = new Database(file, { readonly: true, timeout: 5000 })
	return {
		db,
		integrity: () =>
			(db.pragma('integrity_check') as { integrity_check: string }[])
				.map((r) => r.integrity_check)
				.join('; '),
		/** "userId course lesson" keys of the lessons done by these users. */
		lessonsDone(userIds: string[]) {
			const done = new Set<string>()
			const stmt = db.prepare(
				'SELECT userId, courseSlug, lessonSlug FROM LessonProgress WHERE userId = ?',
			)
			for (const id of userIds)
				for (const r of stmt.all(id) as {
					userId: string
					courseSlug: string
					lessonSlug: string
				}[])
					done.add(`${r.userId} ${r.courseSlug} ${r.lessonSlug}`)
			return done
		},
		/** "userId course lesson" keys of the lessons these users marked read. */
		lessonsRead(userIds: string[]) {
			const read = new Set<string>()
			const stmt = db.prepare(
				'SELECT userId, courseSlug, lessonSlug FROM LessonRead WHERE userId = ?',
			)
			for (const id of userIds)
				for (const r of stmt.all(id) as {
					userId: string
					courseSlug: string
					lessonSlug: string
				}[])
					read.add(`${r.userId} ${r.courseSlug} ${r.lessonSlug}`)
			return read
		},
		/** Certificate rows that break "one certificate per completion". */
		duplicateCertificates() {
			const byIssueKey = db
				.prepare(
					'SELECT issueKey, COUNT(*) AS n FROM Certificate GROUP BY issueKey HAVING n > 1',
				)
				.all()
			const byCourse = db
				.prepare(
					"SELECT userId, courseSlug, COUNT(*) AS n FROM Certificate WHERE kind = 'course' AND replacesId IS NULL GROUP BY userId, courseSlug HAVING n > 1",
				)
				.all()
			const byCompletion = db
				.prepare(
					"SELECT cc.id, COUNT(c.id) AS n FROM CourseCompletion cc JOIN Certificate c ON c.issueKey = 'completion:' || cc.id GROUP BY cc.id HAVING n > 1",
				)
				.all()
			return byIssueKey.length + byCourse.length + byCompletion.length
		},
		/** Completions of these users, and whether each has its certificate. */
		completions(userIds: string[]) {
			const stmt = db.prepare(
				"SELECT cc.id, cc.userId, cc.courseSlug, (SELECT COUNT(*) FROM Certificate c WHERE c.issueKey = 'completion:' || cc.id) AS certificates FROM CourseCompletion cc WHERE cc.userId = ?",
			)
			return userIds.flatMap(
				(id) =>
					stmt.all(id) as {
						id: string
						userId: string
						courseSlug: string
						certificates: number
					}[],
			)
		},
		close: () => db.close(),
	}
}
