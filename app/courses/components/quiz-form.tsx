import { useTranslation } from 'react-i18next'
import type { PublicQuizQuestion, QuizFeedback } from '../quiz.server.ts'

type QuizProps = {
	questions: PublicQuizQuestion[]
	attempt: number
	passMark: number
	revealAnswersAfter: number | null
	signedIn: boolean
	loginHref: string
	/** The graded attempt, right after it was submitted. */
	feedback: QuizFeedback | null
	/** Questions left unanswered in the attempt just sent, and what was picked. */
	unanswered: string[]
	answers: Record<string, string[]>
	/** A form that no longer matches the attempt expected (an old tab). */
	stale: boolean
	/** Where "Retake the quiz" leads: the same lesson, a new attempt. */
	retakeHref: string
}

/**
 * The lesson's quiz. Before submission: the attempt's questions, no answers.
 * After: the graded attempt (which questions were wrong, the feedback of the
 * choices picked, the right choices only once allowed) and a link to a new,
 * empty attempt. Plain HTML forms: works without JavaScript.
 */
export function QuizForm(props: QuizProps) {
	const { t } = useTranslation()
	const { feedback, passMark } = props
	return (
		<section className="quiz" aria-labelledby="quiz-title" id="quiz">
			<h2 id="quiz-title">{t('courses.quiz.title')}</h2>
			<p>
				{t('courses.quiz.intro', { passMark })}{' '}
				{props.revealAnswersAfter
					? t('courses.quiz.revealAfter', { count: props.revealAnswersAfter })
					: t('courses.quiz.revealOnPass')}
			</p>
			{!props.signedIn ? (
				<p className="notice">
					<a href={props.loginHref}>{t('courses.quiz.signInToSave')}</a>
				</p>
			) : null}
			{feedback ? (
				<QuizResult {...props} feedback={feedback} />
			) : (
				<QuizQuestions {...props} />
			)}
		</section>
	)
}

function QuizQuestions({
	questions,
	attempt,
	unanswered,
	answers,
	stale,
}: QuizProps) {
	const { t } = useTranslation()
	return (
		<>
			{stale ? (
				<p className="notice error-notice" role="alert">
					{t('courses.quiz.stale')}
				</p>
			) : null}
			{unanswered.length ? (
				<p className="notice error-notice" role="alert">
					{t('courses.quiz.unanswered', {
						list: unanswered
							.map((id) => questions.findIndex((q) => q.id === id) + 1)
							.join(', '),
					})}
				</p>
			) : null}
			<form method="post" action="#quiz" className="stack">
				<input type="hidden" name="intent" value="quiz" />
				<input type="hidden" name="attempt" value={attempt} />
				<p className="muted small" data-testid="quiz-attempt">
					{t('courses.quiz.attemptNumber', { attempt })}
				</p>
				{questions.map((q, index) => (
					<fieldset key={q.id} className="quiz__q" data-question={q.id}>
						<legend>
							{index + 1}. {q.question}
							{q.multiple ? (
								<span className="muted small">
									{' '}
									({t('courses.quiz.multipleHint')})
								</span>
							) : null}
						</legend>
						{q.choices.map((c) => {
							const inputId = `q-${q.id}-${c.id}`
							return (
								<div key={c.id} className="quiz__choice">
									<label className="choice" htmlFor={inputId}>
										<input
											id={inputId}
											type={q.multiple ? 'checkbox' : 'radio'}
											name={`q-${q.id}`}
											value={c.id}
											defaultChecked={answers[q.id]?.includes(c.id)}
										/>
										<span>{c.text}</span>
									</label>
								</div>
							)
						})}
					</fieldset>
				))}
				<p>
					<button type="submit" className="primary">
						{t('courses.quiz.submit')}
					</button>
				</p>
			</form>
		</>
	)
}

function QuizResult({
	feedback,
	passMark,
	retakeHref,
	signedIn,
}: QuizProps & { feedback: QuizFeedback }) {
	const { t } = useTranslation()
	return (
		<>
			<div
				className={`notice${feedback.passed ? '' : ' error-notice'}`}
				role="status"
				id="quiz-result"
			>
				<p>
					<strong>
						{t('courses.quiz.result', {
							correct: feedback.correct,
							total: feedback.total,
							score: feedback.score,
						})}
					</strong>
				</p>
				<p>
					{feedback.passed
						? signedIn
							? t('courses.quiz.passed')
							: t('courses.quiz.passedVisitor')
						: t('courses.quiz.failed', { passMark })}
				</p>
				{feedback.revealed ? null : (
					<p className="small">{t('courses.quiz.answersHidden')}</p>
				)}
			</div>
			<ol className="quiz__review stack" data-testid="quiz-review">
				{feedback.questions.map((q) => (
					<li
						key={q.id}
						className={
							q.correct ? 'quiz__q quiz__q--right' : 'quiz__q quiz__q--wrong'
						}
						data-question={q.id}
					>
						<p>
							<strong>{q.question}</strong>{' '}
							<span className={q.correct ? 'badge' : 'badge badge--wrong'}>
								{q.correct
									? `✓ ${t('courses.quiz.questionRight')}`
									: `✗ ${t('courses.quiz.questionWrong')}`}
							</span>
						</p>
						<ul className="quiz__choices">
							{q.choices
								.filter((c) => c.chosen || c.right)
								.map((c) => (
									<li key={c.id} data-choice={c.id}>
										<strong>
											{c.chosen ? t('courses.quiz.yourAnswer') : null}
											{c.chosen && c.right ? ' — ' : null}
											{c.right ? t('courses.quiz.rightAnswer') : null}
										</strong>{' '}
										: {c.text}
										{c.feedback ? (
											<span className="quiz__feedback">{c.feedback}</span>
										) : null}
									</li>
								))}
						</ul>
					</li>
				))}
			</ol>
			<p>
				<a className="button" href={retakeHref} data-testid="quiz-retake">
					{t('courses.quiz.retry')}
				</a>
			</p>
		</>
	)
}
