import { expect, test } from 'vitest'
import { createCohort } from '#app/cohorts/cohorts.server.ts'
import { findCourse } from '#app/courses/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import { action as joinAction } from '#app/routes/join.$code.tsx'
import { loader as trainingLoader } from '#app/routes/training.tsx'
import {
	completeCourse,
	createUser,
	requestAs,
	settle,
	takeQuiz,
} from '#tests/support/factories.ts'

const GENDER = 'genre-et-inclusion'

type Training = {
	joined: string | null
	cohorts: {
		name: string
		courses: {
			slug: string
			hours: number
			lessonsDone: number
			completedAt: string | null
			certificateCode: string | null
			nextLesson: { slug: string; position: number } | null
		}[]
	}[]
	sessions: { title: string }[]
	certificates: { code: string; courseSlug: string | null }[]
}

async function training(userId: string | null, query = '') {
	return settle(
		(async () =>
			trainingLoader({
				request: await requestAs(userId, `/training${query}`),
				params: {},
				context: {} as never,
			}))(),
	)
}

test('joining leads to "my training": the cohort, its course, the next lesson, sessions to come, then the certificate', async () => {
	const trainer = await createUser({ role: 'trainer' })
	const learner = await createUser()
	const cohort = await createCohort(trainer, {
		name: 'Cohorte Garoua',
		programme: 'REMCESS Élus locaux',
		kind: 'course',
		courses: [GENDER],
		country: 'CM',
		region: 'Nord',
		communes: ['Garoua 1er'],
		startDate: new Date('2026-01-01'),
		endDate: new Date('2027-06-30'),
		capacity: null,
	})
	const day = 86_400_000
	await prisma.trainingSession.createMany({
		data: [
			{
				cohortId: cohort.id,
				title: 'Atelier passé',
				date: new Date(Date.now() - 3 * day),
			},
			{
				cohortId: cohort.id,
				title: 'Atelier à venir',
				date: new Date(Date.now() + 3 * day),
			},
		],
	})

	const joined = await settle(
		(async () =>
			joinAction({
				request: await requestAs(learner.id, `/join/${cohort.joinCode}`, {
					method: 'POST',
					body: new FormData(),
				}),
				params: { code: cohort.joinCode },
				context: {} as never,
			}))(),
	)
	expect(joined.status).toBe(302)
	const location = joined.headers.get('Location')!
	expect(location).toBe(`/training?joined=${cohort.id}`)

	const course = (await findCourse(GENDER))!
	const first = (await (
		await training(learner.id, location.slice('/training'.length))
	).json()) as Training
	expect(first.joined).toBe('Cohorte Garoua')
	expect(first.cohorts.map((c) => c.name)).toEqual(['Cohorte Garoua'])
	expect(first.cohorts[0]!.courses[0]).toMatchObject({
		slug: GENDER,
		hours: course.hours,
		lessonsDone: 0,
		completedAt: null,
		nextLesson: { slug: course.lessons[0]!.slug, position: 1 },
	})
	expect(first.sessions.map((s) => s.title)).toEqual(['Atelier à venir'])
	expect(first.certificates).toEqual([])

	// A read mark is no progress; a passed quiz is.
	await prisma.lessonRead.create({
		data: {
			userId: learner.id,
			courseSlug: GENDER,
			lessonSlug: course.lessons[0]!.slug,
		},
	})
	await takeQuiz(learner.id, GENDER, course.lessons[0]!.slug)
	const second = (await (await training(learner.id)).json()) as Training
	expect(second.joined).toBeNull()
	expect(second.cohorts[0]!.courses[0]).toMatchObject({
		lessonsDone: 1,
		nextLesson: { slug: course.lessons[1]!.slug, position: 2 },
	})

	await completeCourse(learner.id, GENDER)
	const done = (await (await training(learner.id)).json()) as Training
	const view = done.cohorts[0]!.courses[0]!
	expect(view.completedAt).not.toBeNull()
	expect(view.nextLesson).toBeNull()
	expect(view.certificateCode).toMatch(/^ESR-/)
	expect(done.certificates.map((c) => c.code)).toEqual([view.certificateCode])
})

test('"my training" is for signed-in people; someone in no cohort is shown how to join', async () => {
	const visitor = await training(null)
	expect(visitor.status).toBe(302)
	expect(visitor.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
	const alone = await createUser()
	const data = (await (await training(alone.id)).json()) as Training
	expect(data.cohorts).toEqual([])
})
