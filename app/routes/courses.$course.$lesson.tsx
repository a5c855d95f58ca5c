import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getUserId } from '#app/auth/session.server.ts'
import {
	recordQuizAttempt,
	recordReadMark,
} from '#app/completion/completion.server.ts'
import type {
	CatalogCourse,
	CatalogLesson,
} from '#app/content/catalog.server.ts'
import { lessonBodyParts } from '#app/content/lesson-html.server.tsx'
import { MdxContent } from '#app/content/mdx.tsx'
import {
	findLesson,
	getLessonPage,
	lessonHasQuiz,
} from '#app/courses/catalog.server.ts'
import { QuizForm } from '#app/courses/components/quiz-form.tsx'
import { WorksheetForm } from '#app/courses/components/worksheet-form.tsx'
import { noJavaScript } from '#app/courses/handle.ts'
import {
	LessonContextProvider,
	type WorksheetState,
} from '#app/courses/lesson-context.tsx'
import {
	findQuizAttempt,
	getLessonState,
	hasPassedQuiz,
	nextAttemptNumber,
	recordLessonVisit,
	saveWorksheetEntry,
} from '#app/courses/progress.server.ts'
import {
	attemptDraw,
	gradeQuiz,
	MAX_ATTEMPT,
	mayRevealAnswers,
	parseStoredAttempt,
	publicQuestions,
	quizFeedback,
	readAnswers,
	unansweredQuestions,
	type QuizTaker,
} from '#app/courses/quiz.server.ts'
import {
	computeWorksheet,
	validateWorksheet,
	type WorksheetFieldError,
	type WorksheetValues,
} from '#app/courses/worksheets.ts'
import type { Language } from '#app/i18n/config.ts'
import { useFormat } from '#app/i18n/use-format.ts'
import { getLanguage } from '#app/i18n/i18n.server.ts'
import { readReplay } from '#app/offline/replay.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { badRequest, invariantResponse } from '#app/utils/invariant.ts'

export const handle = noJavaScript

function loginHref(url: URL) {
	return `/login?redirectTo=${encodeURIComponent(url.pathname)}`
}

/** An attempt number as a form or a URL carries it; null when absent or not one. */
function attemptNumber(value: FormDataEntryValue | string | null) {
	if (typeof value !== 'string' || !/^\d{1,5}$/.test(value)) return null
	const n = Number(value)
	return n >= 1 && n <= MAX_ATTEMPT ? n : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const [lang, userId] = await Promise.all([
		getLanguage(request),
		getUserId(request),
	])
	const [page, found] = await Promise.all([
		getLessonPage(params.course ?? '', params.lesson ?? '', lang),
		findLesson(params.course ?? '', params.lesson ?? ''),
	])
	invariantResponse(page && found, 'Lesson not found', { status: 404 })
	const { course, lesson } = found
	const url = new URL(request.url)
	let state: Awaited<ReturnType<typeof getLessonState>> | null = null
	if (userId) {
		const current = await getLessonState(
			userId,
			course,
			lesson,
			page.lesson.worksheets.map((w) => w.id),
		)
		await recordLessonVisit(userId, page.course.slug, page.lesson.slug, {
			lessonSlug: current.lastLesson,
			lastSeenAt: current.lastSeenAt,
		})
		state = current
	}
	// A signed-in learner's next attempt is the one after those stored; a
	// visitor's (nothing is stored) is the one the URL names.
	const attempt = state
		? state.nextAttempt
		: (attemptNumber(url.searchParams.get('attempt')) ?? 1)
	const taker: QuizTaker = userId ? { userId } : { visitor: true }
	const bodyParts = await lessonBodyParts(
		page.lesson.code,
		page.lesson.version,
		lang,
	)
	return data({
		...page,
		// The body comes already rendered when it can (the compiled MDX is
		// then not sent through the loader's JSON at all).
		lesson: bodyParts
			? { ...page.lesson, code: '', bodyParts }
			: { ...page.lesson, bodyParts: null },
		lang,
		signedIn: Boolean(userId),
		completed: state?.completed ?? false,
		readAt: state?.readAt ?? null,
		quiz: {
			attempt,
			questions: publicQuestions(
				lesson.i18n[lang].quiz,
				attemptDraw(taker, course.slug, lesson, attempt),
			),
			revealAnswersAfter: course.revealAnswersAfter,
		},
		loginHref: loginHref(url),
		savedWorksheet: url.searchParams.get('saved'),
		entries: state?.entries ?? {},
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{
		title: data
			? `${data.lesson.title} — ${data.course.title} — Essor`
			: 'Essor',
	},
	{ name: 'description', content: data?.lesson.description ?? '' },
]

export async function action({ request, params }: ActionFunctionArgs) {
	const found = await findLesson(params.course ?? '', params.lesson ?? '')
	invariantResponse(found, 'Lesson not found', { status: 404 })
	const { course, lesson } = found
	const [lang, userId] = await Promise.all([
		getLanguage(request),
		getUserId(request),
	])
	const form = await readFormData(request)
	const intent = form.get('intent')
	const url = new URL(request.url)

	// Quiz answers and read marks may come from the phone's offline queue (app/offline).
	const { clientId } =
		intent === 'quiz' || intent === 'read'
			? readReplay({ request, form, userId, loginHref: loginHref(url) })
			: { clientId: null }

	if (intent === 'quiz')
		return quizAction({ course, lesson, lang, userId, form, clientId })

	if (!userId) throw redirect(loginHref(url))

	if (intent === 'read') {
		await recordReadMark({ userId, course, lesson, clientId })
		// A lesson with a quiz is done only when its quiz is passed: the read
		// mark is kept as a reading record, and the learner is led to the quiz.
		if (lessonHasQuiz(lesson)) return redirect(`${url.pathname}#quiz`)
		const index = course.lessons.findIndex((l) => l.slug === lesson.slug)
		const next = course.lessons[index + 1]
		return redirect(
			next ? `/courses/${course.slug}/${next.slug}` : `/courses/${course.slug}`,
		)
	}

	if (intent === 'worksheet') {
		const worksheet = lesson.i18n[lang].worksheets.find(
			(w) => w.id === form.get('worksheetId'),
		)
		if (!worksheet) throw badRequest('errors.unknownWorksheet')
		const values: WorksheetValues = Object.fromEntries(
			worksheet.fields.map((f) => {
				const v = form.get(`f-${f.id}`)
				return [f.id, typeof v === 'string' ? v.trim() : '']
			}),
		)
		const errors = validateWorksheet(worksheet, values)
		if (errors.length) {
			return data(
				{
					intent: 'worksheet' as const,
					worksheetId: worksheet.id,
					values,
					errors,
				},
				{ status: 400 },
			)
		}
		await saveWorksheetEntry(userId, course.slug, worksheet.id, values)
		return redirect(
			`${url.pathname}?saved=${encodeURIComponent(worksheet.id)}#worksheet-${worksheet.id}`,
		)
	}

	throw badRequest('errors.unknownAction')
}

type QuizActionData = {
	intent: 'quiz'
	feedback: ReturnType<typeof quizFeedback> | null
	unanswered: string[]
	answers: Record<string, string[]>
	stale: boolean
	/** Answers made for an attempt already graded with others: not counted (see replyStored). */
	conflict?: boolean
}

function quizReply(reply: Omit<QuizActionData, 'intent'>, status = 200) {
	return data<QuizActionData>({ intent: 'quiz', ...reply }, { status })
}

/**
 * Grades an attempt against the draw it showed. A signed-in learner's form
 * carries the attempt number: the next one is graded and kept; one already
 * kept (the same form sent again) is shown as it was graded; any other number
 * is refused, so no one picks a draw by editing the form.
 */
async function quizAction({
	course,
	lesson,
	lang,
	userId,
	form,
	clientId,
}: {
	course: CatalogCourse
	lesson: CatalogLesson
	lang: Language
	userId: string | null
	form: FormData
	clientId: string | null
}) {
	const pool = lesson.i18n[lang].quiz
	const attempt = attemptNumber(form.get('attempt'))
	const stale = { feedback: null, unanswered: [], answers: {}, stale: true }
	if (attempt === null) return quizReply(stale, 400)
	const taker: QuizTaker = userId ? { userId } : { visitor: true }
	if (userId) {
		const next = await nextAttemptNumber(userId, course.slug, lesson.slug)
		if (attempt > next) return quizReply(stale, 400)
		if (attempt < next)
			return replyStored(userId, course, lesson, lang, attempt, clientId)
	}
	const draw = attemptDraw(taker, course.slug, lesson, attempt)
	const answers = readAnswers(form, draw)
	const unanswered = unansweredQuestions(draw, answers)
	if (unanswered.length)
		return quizReply({ feedback: null, unanswered, answers, stale: false }, 400)
	const graded = gradeQuiz(pool, draw, answers, course.passMark)
	if (!userId)
		return quizReply({
			feedback: quizFeedback(pool, draw, graded, {
				attempt,
				reveal: graded.passed,
			}),
			unanswered: [],
			answers: {},
			stale: false,
		})
	const recorded = await recordQuizAttempt({
		userId,
		course,
		lesson,
		number: attempt,
		draw,
		answers,
		graded,
		clientId,
	})
	if (recorded.duplicate)
		return replyStored(userId, course, lesson, lang, attempt, clientId)
	const reveal = mayRevealAnswers({
		passed: graded.passed || (await hasPassedQuiz(userId, course, lesson)),
		attempts: attempt,
		revealAnswersAfter: course.revealAnswersAfter,
	})
	return quizReply({
		feedback: quizFeedback(pool, draw, graded, { attempt, reveal }),
		unanswered: [],
		answers: {},
		stale: false,
	})
}

/**
 * An attempt already kept, shown as it was graded. The same answers sent
 * again (the same phone id, or a form without one) get that result; answers
 * sent under another id were made for the same attempt elsewhere (another
 * tab, or offline while it was taken online): they are not counted, and the
 * learner is told so (409) beside the attempt's result.
 */
async function replyStored(
	userId: string,
	course: CatalogCourse,
	lesson: CatalogLesson,
	lang: Language,
	attempt: number,
	clientId: string | null,
) {
	const [row, shown] = await Promise.all([
		findQuizAttempt(userId, course.slug, lesson.slug, attempt),
		storedFeedback(userId, course, lesson, lang, attempt),
	])
	if (!row || !shown)
		return quizReply(
			{ feedback: null, unanswered: [], answers: {}, stale: true },
			400,
		)
	if (clientId && row.clientId !== clientId)
		return quizReply({ ...shown, conflict: true }, 409)
	return quizReply(shown)
}

/** An attempt already kept, shown as it was graded (against the draw it showed). */
async function storedFeedback(
	userId: string,
	course: CatalogCourse,
	lesson: CatalogLesson,
	lang: Language,
	attempt: number,
) {
	const row = await findQuizAttempt(userId, course.slug, lesson.slug, attempt)
	const stored = row ? parseStoredAttempt(row) : null
	if (!stored) return null
	const pool = lesson.i18n[lang].quiz
	const graded = gradeQuiz(pool, stored.draw, stored.answers, course.passMark)
	const reveal = mayRevealAnswers({
		passed: await hasPassedQuiz(userId, course, lesson),
		attempts: await nextAttemptNumber(userId, course.slug, lesson.slug).then(
			(n) => n - 1,
		),
		revealAnswersAfter: course.revealAnswersAfter,
	})
	return {
		feedback: quizFeedback(pool, stored.draw, graded, { attempt, reveal }),
		unanswered: [],
		answers: {},
		stale: false,
	}
}

export default function LessonPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const format = useFormat()
	const { course, lesson } = data

	const worksheets: Record<string, WorksheetState> = {}
	for (const definition of lesson.worksheets) {
		const saved = data.entries[definition.id as keyof typeof data.entries] as
			{ values: WorksheetValues; updatedAt: string } | undefined
		const failed =
			actionData?.intent === 'worksheet' &&
			actionData.worksheetId === definition.id
				? actionData
				: null
		const values = failed ? failed.values : (saved?.values ?? {})
		worksheets[definition.id] = {
			definition,
			values,
			updatedAt: saved?.updatedAt ?? null,
			outcome: failed ? null : computeWorksheet(definition, values),
			errors: (failed?.errors ?? []) as WorksheetFieldError[],
			saved: data.savedWorksheet === definition.id,
		}
	}
	const quizState = actionData?.intent === 'quiz' ? actionData : null
	const lessonUrl = `/courses/${course.slug}/${lesson.slug}`
	// A new URL (not only a new #fragment), so the browser loads a fresh attempt.
	const retakeHref = `${lessonUrl}?attempt=${(quizState?.feedback?.attempt ?? data.quiz.attempt) + 1}#quiz`

	return (
		<article className="page lesson" lang={data.lang}>
			<nav aria-label={t('courses.syllabus')} className="small">
				<a href={`/courses/${course.slug}`}>← {course.title}</a>
			</nav>
			<p className="muted small">
				{t('courses.lessonPosition', {
					position: data.position,
					total: data.total,
				})}
			</p>
			<progress
				className="lesson__position"
				max={data.total}
				value={data.position}
				aria-label={t('courses.lessonPosition', {
					position: data.position,
					total: data.total,
				})}
			/>
			<h1>{lesson.title}</h1>
			<p className="lead">{lesson.description}</p>
			<section
				className="card lesson__objectives"
				aria-labelledby="objectives-title"
			>
				<h2 id="objectives-title">{t('courses.lessonObjectives')}</h2>
				<ul>
					{lesson.objectives.map((o) => (
						<li key={o}>{o}</li>
					))}
				</ul>
			</section>
			<LessonContextProvider
				value={{
					signedIn: data.signedIn,
					loginHref: data.loginHref,
					worksheets,
				}}
			>
				<div className="prose">
					{lesson.bodyParts ? (
						lesson.bodyParts.map((part, i) =>
							'html' in part ? (
								<div
									key={i}
									className="prose__part"
									dangerouslySetInnerHTML={{ __html: part.html }}
								/>
							) : (
								<WorksheetForm key={i} id={part.worksheet} />
							),
						)
					) : (
						<MdxContent
							code={lesson.code}
							cacheKey={`${lesson.version}:${data.lang}`}
						/>
					)}
				</div>
			</LessonContextProvider>
			{lesson.hasQuiz ? (
				<QuizForm
					questions={data.quiz.questions}
					attempt={data.quiz.attempt}
					passMark={course.passMark}
					revealAnswersAfter={data.quiz.revealAnswersAfter}
					signedIn={data.signedIn}
					loginHref={data.loginHref}
					feedback={quizState?.feedback ?? null}
					unanswered={quizState?.unanswered ?? []}
					answers={quizState?.answers ?? {}}
					stale={quizState?.stale ?? false}
					conflict={quizState?.conflict ?? false}
					retakeHref={retakeHref}
				/>
			) : null}
			<section aria-labelledby="sources-title" className="sources">
				<h2 id="sources-title">{t('courses.sources')}</h2>
				<ul>
					{lesson.sources.map((s) => (
						<li key={s.url}>
							<a href={s.url} rel="noopener noreferrer">
								{s.title}
							</a>
						</li>
					))}
				</ul>
			</section>
			<section className="lesson__complete" data-testid="lesson-status">
				{data.completed ? (
					<p className="notice">
						✓{' '}
						{lesson.hasQuiz
							? t('courses.lessonValidated')
							: t('courses.markedRead')}
					</p>
				) : !data.signedIn ? null : lesson.hasQuiz ? (
					<>
						<p>{t('courses.validatedByQuiz', { passMark: course.passMark })}</p>
						{data.readAt ? (
							<p className="muted small">
								{t('courses.readOn', {
									date: format.date(data.readAt),
								})}{' '}
								<a href="#quiz">{t('courses.goToQuiz')}</a>
							</p>
						) : (
							<form method="post">
								<input type="hidden" name="intent" value="read" />
								<button type="submit" className="secondary">
									{t('courses.markRead')}
								</button>
							</form>
						)}
					</>
				) : (
					<form method="post">
						<input type="hidden" name="intent" value="read" />
						<button type="submit" className="primary">
							{t('courses.markRead')}
						</button>
					</form>
				)}
			</section>
			<nav className="lesson__pager" aria-label={t('courses.lessonPager')}>
				{data.previous ? (
					<a rel="prev" href={`/courses/${course.slug}/${data.previous.slug}`}>
						← {t('courses.previous')} : {data.previous.title}
					</a>
				) : (
					<span />
				)}
				{data.next ? (
					<a rel="next" href={`/courses/${course.slug}/${data.next.slug}`}>
						{t('courses.next')} : {data.next.title} →
					</a>
				) : (
					<a href={`/courses/${course.slug}`}>{t('courses.backToCourse')}</a>
				)}
			</nav>
		</article>
	)
}
