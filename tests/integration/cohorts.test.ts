import { describe, expect, test } from 'vitest'
import { createCohort, joinCohort } from '#app/cohorts/cohorts.server.ts'
import { getCohortReport } from '#app/cohorts/reports.server.ts'
import { findCourse } from '#app/courses/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import {
	action as dashboardAction,
	loader as dashboardLoader,
} from '#app/routes/cohorts.$cohortId._index.tsx'
import { loader as exportCsv } from '#app/routes/cohorts.$cohortId.export[.]csv.ts'
import { action as newCohortAction } from '#app/routes/cohorts.new.tsx'
import { loader as reportsLoader } from '#app/routes/reports._index.tsx'
import {
	completeCourse,
	createUser,
	form,
	requestAs,
	settle,
	takeQuiz,
} from '#tests/support/factories.ts'

const cohortInput = (courses = ['genre-et-inclusion']) => ({
	name: 'Cohorte test',
	programme: 'Programme test',
	kind: 'entrepreneurship' as const,
	courses,
	country: 'CM',
	region: 'Centre',
	communes: ['Akonolinga'],
	startDate: new Date('2026-01-01'),
	endDate: new Date('2026-12-31'),
	capacity: null,
})

describe('who may see and change a cohort', () => {
	test('a trainer cannot read or change another trainer’s cohort; a learner gets 403; an admin sees it', async () => {
		const [owner, other, learner, admin] = await Promise.all([
			createUser({ role: 'trainer' }),
			createUser({ role: 'trainer' }),
			createUser({ role: 'learner' }),
			createUser({ role: 'admin' }),
		])
		const cohort = await createCohort(owner, cohortInput())
		const url = `/cohorts/${cohort.id}`
		const params = { cohortId: cohort.id }

		const mine = await settle(
			(async () =>
				dashboardLoader({
					request: await requestAs(owner.id, url),
					params,
					context: {} as never,
				}))(),
		)
		expect(mine.status).toBe(200)
		const theirs = await settle(
			(async () =>
				dashboardLoader({
					request: await requestAs(other.id, url),
					params,
					context: {} as never,
				}))(),
		)
		expect(theirs.status).toBe(404)
		const change = await settle(
			(async () =>
				dashboardAction({
					request: await requestAs(other.id, url, {
						method: 'POST',
						body: form({ intent: 'close' }),
					}),
					params,
					context: {} as never,
				}))(),
		)
		expect(change.status).toBe(404)
		expect(
			(await prisma.cohort.findUniqueOrThrow({ where: { id: cohort.id } }))
				.enrollmentOpen,
		).toBe(true)
		const csv = await settle(
			(async () =>
				exportCsv({
					request: await requestAs(other.id, `${url}/export.csv`),
					params,
					context: {} as never,
				}))(),
		)
		expect(csv.status).toBe(404)

		const asLearner = await settle(
			(async () =>
				dashboardLoader({
					request: await requestAs(learner.id, url),
					params,
					context: {} as never,
				}))(),
		)
		expect(asLearner.status).toBe(403)
		const anonymous = await settle(
			(async () =>
				dashboardLoader({
					request: await requestAs(null, url),
					params,
					context: {} as never,
				}))(),
		)
		expect(anonymous.status).toBe(302)
		expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)

		const asAdmin = await settle(
			(async () =>
				dashboardLoader({
					request: await requestAs(admin.id, url),
					params,
					context: {} as never,
				}))(),
		)
		expect(asAdmin.status).toBe(200)
	})

	test('creating a cohort with bad input answers 400 with field errors, not a 500', async () => {
		const trainer = await createUser({ role: 'trainer' })
		const request = await requestAs(trainer.id, '/cohorts/new', {
			method: 'POST',
			body: form({
				name: 'X',
				programme: 'P',
				kind: 'course',
				country: 'Cameroun',
				startDate: '2026-05-01',
				endDate: '2026-04-01',
				courses: ['no-such-course'],
			}),
		})
		const res = await settle(
			newCohortAction({ request, params: {}, context: {} as never }),
		)
		expect(res.status).toBe(400)
		const body = (await res.json()) as {
			result: { error: Record<string, string[]> }
		}
		expect(body.result.error).toMatchObject({
			name: ['cohorts.errors.nameShort'],
			country: ['cohorts.errors.country'],
			endDate: ['cohorts.errors.endBeforeStart'],
			courses: ['cohorts.errors.unknownCourse'],
		})
		expect(
			await prisma.cohort.count({ where: { createdById: trainer.id } }),
		).toBe(0)
	})
})

describe('joining', () => {
	test('by code, once; closed and full cohorts refuse', async () => {
		const trainer = await createUser({ role: 'trainer' })
		const cohort = await createCohort(trainer, {
			...cohortInput(),
			capacity: 1,
		})
		const [a, b] = await Promise.all([createUser(), createUser()])
		expect(await joinCohort(a.id, cohort.joinCode.toLowerCase())).toMatchObject(
			{ result: 'joined' },
		)
		expect(await joinCohort(a.id, cohort.joinCode)).toMatchObject({
			result: 'already',
		})
		expect(await joinCohort(b.id, cohort.joinCode)).toMatchObject({
			result: 'full',
		})
		await prisma.cohort.update({
			where: { id: cohort.id },
			data: { enrollmentOpen: false, capacity: null },
		})
		expect(await joinCohort(b.id, cohort.joinCode)).toMatchObject({
			result: 'closed',
		})
		expect(await joinCohort(b.id, 'NOPE1234')).toMatchObject({
			result: 'notFound',
		})
	})
})

describe('progress, completion and reports', () => {
	test('20 concurrent completion requests record one completion and one certificate', async () => {
		const trainer = await createUser({ role: 'trainer' })
		const learner = await createUser({ name: 'Hélène Ngo Biyong' })
		const cohort = await createCohort(trainer, cohortInput())
		await joinCohort(learner.id, cohort.joinCode)
		const course = (await findCourse('genre-et-inclusion'))!
		const [last, ...others] = [...course.lessons].reverse()
		for (const lesson of others)
			await takeQuiz(learner.id, course.slug, lesson.slug)
		// The same passing form sent 10 times, and 10 more attempts, at once.
		await Promise.all([
			...Array.from({ length: 10 }, () =>
				takeQuiz(learner.id, course.slug, last!.slug, { number: 1 }),
			),
			...Array.from({ length: 10 }, (_, i) =>
				takeQuiz(learner.id, course.slug, last!.slug, { number: i + 2 }),
			),
		])
		expect(
			await prisma.courseCompletion.count({ where: { userId: learner.id } }),
		).toBe(1)
		expect(
			await prisma.certificate.count({ where: { userId: learner.id } }),
		).toBe(1)
		expect(
			await prisma.quizAttempt.count({
				where: { userId: learner.id, lessonSlug: last!.slug },
			}),
		).toBe(11)
		// Completing the cohort's course moves an entrepreneurship enrollment to "trained".
		expect(
			(
				await prisma.enrollment.findFirstOrThrow({
					where: { userId: learner.id },
				})
			).stage,
		).toBe('trained')
	})

	test('the dashboard counts completion, funnel and disaggregation', async () => {
		const trainer = await createUser({ role: 'trainer' })
		const cohort = await createCohort(trainer, cohortInput())
		const course = (await findCourse('genre-et-inclusion'))!
		const year = new Date().getFullYear()
		const people = await Promise.all([
			createUser({
				gender: 'woman',
				birthYear: year - 20,
				commune: 'Garoua 1er',
			}),
			createUser({
				gender: 'woman',
				birthYear: year - 27,
				commune: 'Garoua 1er',
			}),
			createUser({
				gender: 'man',
				birthYear: year - 40,
				commune: 'Akonolinga',
			}),
			createUser({}),
		])
		for (const p of people) await joinCohort(p.id, cohort.joinCode)
		await completeCourse(people[0]!.id, course.slug)
		await takeQuiz(people[2]!.id, course.slug, course.lessons[0]!.slug)

		const report = (await getCohortReport({
			actor: trainer,
			cohortId: cohort.id,
		}))!
		expect(report.summary.total).toBe(4)
		expect(report.summary.completed).toBe(1)
		expect(report.summary.completionRate).toBe(25)
		// Trained by completing the course, never selected: "selected" stays at 0.
		expect(report.summary.funnel).toEqual([
			{ stage: 'identified', count: 4 },
			{ stage: 'selected', count: 0 },
			{ stage: 'trained', count: 1 },
			{ stage: 'created', count: 0 },
			{ stage: 'followed_up', count: 0 },
		])
		expect(report.summary.byGender).toEqual([
			{ key: 'woman', enrolled: 2, completed: 1 },
			{ key: 'man', enrolled: 1, completed: 0 },
			{ key: 'undisclosed', enrolled: 0, completed: 0 },
			{ key: 'unknown', enrolled: 1, completed: 0 },
		])
		expect(report.summary.byAge.find((b) => b.key === '18-24')).toEqual({
			key: '18-24',
			enrolled: 1,
			completed: 1,
		})
		expect(report.summary.byAge.find((b) => b.key === 'over35')).toEqual({
			key: 'over35',
			enrolled: 1,
			completed: 0,
		})
		expect(report.summary.byCommune[0]).toEqual({
			key: 'Garoua 1er',
			enrolled: 2,
			completed: 1,
		})
		expect(
			report.summary.distribution.find((d) => d.bucket === '100')!.count,
		).toBe(1)
		expect(
			report.summary.distribution.find((d) => d.bucket === '0')!.count,
		).toBe(2)
		const mid = report.facts.find((f) => f.userId === people[2]!.id)!
		expect(mid.progress).toBe(Math.round(100 / course.lessons.length))

		const csv = await exportCsv({
			request: await requestAs(trainer.id, `/cohorts/${cohort.id}/export.csv`),
			params: { cohortId: cohort.id },
			context: {} as never,
		})
		const bytes = new Uint8Array(await csv.arrayBuffer())
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
		const text = new TextDecoder().decode(bytes)
		expect(text.split('\r\n')[0]).toMatch(/^Cohorte;Programme;Nom;/)
		expect(text.split('\r\n').filter(Boolean)).toHaveLength(5)

		const programme = await settle(
			(async () =>
				reportsLoader({
					request: await requestAs(
						trainer.id,
						'/reports?programme=Programme%20test',
					),
					params: {},
					context: {} as never,
				}))(),
		)
		const body = (await programme.json()) as {
			summary: { total: number; completed: number }
			cohorts: number
		}
		expect(body.cohorts).toBe(1)
		expect(body.summary).toMatchObject({ total: 4, completed: 1 })
	})
})
