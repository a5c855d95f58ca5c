import fs from 'node:fs'
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
	readForm,
	send,
	tempDir,
	type Course,
	type Learner,
	type Lesson,
} from './support.ts'
import { prng } from '#app/utils/prng.ts'

/**
 * A power cut in the middle of the day: 1,000 lesson completions (passed
 * quizzes) are posted by learners working through whole courses, and the server is killed
 * (SIGKILL, no shutdown handler runs) part way. After a restart on the same
 * data directory, every completion the server acknowledged must be there, the
 * database must be intact, and a course completion must never exist without
 * its one certificate. Learners then pick up where they were, until every
 * completion is in.
 *
 * Quick form (`npm test`): one kill at 40–60 %. Long form (`npm run
 * test:stress`): three kills, at 15–35 %, 40–60 % and 65–85 %.
 * ESSOR_STRESS_SEED replays a run's kill points.
 */

const TOTAL = 1000
const CONCURRENCY = FULL ? 32 : 24
const KILL_WINDOWS: [number, number][] = FULL
	? [
			[0.15, 0.35],
			[0.4, 0.6],
			[0.65, 0.85],
		]
	: [[0.4, 0.6]]
const SEED = Number(
	process.env.ESSOR_STRESS_SEED ?? Math.floor(Math.random() * 1e9),
)

type Step = {
	learner: Learner
	course: Course
	lesson: Lesson
	via: 'read' | 'quiz'
	last: boolean
}
type Plan = { learner: Learner; course: Course; steps: Step[]; next: number }

const key = (s: { learner: Learner; course: Course; lesson: Lesson }) =>
	`${s.learner.id} ${s.course.slug} ${s.lesson.slug}`

let server: RunningServer | undefined
const dataDir = tempDir('essor-crash-')

afterAll(async () => {
	await server?.stop()
	fs.rmSync(dataDir, { recursive: true, force: true })
})

test(`every acknowledged completion survives SIGKILL (${TOTAL} completions, ${KILL_WINDOWS.length} kill(s))`, async () => {
	const started = performance.now()
	const random = prng(SEED)
	console.log(
		`[crash] seed ${SEED} (ESSOR_STRESS_SEED=${SEED} replays the kill points), ${CONCURRENCY} requests in flight`,
	)
	server = await startAppServer(WITH_WARM_UP, { dataDir })

	// Learners each follow one whole course, passing each lesson's quiz (the
	// only way a lesson with a quiz is done), so many finish and are issued a
	// certificate before the kill.
	const courses = loadCatalog()
	const perCourse =
		courses.reduce((n, c) => n + c.lessons.length, 0) / courses.length
	const app = await connectApp(dataDir)
	const learners = await app.createLearners(
		Math.ceil(TOTAL / perCourse) + 1,
		'crash',
	)
	await app.prisma.$disconnect()
	console.log(
		`[crash] server up and ${learners.length} learners ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
	)
	const plans: Plan[] = []
	let planned = 0
	for (const [i, learner] of learners.entries()) {
		if (planned >= TOTAL) break
		const course = courses[i % courses.length]!
		const steps = course.lessons.slice(0, TOTAL - planned).map((lesson, j) => ({
			learner,
			course,
			lesson,
			via: 'quiz' as const,
			last: j === course.lessons.length - 1,
		}))
		planned += steps.length
		plans.push({ learner, course, steps, next: 0 })
	}
	expect(planned).toBe(TOTAL)

	const acked: Step[] = []
	const rounds: {
		killAt: number | null
		ackedBeforeKill: number
		inFlightAtKill: number
		inFlightFound: number
		foundAfterRestart: number
		ms: number
	}[] = []

	/** Posts the remaining steps, learner by learner; kills the server once `killAt` completions are acknowledged. */
	async function run(
		target: RunningServer,
		killAt: number | null,
		which: (p: Plan) => boolean = () => true,
	) {
		const t0 = performance.now()
		const queue = plans.filter((p) => p.next < p.steps.length && which(p))
		const unexpected: string[] = []
		const interrupted: Step[] = []
		let killed = false
		const worker = async () => {
			for (let plan = queue.shift(); plan; plan = queue.shift()) {
				while (plan.next < plan.steps.length) {
					if (killed) return
					const step = plan.steps[plan.next]!
					let reply
					try {
						reply = await send(
							target.url,
							`/courses/${step.course.slug}/${step.lesson.slug}`,
							{
								cookie: step.learner.cookie,
								form:
									step.via === 'quiz'
										? passingQuizForm(step.lesson)
										: readForm(),
							},
						)
					} catch (error) {
						if (killed) interrupted.push(step)
						else unexpected.push(`${key(step)}: ${String(error)}`)
						return
					}
					const ok =
						step.via === 'quiz' ? reply.status === 200 : reply.status === 302
					if (!ok) {
						unexpected.push(
							`${key(step)}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`,
						)
						return
					}
					acked.push(step)
					plan.next++
					if (killAt !== null && !killed && acked.length >= killAt) {
						// Sent at once, from the response callback: the requests in flight die with it.
						killed = true
						process.kill(-target.child.pid!, 'SIGKILL')
					}
				}
			}
		}
		await Promise.all(Array.from({ length: CONCURRENCY }, worker))
		if (killed) await target.kill()
		expect(
			unexpected,
			`errors before the kill:\n${unexpected.join('\n')}`,
		).toEqual([])
		return { interrupted, ms: performance.now() - t0 }
	}

	/** Checks the database after a restart; returns how many acknowledged completions were found. */
	async function verify(label: string, interrupted: Step[]) {
		const check = inspectDatabase(server!.databaseFile)
		try {
			expect(check.integrity(), `${label}: PRAGMA integrity_check`).toBe('ok')
			const done = check.lessonsDone(plans.map((p) => p.learner.id))
			const missing = acked.filter((s) => !done.has(key(s)))
			expect(
				missing.map(key),
				`${label}: acknowledged completions missing`,
			).toEqual([])
			const passedQuiz = check.db.prepare(
				'SELECT COUNT(*) AS n FROM QuizAttempt WHERE userId = ? AND courseSlug = ? AND lessonSlug = ? AND passed = 1',
			)
			const quizMissing = acked.filter(
				(s) =>
					s.via === 'quiz' &&
					(
						passedQuiz.get(s.learner.id, s.course.slug, s.lesson.slug) as {
							n: number
						}
					).n === 0,
			)
			expect(
				quizMissing.map(key),
				`${label}: acknowledged quiz attempts missing`,
			).toEqual([])
			expect(
				check.duplicateCertificates(),
				`${label}: duplicated certificates`,
			).toBe(0)

			// A completion exists exactly when its course's lessons are all done, and always with its one certificate.
			const completions = check.completions(plans.map((p) => p.learner.id))
			expect(
				completions
					.filter((c) => c.certificates !== 1)
					.map(
						(c) =>
							`${c.userId} ${c.courseSlug}: ${c.certificates} certificate(s)`,
					),
				`${label}: completions without exactly one certificate`,
			).toEqual([])
			const completed = new Set(
				completions.map((c) => `${c.userId} ${c.courseSlug}`),
			)
			const byCourse = new Map(courses.map((c) => [c.slug, c]))
			for (const c of completions) {
				const lessons = byCourse.get(c.courseSlug)!.lessons
				expect(
					lessons.every((l) =>
						done.has(`${c.userId} ${c.courseSlug} ${l.slug}`),
					),
					`${label}: completion without all lessons`,
				).toBe(true)
			}
			const finishedAcked = plans.filter(
				(p) =>
					p.steps.length === p.course.lessons.length &&
					p.next === p.steps.length,
			)
			expect(
				finishedAcked.filter(
					(p) => !completed.has(`${p.learner.id} ${p.course.slug}`),
				).length,
				`${label}: acknowledged last lessons without a completion`,
			).toBe(0)
			return {
				found: acked.length - missing.length,
				interruptedFound: interrupted.filter((s) => done.has(key(s))).length,
				completions: completions.length,
				certificates: completions.reduce((n, c) => n + c.certificates, 0),
			}
		} finally {
			check.close()
		}
	}

	for (const [i, [from, to]] of KILL_WINDOWS.entries()) {
		const killAt = Math.floor(TOTAL * (from + random() * (to - from)))
		const { interrupted, ms } = await run(server, killAt)
		const ackedBeforeKill = acked.length
		console.log(
			`[crash] kill ${i + 1}: SIGKILL after ${killAt} acknowledged (${ackedBeforeKill} acknowledged in all, ${interrupted.length} requests in flight died) in ${(ms / 1000).toFixed(1)} s`,
		)
		server = await startAppServer(WITH_WARM_UP, { dataDir })
		const found = await verify(`after kill ${i + 1}`, interrupted)
		console.log(
			`[crash] restart ${i + 1}: ${found.found}/${ackedBeforeKill} acknowledged completions found; ${found.interruptedFound}/${interrupted.length} unacknowledged in-flight ones were committed; integrity_check ok; ${found.completions} course completions, ${found.certificates} certificates, 0 duplicates`,
		)
		rounds.push({
			killAt,
			ackedBeforeKill,
			inFlightAtKill: interrupted.length,
			inFlightFound: found.interruptedFound,
			foundAfterRestart: found.found,
			ms,
		})

		// The restarted server answers, knows the sessions, and shows what was done.
		expect((await send(server.url, '/healthz')).status).toBe(200)
		const sample = acked[Math.floor(acked.length / 2)]!
		const page = await send(
			server.url,
			`/courses/${sample.course.slug}/${sample.lesson.slug}`,
			{ cookie: sample.learner.cookie },
		)
		expect(page.status).toBe(200)
		expect(page.body).toMatch(/<p class="notice">✓/)
	}

	// Learners pick up where they were (the interrupted request is simply sent
	// again): in the long form all of them, until the 1,000 are in; in the
	// quick form those who were part way through a course at the last kill.
	const before = acked.length
	const rest = await run(server, null, FULL ? () => true : (p) => p.next > 0)
	const final = await verify('at the end', [])
	if (FULL) expect(acked.length).toBe(TOTAL)
	console.log(
		`[crash] resumed: ${acked.length - before} more completions acknowledged in ${(rest.ms / 1000).toFixed(1)} s; ${final.found}/${acked.length} acknowledged completions present, ${final.completions} course completions with ${final.certificates} certificates`,
	)

	// Two last lessons posted at once, and a crash between their requests, can
	// leave a course with every lesson done and no completion: the learner's
	// next visit of the course page records it, with its certificate.
	const [late] = await app.createLearners(1, 'crash-late')
	const lateCourse = courses[1]!
	await app.prisma.lessonProgress.createMany({
		data: lateCourse.lessons.map((l) => ({
			userId: late!.id,
			courseSlug: lateCourse.slug,
			lessonSlug: l.slug,
			via: 'quiz',
			contentVersion: 'stress',
		})),
	})
	await app.prisma.$disconnect()
	expect(
		(
			await send(server.url, `/courses/${lateCourse.slug}`, {
				cookie: late!.cookie,
			})
		).status,
	).toBe(200)
	const healed = inspectDatabase(server.databaseFile)
	expect(
		healed.completions([late!.id]).map((c) => [c.courseSlug, c.certificates]),
	).toEqual([[lateCourse.slug, 1]])
	healed.close()

	// A certificate issued before a kill verifies on the restarted server.
	const check = inspectDatabase(server.databaseFile)
	const code = (
		check.db
			.prepare(
				"SELECT code FROM Certificate WHERE userId = ? AND kind = 'course'",
			)
			.get(plans[0]!.learner.id) as { code: string }
	).code
	check.close()
	const verified = await send(server.url, `/verify/${code}`)
	expect(verified.status).toBe(200)
	expect(verified.body).toContain('data-status="valid"')
	expect(verified.body).toContain(code)
	console.log(
		`[crash] total ${((performance.now() - started) / 1000).toFixed(1)} s`,
	)
	console.log(
		`[crash] summary ${JSON.stringify({ seed: SEED, total: TOTAL, concurrency: CONCURRENCY, rounds, completions: final.completions, certificates: final.certificates })}`,
	)
})
