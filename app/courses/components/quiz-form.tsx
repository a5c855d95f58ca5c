import { useTranslation } from 'react-i18next'
import type { PublicQuizQuestion } from '../catalog.server.ts'
import type { QuizResult } from '../quiz.server.ts'

export function QuizForm({
	quiz,
	passMark,
	result,
	unanswered,
	signedIn,
	loginHref,
}: {
	quiz: PublicQuizQuestion[]
	passMark: number
	result: QuizResult | null
	unanswered: string[]
	signedIn: boolean
	loginHref: string
}) {
	const { t } = useTranslation()
	const byId = new Map(result?.questions.map((q) => [q.id, q]))
	return (
		<section className="quiz" aria-labelledby="quiz-title" id="quiz">
			<h2 id="quiz-title">{t('courses.quiz.title')}</h2>
			<p>{t('courses.quiz.intro', { passMark })}</p>
			{!signedIn ? (
				<p className="notice">
					<a href={loginHref}>{t('courses.quiz.signInToSave')}</a>
				</p>
			) : null}
			{result ? (
				<div
					className={`notice${result.passed ? '' : ' error-notice'}`}
					role="status"
					id="quiz-result"
				>
					<p>
						<strong>
							{t('courses.quiz.result', {
								correct: result.correct,
								total: result.total,
								score: result.score,
							})}
						</strong>
					</p>
					<p>
						{result.passed
							? t('courses.quiz.passed')
							: t('courses.quiz.failed', { passMark })}
					</p>
				</div>
			) : null}
			{unanswered.length ? (
				<p className="notice error-notice" role="alert">
					{t('courses.quiz.unanswered', {
						list: unanswered
							.map((id) => quiz.findIndex((q) => q.id === id) + 1)
							.join(', '),
					})}
				</p>
			) : null}
			<form method="post" action="#quiz" className="stack">
				<input type="hidden" name="intent" value="quiz" />
				{quiz.map((q, index) => {
					const outcome = byId.get(q.id)
					return (
						<fieldset
							key={q.id}
							className={
								outcome
									? outcome.correct
										? 'quiz__q quiz__q--right'
										: 'quiz__q quiz__q--wrong'
									: 'quiz__q'
							}
						>
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
								const feedback = outcome?.feedback.find(
									(f) => f.choiceId === c.id,
								)
								const chosen = outcome?.chosen.includes(c.id)
								return (
									<div key={c.id} className="quiz__choice">
										<label className="choice" htmlFor={inputId}>
											<input
												id={inputId}
												type={q.multiple ? 'checkbox' : 'radio'}
												name={`q-${q.id}`}
												value={c.id}
												defaultChecked={chosen}
											/>
											<span>{c.text}</span>
										</label>
										{feedback ? (
											<p
												className={`quiz__feedback ${feedback.right ? 'quiz__feedback--right' : 'quiz__feedback--wrong'}`}
											>
												<strong>
													{chosen ? `${t('courses.quiz.yourAnswer')} — ` : ''}
													{feedback.right
														? t('courses.quiz.rightAnswer')
														: t('courses.quiz.wrong')}
												</strong>{' '}
												{feedback.text}
											</p>
										) : null}
									</div>
								)
							})}
						</fieldset>
					)
				})}
				<p>
					<button type="submit" className="primary">
						{result ? t('courses.quiz.retry') : t('courses.quiz.submit')}
					</button>
				</p>
			</form>
		</section>
	)
}
