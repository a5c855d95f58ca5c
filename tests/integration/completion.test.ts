import { describe, expect, test } from 'vitest'
import { exportUserData } from '#app/auth/export.server.ts'
import {
	createCohort,
	joinCohort,
	updateCohort,
	type CohortInput,
} from '#app/cohorts/cohorts.server.ts'
import {
	clearStage,
	recordActivityCreated,
	setStage,
} from '#app/cohorts/enrollments.server.ts'
import {
	getStageHistory,
	latestStageChanges,
} from '#app/cohorts/stages.server.ts'
import { recordReadMark } from '#app/completion/completion.server.ts'
import type { CatalogCourse } from '#app/content/catalog.server.ts'
import { findCourse } from '#app/courses/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import {
	action as lessonAction,
	loader as lessonLoader,
} from '#app/routes/courses.$course.$lesson.tsx'
import { loader as courseLoader } from '#app/routes/courses.$course._index.tsx'
import {
	completeCourse,
	createUser,
	form,
	requestAs,
	settle,
	takeQuiz,
} from '#tests/support/factories.ts'

const PRE_CREATION = 'creer-son-entreprise'
const GENDER = 'genre-et-inclusion'

const cohortInput = (
	courses: string[],
	trainedCourses?: string[],
): CohortInput => ({
	name: 'Bootcamp test',
	programme: 'Jeunes entrepreneurs Cameroun',
	kind: 'entrepreneurship',
	courses,
	trainedCourses,
	country: 'CM',
	region: 'Centre',
	communes: ['Akonolinga'],
	startDate: new Date('2026-01-01'),
	endDate: new Date('2026-12-31'),
	capacity: null,
})

async function enrolled(courses: string[], trainedCourses?: string[]) {
	const trainer = await createUser({ role: 'trainer' })
	const learner = await createUser()
	const cohort = await createCohort(
		trainer,
		cohortInput(courses, trainedCourses),
	)
	await joinCohort(learner.id, cohort.joinCode)
	const enrollment = await prisma.enrollment.findFirstOrThrow({
		where: { cohortId: cohort.id, userId: learner.id },
	})
	return { trainer, learner, cohort, enrollment }
}

const enrollmentOf = (id: string) =>
	prisma.enrollment.findUniqueOrThrow({ where: { id } })

describe('completion integrity', () => {
	test('clicking "I have read this lesson" on every lesson, 8 at once, completes nothing: no completion, no certificate, no "trained"', async () => {
		const { learner, enrollment } = await enrolled([PRE_CREATION])
		const course = (await findCourse(PRE_CREATION))!
		const replies = await Promise.all(
			course.lessons.map(async (lesson) =>
				settle(
					lessonAction({
						request: await requestAs(
							learner.id,
							`/courses/${course.slug}/${lesson.slug}`,
							{ method: 'POST', body: form({ intent: 'read' }) },
						),
						params: { course: course.slug, lesson: lesson.slug },
						context: {} as never,
					}),
				),
			),
		)
		expect(replies.map((r) => r.status)).toEqual(course.lessons.map(() => 302))
		const where = { userId: learner.id }
		expect(await prisma.lessonRead.count({ where })).toBe(course.lessons.length)
		expect(await prisma.lessonProgress.count({ where })).toBe(0)
		expect(await prisma.courseCompletion.count({ where })).toBe(0)
		expect(await prisma.certificate.count({ where })).toBe(0)
		expect(await enrollmentOf(enrollment.id)).toMatchObject({
			stage: 'identified',
			trainedAt: null,
			selectedAt: null,
		})
		// The reading records are the learner's data: they are in the export.
		expect((await exportUserData(learner.id)).lessonReads).toHaveLength(
			course.lessons.length,
		)
	})

	test('passing every quiz completes the course once, with one certificate of the course’s hours', async () => {
		const { learner } = await enrolled([GENDER])
		const course = (await findCourse(GENDER))!
		const last = await completeCourse(learner.id, GENDER)
		expect(last.courseCompletion).not.toBeNull()
		// A quiz passed again afterwards changes nothing.
		const again = await takeQuiz(learner.id, GENDER, course.lessons[0]!.slug)
		expect(again).toMatchObject({
			lessonCompleted: false,
			courseCompletion: null,
		})
		const where = { userId: learner.id }
		expect(await prisma.courseCompletion.count({ where })).toBe(1)
		const [certificate] = await prisma.certificate.findMany({ where })
		expect(certificate).toMatchObject({
			courseSlug: GENDER,
			hours: course.hours,
		})
		expect(
			await prisma.certificate.count({
				where: {
					...where,
					issueKey: `completion:${last.courseCompletion!.id}`,
				},
			}),
		).toBe(1)
	})

	test('a failed attempt completes nothing; the lesson is done only once its quiz is passed', async () => {
		const { learner } = await enrolled([GENDER])
		const lesson = (await findCourse(GENDER))!.lessons[0]!
		const failed = await takeQuiz(learner.id, GENDER, lesson.slug, {
			pass: false,
		})
		expect(failed).toMatchObject({ lessonDone: false, duplicate: false })
		expect(
			await prisma.lessonProgress.count({ where: { userId: learner.id } }),
		).toBe(0)
		const passed = await takeQuiz(learner.id, GENDER, lesson.slug)
		expect(passed).toMatchObject({ lessonCompleted: true })
		expect(
			(
				await prisma.quizAttempt.findMany({
					where: { userId: learner.id },
					orderBy: { number: 'asc' },
				})
			).map((a) => [a.number, a.passed]),
		).toEqual([
			[1, false],
			[2, true],
		])
	})

	test('"read" completes a lesson that has no quiz (and its course, when it is the last one)', async () => {
		const learner = await createUser()
		const real = (await findCourse(GENDER))!
		const lesson = {
			...real.lessons[0]!,
			slug: 'lecture-seule',
			i18n: {
				fr: { ...real.lessons[0]!.i18n.fr, quiz: [] },
				en: { ...real.lessons[0]!.i18n.en, quiz: [] },
			},
		}
		const course: CatalogCourse = {
			...real,
			slug: 'cours-sans-quiz',
			lessons: [lesson],
		}
		const outcome = await recordReadMark({ userId: learner.id, course, lesson })
		expect(outcome.lessonCompleted).toBe(true)
		expect(outcome.courseCompletion).not.toBeNull()
		expect(
			await prisma.lessonProgress.findFirstOrThrow({
				where: { userId: learner.id },
			}),
		).toMatchObject({ via: 'read', courseSlug: 'cours-sans-quiz' })
	})

	test('a course whose lessons are all done but whose completion is missing is completed on the course page, with its certificate', async () => {
		const learner = await createUser()
		const course = (await findCourse(GENDER))!
		await prisma.lessonProgress.createMany({
			data: course.lessons.map((l) => ({
				userId: learner.id,
				courseSlug: GENDER,
				lessonSlug: l.slug,
				via: 'quiz',
				contentVersion: l.version,
			})),
		})
		const page = await settle(
			(async () =>
				courseLoader({
					request: await requestAs(learner.id, `/courses/${GENDER}`),
					params: { course: GENDER },
					context: {} as never,
				}))(),
		)
		const data = (await page.json()) as {
			progress: { completedAt: string | null }
			certificateCode: string | null
		}
		expect(data.progress.completedAt).not.toBeNull()
		expect(data.certificateCode).toMatch(/^ESR-/)
		expect(
			await prisma.certificate.count({ where: { userId: learner.id } }),
		).toBe(1)
	})

	test('a lesson counted by a read mark under the former rule: its completion stays, flagged, until its quiz is passed', async () => {
		const learner = await createUser()
		const course = (await findCourse(GENDER))!
		await prisma.lessonProgress.createMany({
			data: course.lessons.map((l, i) => ({
				userId: learner.id,
				courseSlug: GENDER,
				lessonSlug: l.slug,
				via: i < 2 ? 'read' : 'quiz',
				contentVersion: l.version,
			})),
		})
		const completion = await prisma.courseCompletion.create({
			data: {
				userId: learner.id,
				courseSlug: GENDER,
				contentVersion: course.version,
				readOnlyLessons: 2,
			},
		})
		// The lesson page does not call it done: its quiz was never passed.
		const lessonPage = await settle(
			(async () =>
				lessonLoader({
					request: await requestAs(
						learner.id,
						`/courses/${GENDER}/${course.lessons[0]!.slug}`,
					),
					params: { course: GENDER, lesson: course.lessons[0]!.slug },
					context: {} as never,
				}))(),
		)
		expect(
			((await lessonPage.json()) as { completed: boolean }).completed,
		).toBe(false)
		const passed = await takeQuiz(learner.id, GENDER, course.lessons[0]!.slug)
		expect(passed).toMatchObject({
			lessonCompleted: true,
			courseCompletion: null,
		})
		expect(
			await prisma.courseCompletion.findUniqueOrThrow({
				where: { id: completion.id },
			}),
		).toMatchObject({ readOnlyLessons: 1 })
		expect(
			await prisma.courseCompletion.count({ where: { userId: learner.id } }),
		).toBe(1)
		expect(
			await prisma.certificate.count({ where: { userId: learner.id } }),
		).toBe(0)
	})
})

describe('stages follow their definitions', () => {
	test('"trained" comes with the designated course only: the gender course alone sets nothing, and "selected" is never set by it', async () => {
		const { learner, enrollment } = await enrolled(
			[PRE_CREATION, GENDER],
			[PRE_CREATION],
		)
		await completeCourse(learner.id, GENDER)
		expect(await enrollmentOf(enrollment.id)).toMatchObject({
			stage: 'identified',
			trainedAt: null,
			selectedAt: null,
		})
		expect(
			await prisma.stageChange.count({
				where: { enrollmentId: enrollment.id },
			}),
		).toBe(0)

		const { courseCompletion } = await completeCourse(learner.id, PRE_CREATION)
		const after = await enrollmentOf(enrollment.id)
		expect(after).toMatchObject({ stage: 'trained', selectedAt: null })
		expect(after.trainedAt).toEqual(courseCompletion!.completedAt)
		expect(
			await prisma.stageChange.findMany({
				where: { enrollmentId: enrollment.id },
				select: {
					stage: true,
					fromStage: true,
					toStage: true,
					source: true,
					actorId: true,
					detail: true,
				},
			}),
		).toEqual([
			{
				stage: 'trained',
				fromStage: 'identified',
				toStage: 'trained',
				source: 'completion',
				actorId: null,
				detail: JSON.stringify({ courses: [PRE_CREATION] }),
			},
		])
	})

	test('by default every course of the cohort counts for "trained"', async () => {
		const { learner, enrollment, cohort } = await enrolled([
			PRE_CREATION,
			GENDER,
		])
		expect(
			(
				await prisma.cohortCourse.findMany({
					where: { cohortId: cohort.id },
					orderBy: { courseSlug: 'asc' },
				})
			).map((c) => c.countsForTrained),
		).toEqual([true, true])
		await completeCourse(learner.id, GENDER)
		expect((await enrollmentOf(enrollment.id)).stage).toBe('identified')
		await completeCourse(learner.id, PRE_CREATION)
		expect((await enrollmentOf(enrollment.id)).stage).toBe('trained')
	})

	test('designating courses later trains those who have completed them, on the day they did', async () => {
		const { trainer, learner, enrollment, cohort } = await enrolled([
			PRE_CREATION,
			GENDER,
		])
		const { courseCompletion } = await completeCourse(learner.id, GENDER)
		expect((await enrollmentOf(enrollment.id)).trainedAt).toBeNull()
		await updateCohort(
			trainer,
			cohort.id,
			cohortInput([PRE_CREATION, GENDER], [GENDER]),
		)
		expect(await enrollmentOf(enrollment.id)).toMatchObject({
			stage: 'trained',
			trainedAt: courseCompletion!.completedAt,
			selectedAt: null,
		})
	})

	test('a "trained" the trainer removed stays removed when the cohort is saved with the same designated courses; a new designation still applies', async () => {
		const { trainer, enrollment, cohort, learner } = await enrolled([
			PRE_CREATION,
			GENDER,
		])
		await completeCourse(learner.id, PRE_CREATION)
		await completeCourse(learner.id, GENDER)
		expect((await enrollmentOf(enrollment.id)).stage).toBe('trained')
		await clearStage(trainer, cohort.id, enrollment.id, 'trained')
		const historyBefore = await getStageHistory(enrollment.id)
		// A rename, or the same designation given in another order.
		await updateCohort(trainer, cohort.id, {
			...cohortInput([GENDER, PRE_CREATION], [GENDER, PRE_CREATION]),
			name: 'Bootcamp renommé',
		})
		expect(await enrollmentOf(enrollment.id)).toMatchObject({
			stage: 'identified',
			trainedAt: null,
		})
		expect(await getStageHistory(enrollment.id)).toEqual(historyBefore)
		// Designating the gender course alone is a change of rule: it applies.
		await updateCohort(
			trainer,
			cohort.id,
			cohortInput([PRE_CREATION, GENDER], [GENDER]),
		)
		expect((await enrollmentOf(enrollment.id)).stage).toBe('trained')
		expect((await getStageHistory(enrollment.id)).at(-1)).toMatchObject({
			stage: 'trained',
			source: 'completion',
			courses: [GENDER],
		})
	})

	test('a trainer records milestones one by one, removes a mistaken one, and the history says who did what', async () => {
		const { trainer, learner, enrollment, cohort } = await enrolled([
			PRE_CREATION,
		])
		await setStage(
			trainer,
			cohort.id,
			enrollment.id,
			'trained',
			new Date('2026-05-04'),
		)
		expect(await enrollmentOf(enrollment.id)).toMatchObject({
			stage: 'trained',
			trainedAt: new Date('2026-05-04'),
			selectedAt: null,
		})
		await recordActivityCreated(
			trainer,
			cohort.id,
			enrollment.id,
			new Date('2026-06-01'),
			'cooperative',
		)
		await clearStage(trainer, cohort.id, enrollment.id, 'created')
		await clearStage(trainer, cohort.id, enrollment.id, 'trained')
		expect(await enrollmentOf(enrollment.id)).toMatchObject({
			stage: 'identified',
			trainedAt: null,
			activityCreatedAt: null,
			legalForm: null,
		})
		await setStage(
			trainer,
			cohort.id,
			enrollment.id,
			'selected',
			new Date('2026-02-01'),
		)
		const history = await getStageHistory(enrollment.id)
		expect(
			history.map((h) => [
				h.stage,
				h.removed,
				h.toStage,
				h.source,
				h.actorName,
			]),
		).toEqual([
			['identified', false, 'identified', 'join', null],
			['trained', false, 'trained', 'trainer', trainer.name],
			['created', false, 'created', 'trainer', trainer.name],
			['created', true, 'trained', 'trainer', trainer.name],
			['trained', true, 'identified', 'trainer', trainer.name],
			['selected', false, 'selected', 'trainer', trainer.name],
		])
		// Another trainer may do none of it.
		const stranger = await createUser({ role: 'trainer' })
		expect(
			await setStage(stranger, cohort.id, enrollment.id, 'trained', new Date()),
		).toBeNull()
		expect(learner.id).toBeTruthy()
	})
})

test('a stage set under the former rule is named as such, to be checked, in the history and as the dashboard’s last change', async () => {
	const { enrollment } = await enrolled([PRE_CREATION])
	// As migration 20261201070000_former_stage_history writes it.
	await prisma.enrollment.update({
		where: { id: enrollment.id },
		data: { stage: 'trained', trainedAt: new Date('2026-10-02') },
	})
	await prisma.stageChange.create({
		data: {
			id: `former-trained-${enrollment.id}`,
			enrollmentId: enrollment.id,
			stage: 'trained',
			fromStage: 'trained',
			toStage: 'trained',
			reachedAt: new Date('2026-10-02'),
			source: 'former_rule',
			createdAt: new Date('2026-10-02'),
		},
	})
	const history = await getStageHistory(enrollment.id)
	expect(history.at(-1)).toMatchObject({
		stage: 'trained',
		source: 'former_rule',
		actorName: null,
	})
	const latest = await latestStageChanges([enrollment.id])
	expect(latest.get(enrollment.id)).toMatchObject({
		stage: 'trained',
		source: 'former_rule',
		reachedAt: new Date('2026-10-02'),
	})
})
