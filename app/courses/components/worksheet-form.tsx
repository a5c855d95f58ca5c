import { useTranslation } from 'react-i18next'
import { useLessonContext } from '../lesson-context.tsx'
import { useFormat } from '#app/i18n/use-format.ts'
import type { CashFlowOutcome } from '../worksheets.ts'

export function WorksheetForm({ id }: { id: string }) {
	const { t } = useTranslation()
	const format = useFormat()
	const { worksheets, signedIn, loginHref } = useLessonContext()
	const state = worksheets[id]
	if (!state) return null
	const { definition, values, outcome, errors, saved, updatedAt } = state
	const money = format.integer
	const errorFor = (fieldId: string) => errors.find((e) => e.field === fieldId)
	return (
		<section
			className="worksheet"
			aria-labelledby={`ws-${id}`}
			id={`worksheet-${id}`}
		>
			<p className="worksheet__label">{t('courses.worksheet.label')}</p>
			<h2 id={`ws-${id}`}>{definition.title}</h2>
			{definition.intro ? <p>{definition.intro}</p> : null}
			{!signedIn ? (
				<p className="notice">
					<a href={loginHref}>{t('courses.worksheet.signIn')}</a>
				</p>
			) : null}
			<form method="post" className="stack" action={`#worksheet-${id}`}>
				<input type="hidden" name="intent" value="worksheet" />
				<input type="hidden" name="worksheetId" value={id} />
				{definition.fields.map((field) => {
					const inputId = `ws-${id}-${field.id}`
					const error = errorFor(field.id)
					const describedBy = [
						field.help ? `${inputId}-help` : '',
						error ? `${inputId}-error` : '',
					]
						.filter(Boolean)
						.join(' ')
					const common = {
						id: inputId,
						name: `f-${field.id}`,
						defaultValue: values[field.id] ?? '',
						disabled: !signedIn,
						'aria-invalid': error ? true : undefined,
						'aria-describedby': describedBy || undefined,
					}
					return (
						<div className="field" key={field.id}>
							<label htmlFor={inputId}>
								{field.label}
								{field.unit ? ` (${field.unit})` : ''}
							</label>
							{field.type === 'textarea' ? (
								<textarea {...common} rows={3} maxLength={5000} />
							) : (
								<input
									{...common}
									type="text"
									inputMode={field.type === 'number' ? 'decimal' : undefined}
									maxLength={5000}
								/>
							)}
							{field.help ? (
								<span className="field-help" id={`${inputId}-help`}>
									{field.help}
								</span>
							) : null}
							{error ? (
								<span className="field-error" id={`${inputId}-error`}>
									{t(`courses.worksheet.${error.problem}`, {
										field: field.label,
									})}
								</span>
							) : null}
						</div>
					)
				})}
				{signedIn ? (
					<p>
						<button type="submit" className="primary">
							{t('courses.worksheet.save')}
						</button>
					</p>
				) : null}
			</form>
			{saved ? (
				<p className="notice" role="status">
					{t('courses.worksheet.saved')}
				</p>
			) : null}
			{updatedAt ? (
				<p className="muted small">
					{t('courses.worksheet.lastSaved', {
						date: format.dateTime(updatedAt),
					})}
				</p>
			) : null}
			{outcome ? (
				<div className="worksheet__outcome" role="status">
					{outcome.kind === 'break-even' ? (
						<p>
							<strong>
								{t('courses.worksheet.breakEvenQuantity', {
									quantity: money(outcome.quantity),
									turnover: money(outcome.turnover),
								})}
							</strong>
						</p>
					) : null}
					{outcome.kind === 'break-even-impossible' ? (
						<p className="error">
							{t('courses.worksheet.breakEvenImpossible')}
						</p>
					) : null}
					{outcome.kind === 'financing' ? (
						<>
							<p>
								{t('courses.worksheet.needsTotal', {
									amount: money(outcome.needs),
								})}
							</p>
							<p>
								{t('courses.worksheet.resourcesTotal', {
									amount: money(outcome.resources),
								})}
							</p>
							<p>
								<strong>
									{outcome.balance === 0
										? t('courses.worksheet.balanced')
										: outcome.balance < 0
											? t('courses.worksheet.gap', {
													amount: money(-outcome.balance),
												})
											: t('courses.worksheet.surplus', {
													amount: money(outcome.balance),
												})}
								</strong>
							</p>
						</>
					) : null}
					{outcome.kind === 'cash-flow' ? (
						<CashFlowOutcomeView outcome={outcome} money={money} id={id} />
					) : null}
				</div>
			) : null}
		</section>
	)
}

function CashFlowOutcomeView({
	outcome,
	money,
	id,
}: {
	outcome: CashFlowOutcome
	money: (n: number) => string
	id: string
}) {
	const { t } = useTranslation()
	const last = outcome.months[outcome.months.length - 1]!
	const firstNegative = outcome.months.find(
		(m) => m.month === outcome.firstNegativeMonth,
	)
	return (
		<>
			<p>
				<strong>
					{firstNegative
						? t('courses.worksheet.cashFlowNegative', {
								month: firstNegative.month,
								balance: money(firstNegative.closing),
							})
						: t('courses.worksheet.cashFlowPositive', {
								last: last.month,
							})}
				</strong>
			</p>
			<p>
				{t('courses.worksheet.cashFlowLowest', {
					month: outcome.lowest.month,
					balance: money(outcome.lowest.balance),
				})}
				{outcome.shortfall > 0
					? ` ${t('courses.worksheet.cashFlowShortfall', {
							amount: money(outcome.shortfall),
						})}`
					: null}
			</p>
			<div className="table-wrap">
				<table className="small" aria-describedby={`ws-${id}-cash-opening`}>
					<caption>{t('courses.worksheet.cashFlowCaption')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('courses.worksheet.cashFlowMonthColumn')}</th>
							<th scope="col" className="num">
								{t('courses.worksheet.cashFlowReceipts')}
							</th>
							<th scope="col" className="num">
								{t('courses.worksheet.cashFlowPayments')}
							</th>
							<th scope="col" className="num">
								{t('courses.worksheet.cashFlowClosing')}
							</th>
						</tr>
					</thead>
					<tbody>
						{outcome.months.map((m) => (
							<tr key={m.month}>
								<th scope="row">{m.month}</th>
								<td className="num">{money(m.receipts)}</td>
								<td className="num">{money(m.payments)}</td>
								<td className={m.closing < 0 ? 'num error' : 'num'}>
									{money(m.closing)}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<p className="small" id={`ws-${id}-cash-opening`}>
				{t('courses.worksheet.cashFlowOpening', {
					amount: money(outcome.opening),
				})}
			</p>
		</>
	)
}
