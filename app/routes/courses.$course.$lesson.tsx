import {
	json,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getUserId } from '#app/auth/session.server.ts'
import { MdxContent } from '#app/content/mdx.tsx'
import { findLesson, getLessonPage } from '#app/courses/catalog.server.ts'
import { QuizForm } from '#app/courses/components/quiz-form.tsx'
import { noJavaScript } from '#app/courses/handle.ts'
import {
	LessonContextProvider,
	type WorksheetState,
} from '#app/courses/lesson-context.tsx'
import {
	getLessonState,
	getWorksheetEntries,
	markLessonComplete,
	recordLessonVisit,
	recordQuizAttempt,
	saveWorksheetEntry,
} from '#app/courses/progress.server.ts'
import {
	gradeQuiz,
	readAnswers,
	unansweredQuestions,
} from '#app/courses/quiz.server.ts'
import {
	computeWorksheet,
	validateWorksheet,
	type WorksheetFieldError,
	type WorksheetValues,
} from '#app/courses/worksheets.ts'
import { getLanguage } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { badRequest, invariantResponse } from '#app/utils/invariant.ts'

export const handle = noJavaScript

function loginHref(url: URL) {
	return `/login?redirectTo=${encodeURIComponent(url.pathname)}`
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const [lang, userId] = await Promise.all([
		getLanguage(request),
		getUserId(request),
	])
	const page = await getLessonPage(
		params.course ?? '',
		params.lesson ?? '',
		lang,
	)
	invariantResponse(page, 'Lesson not found', { status: 404 })
	const url = new URL(request.url)
	let completed = false
	let entries: Awaited<ReturnType<typeof getWorksheetEntries>> = {}
	if (userId) {
		const [state, saved] = await Promise.all([
			getLessonState(userId, page.course.slug, page.lesson.slug),
			getWorksheetEntries(
				userId,
				page.course.slug,
				page.lesson.worksheets.map((w) => w.id),
			),
		])
		await recordLessonVisit(userId, page.course.slug, page.lesson.slug, {
			lessonSlug: state.lastLesson,
			lastSeenAt: state.lastSeenAt,
		})
		completed = state.completed
		entries = saved
	}
	return json({
		...page,
		lang,
		signedIn: Boolean(userId),
		completed,
		loginHref: loginHref(url),
		savedWorksheet: url.searchParams.get('saved'),
		entries,
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

	if (intent === 'quiz') {
		const quiz = lesson.i18n[lang].quiz
		const answers = readAnswers(form, quiz)
		const unanswered = unansweredQuestions(quiz, answers)
		if (unanswered.length)
			return json(
				{ intent: 'quiz' as const, result: null, unanswered },
				{ status: 400 },
			)
		const result = gradeQuiz(quiz, answers, course.passMark)
		if (userId)
			await recordQuizAttempt(
				userId,
				course.slug,
				lesson.slug,
				result,
				lesson.version,
			)
		return json({ intent: 'quiz' as const, result, unanswered: [] as string[] })
	}

	if (!userId) throw redirect(loginHref(url))

	if (intent === 'read') {
		await markLessonComplete(
			userId,
			course.slug,
			lesson.slug,
			'read',
			lesson.version,
		)
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
			return json(
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

export default function LessonPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
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
					<MdxContent
						code={lesson.code}
						cacheKey={`${lesson.version}:${data.lang}`}
					/>
				</div>
			</LessonContextProvider>
			<QuizForm
				quiz={lesson.quiz}
				passMark={course.passMark}
				result={quizState?.result ?? null}
				unanswered={quizState?.unanswered ?? []}
				signedIn={data.signedIn}
				loginHref={data.loginHref}
			/>
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
			<section className="lesson__complete">
				{data.completed ? (
					<p className="notice">✓ {t('courses.markedRead')}</p>
				) : data.signedIn ? (
					<form method="post">
						<input type="hidden" name="intent" value="read" />
						<button type="submit" className="primary">
							{t('courses.markRead')}
						</button>
					</form>
				) : null}
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
