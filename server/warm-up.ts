import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { RequestListener } from 'node:http'
import { createSession, SESSION_COOKIE } from '#app/auth/session.server.ts'
import { getCatalog, type CatalogLesson } from '#app/content/catalog.server.ts'
import { lessonHasQuiz } from '#app/courses/catalog.server.ts'
import { applyMigrations } from '#app/db/migrate.server.ts'
import { prisma, withDatabaseFile } from '#app/db.server.ts'
import type { Language } from '#app/i18n/config.ts'

/**
 * A server process that has just started answers its first learners two to
 * four times slower than it does a minute later: V8 compiles and optimises
 * the code of a signed-in page (session, lesson state, render, quiz grading,
 * the writes) only once it has run it many times, while the room is waiting.
 * Measured with 100 learners starting together (decision 021): pages p95 of
 * 0.9 to 1 s in the first 4 s, 330 ms until about 10 s, 200 ms once warm.
 *
 * So before it listens, each process walks every course as two learners
 * would (one in French, one in English): lesson pages, "read" marks, quizzes
 * passed, course pages, the certificate of a finished course. It does so
 * over HTTP on a loopback port of its own, through the same app, on a
 * scratch database (a temporary file, migrated, deleted afterwards): nothing
 * of it reaches the real database, and the process takes no request
 * meanwhile.
 */
export async function warmUp(
	handler: RequestListener,
	{ rounds }: { rounds: number },
): Promise<{ requests: number; ms: number }> {
	const started = performance.now()
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-warm-up-'))
	try {
		const file = path.join(dir, 'warm-up.db')
		await applyMigrations(file)
		const requests = await withDatabaseFile(file, async () => {
			const learners = await Promise.all(
				(['fr', 'en'] as const).map((language) => newLearner(language)),
			)
			return withLoopbackServer(handler, async (origin) => {
				// Two walks per learner at once, as a page and its form post may overlap.
				// All of them end before the client goes back to the real
				// database, even when one fails: a request still running then
				// would write there.
				const stop = { failed: false }
				const walks = await Promise.allSettled(
					learners.flatMap((learner) =>
						[0, 1].map((half) => walk(origin, learner, half, rounds, stop)),
					),
				)
				const failure = walks
					.flatMap((w) => (w.status === 'rejected' ? [w.reason] : []))
					.find((reason) => reason !== STOPPED)
				if (failure) throw failure
				return walks.reduce(
					(n, w) => n + (w.status === 'fulfilled' ? w.value : 0),
					0,
				)
			})
		})
		return { requests, ms: Math.round(performance.now() - started) }
	} finally {
		fs.rmSync(dir, { recursive: true, force: true })
	}
}

type Learner = { cookie: string }

/** How a walk ends when another one has failed (that one's error is the one reported). */
const STOPPED = new Error('warm-up: stopped after another walk failed')

async function newLearner(language: Language): Promise<Learner> {
	const user = await prisma.user.create({
		data: {
			name: 'Warm-up',
			email: `warm-up-${language}@essor.invalid`,
			role: 'learner',
			language,
		},
	})
	const { token } = await createSession(user.id, { userAgent: 'warm-up' })
	return { cookie: `${SESSION_COOKIE}=${token}` }
}

/** A learner's way through every course (even or odd courses by `half`), `rounds` times: the second time, quizzes are new attempts. */
async function walk(
	origin: string,
	learner: Learner,
	half: number,
	rounds: number,
	/** Set by the first walk that fails: the others stop at their next request. */
	stop: { failed: boolean },
) {
	const { courses } = await getCatalog()
	let requests = 0
	const send = async (pathname: string, form?: URLSearchParams) => {
		if (stop.failed) throw STOPPED
		requests++
		const status = await request(origin, pathname, learner.cookie, form).catch(
			(error: unknown) => {
				stop.failed = true
				throw error
			},
		)
		if (status >= 400) {
			stop.failed = true
			throw new Error(
				`warm-up: ${form ? 'POST' : 'GET'} ${pathname}: HTTP ${status}`,
			)
		}
	}
	for (let round = 1; round <= rounds; round++) {
		await send('/courses')
		for (const [c, course] of courses.entries()) {
			if (c % 2 !== half) continue
			for (const [j, lesson] of course.lessons.entries()) {
				const page = `/courses/${course.slug}/${lesson.slug}`
				await send(page)
				if (j % 3 === 0 || !lessonHasQuiz(lesson))
					await send(page, new URLSearchParams({ intent: 'read' }))
				if (lessonHasQuiz(lesson)) await send(page, passingForm(lesson, round))
			}
			await send(`/courses/${course.slug}`)
		}
	}
	return requests
}

function passingForm(lesson: CatalogLesson, attempt: number) {
	const form = new URLSearchParams({ intent: 'quiz', attempt: String(attempt) })
	for (const question of lesson.i18n.fr.quiz)
		for (const choice of question.choices)
			if (choice.correct) form.append(`q-${question.id}`, choice.id)
	return form
}

async function withLoopbackServer<T>(
	handler: RequestListener,
	work: (origin: string) => Promise<T>,
): Promise<T> {
	const server = http.createServer({ keepAlive: true }, handler)
	// Exclusive: in a cluster worker, a port of this process's own rather than one shared through the primary.
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject)
		server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, resolve)
	})
	const address = server.address()
	const port = typeof address === 'object' && address ? address.port : 0
	try {
		return await work(`http://127.0.0.1:${port}`)
	} finally {
		server.closeAllConnections()
		await new Promise((resolve) => server.close(resolve))
	}
}

const agent = new http.Agent({ keepAlive: true })

/** One request as a browser sends it (gzip accepted, same origin); the body is read to the end. */
function request(
	origin: string,
	pathname: string,
	cookie: string,
	form?: URLSearchParams,
): Promise<number> {
	const body = form?.toString()
	return new Promise((resolve, reject) => {
		const req = http.request(
			`${origin}${pathname}`,
			{
				agent,
				method: form ? 'POST' : 'GET',
				headers: {
					'Accept-Encoding': 'gzip',
					Cookie: cookie,
					...(body === undefined
						? {}
						: {
								Origin: origin,
								'Content-Type': 'application/x-www-form-urlencoded',
								'Content-Length': Buffer.byteLength(body),
							}),
				},
			},
			(res) => {
				res.resume()
				res.once('end', () => resolve(res.statusCode ?? 0))
				res.once('error', reject)
			},
		)
		req.once('error', reject)
		req.end(body)
	})
}
