import { expect, test } from 'vitest'
import { findLesson } from '#app/courses/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import { OWNER_HEADER, USER_HEADER } from '#app/offline/protocol.ts'
import { offlineUserKey } from '#app/offline/replay.server.ts'
import { loader as rootLoader } from '#app/root.tsx'
import { action } from '#app/routes/courses.$course.$lesson.tsx'
import {
	createUser,
	form,
	requestAs,
	rightAnswers,
	settle,
} from '#tests/support/factories.ts'

/**
 * Writes replayed from a phone's offline queue (app/offline): each carries
 * the id the phone made for it, so that sending it twice records it once and
 * the second send gets the first result; a replay names the account that
 * made it, and is never recorded for another.
 */

const params = {
	course: 'creer-son-entreprise',
	lesson: 'couts-et-seuil-de-rentabilite',
}
const url = `/courses/${params.course}/${params.lesson}`
const lesson = (await findLesson(params.course, params.lesson))!.lesson
const rightAnswerForm = Object.fromEntries(
	Object.entries(rightAnswers(lesson)).map(([id, chosen]) => [
		`q-${id}`,
		chosen,
	]),
)
const wrongAnswerForm = Object.fromEntries(
	lesson.i18n.fr.quiz.map((q) => [
		`q-${q.id}`,
		q.choices.find((c) => !c.correct)!.id,
	]),
)

type QuizReply = {
	feedback: { attempt: number; passed: boolean; score: number } | null
	stale: boolean
	conflict?: boolean
}

async function post(
	userId: string | null,
	values: Record<string, string | string[]>,
	headers: Record<string, string> = {},
) {
	return settle(
		(async () =>
			action({
				request: await requestAs(userId, url, {
					method: 'POST',
					body: form(values),
					headers,
				}),
				params,
				context: {} as never,
			}))(),
	)
}

const clientId = () => crypto.randomUUID()

test('quiz answers sent twice with the same phone id are graded and recorded once; the second send gets the first result', async () => {
	const learner = await createUser()
	const id = clientId()
	const owner = { [OWNER_HEADER]: offlineUserKey(learner.id) }
	const first = await post(
		learner.id,
		{ intent: 'quiz', attempt: '1', clientId: id, ...wrongAnswerForm },
		owner,
	)
	expect(first.status).toBe(200)
	const firstReply = (await first.json()) as QuizReply
	expect(firstReply.feedback).toMatchObject({ attempt: 1, passed: false })

	// The queue sends it again (its first answer was lost), even with other answers in the body.
	const again = await post(
		learner.id,
		{ intent: 'quiz', attempt: '1', clientId: id, ...rightAnswerForm },
		owner,
	)
	expect(again.status).toBe(200)
	const againReply = (await again.json()) as QuizReply
	expect(againReply.conflict).toBeUndefined()
	expect(againReply.feedback).toEqual(firstReply.feedback)

	const rows = await prisma.quizAttempt.findMany({
		where: { userId: learner.id },
	})
	expect(rows).toHaveLength(1)
	expect(rows[0]).toMatchObject({ number: 1, clientId: id, passed: false })
})

test('answers made elsewhere for an attempt already graded are not counted, and the learner is told so with that attempt’s result', async () => {
	const learner = await createUser()
	const online = await post(learner.id, {
		intent: 'quiz',
		attempt: '1',
		clientId: clientId(),
		...rightAnswerForm,
	})
	expect(online.status).toBe(200)
	// The phone answered attempt 1 offline meanwhile, under its own id.
	const offline = await post(
		learner.id,
		{ intent: 'quiz', attempt: '1', clientId: clientId(), ...wrongAnswerForm },
		{ [OWNER_HEADER]: offlineUserKey(learner.id) },
	)
	expect(offline.status).toBe(409)
	const reply = (await offline.json()) as QuizReply
	expect(reply.conflict).toBe(true)
	expect(reply.feedback).toMatchObject({ attempt: 1, passed: true })
	expect(
		await prisma.quizAttempt.count({ where: { userId: learner.id } }),
	).toBe(1)

	// A form without an id (no JavaScript) sent again is shown as graded, as before.
	const noId = await post(learner.id, {
		intent: 'quiz',
		attempt: '1',
		...wrongAnswerForm,
	})
	expect(noId.status).toBe(200)
	expect(((await noId.json()) as QuizReply).feedback).toMatchObject({
		passed: true,
	})
})

test('a phone id reused for another attempt number records nothing new', async () => {
	const learner = await createUser()
	const id = clientId()
	await post(learner.id, {
		intent: 'quiz',
		attempt: '1',
		clientId: id,
		...wrongAnswerForm,
	})
	const reused = await post(learner.id, {
		intent: 'quiz',
		attempt: '2',
		clientId: id,
		...rightAnswerForm,
	})
	expect(reused.status).toBe(400)
	expect(((await reused.json()) as QuizReply).stale).toBe(true)
	expect(
		await prisma.quizAttempt.count({ where: { userId: learner.id } }),
	).toBe(1)
})

test('a read mark sent twice with the same phone id is recorded once, and both sends lead to the quiz', async () => {
	const learner = await createUser()
	const id = clientId()
	const sends = [] as Response[]
	for (let i = 0; i < 2; i++)
		sends.push(
			await post(
				learner.id,
				{ intent: 'read', clientId: id },
				{ [OWNER_HEADER]: offlineUserKey(learner.id) },
			),
		)
	for (const sent of sends) {
		expect(sent.status).toBe(302)
		expect(sent.headers.get('Location')).toBe(`${url}#quiz`)
	}
	const marks = await prisma.lessonRead.findMany({
		where: { userId: learner.id },
	})
	expect(marks).toHaveLength(1)
	expect(marks[0]!.clientId).toBe(id)
})

test('a replay made by another account is refused by name, one arriving after sign-out goes to the sign-in page, and a malformed id is named', async () => {
	const learner = await createUser()
	const other = await createUser()
	const foreign = await post(
		learner.id,
		{ intent: 'quiz', attempt: '1', clientId: clientId(), ...rightAnswerForm },
		{ [OWNER_HEADER]: offlineUserKey(other.id) },
	)
	expect(foreign.status).toBe(409)
	expect(await foreign.text()).toBe('errors.offlineOtherAccount')

	const signedOut = await post(
		null,
		{ intent: 'quiz', attempt: '1', clientId: clientId(), ...rightAnswerForm },
		{ [OWNER_HEADER]: offlineUserKey(learner.id) },
	)
	expect(signedOut.status).toBe(302)
	expect(signedOut.headers.get('Location')).toBe(
		`/login?redirectTo=${encodeURIComponent(url)}`,
	)

	const malformed = await post(learner.id, {
		intent: 'read',
		clientId: 'x"><script>',
	})
	expect(malformed.status).toBe(400)
	expect(await malformed.text()).toBe('errors.badClientId')

	expect(
		await prisma.quizAttempt.count({
			where: { userId: { in: [learner.id, other.id] } },
		}),
	).toBe(0)
	expect(await prisma.lessonRead.count({ where: { userId: learner.id } })).toBe(
		0,
	)
})

test('responses to a signed-in person name their offline key; a visitor’s name none', async () => {
	const learner = await createUser()
	const signedIn = await settle(
		rootLoader({
			request: await requestAs(learner.id, '/'),
			params: {},
			context: {} as never,
		}),
	)
	expect(signedIn.headers.get(USER_HEADER)).toBe(offlineUserKey(learner.id))
	const visitor = await settle(
		rootLoader({
			request: await requestAs(null, '/'),
			params: {},
			context: {} as never,
		}),
	)
	expect(visitor.headers.get(USER_HEADER)).toBeNull()
	expect(offlineUserKey(learner.id)).not.toContain(learner.id)
})
