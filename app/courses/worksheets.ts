import { cashFlowLine, type Worksheet } from '#app/content/schema.ts'

export type WorksheetValues = Record<string, string>

export type CashFlowMonth = {
	month: number
	receipts: number
	payments: number
	closing: number
}

export type CashFlowOutcome = {
	kind: 'cash-flow'
	opening: number
	/** Month 1 to the last month the learner filled in. */
	months: CashFlowMonth[]
	/** The first month that closes below zero, or null when cash never runs out. */
	firstNegativeMonth: number | null
	/** The lowest closing balance and the first month it is reached. */
	lowest: { month: number; balance: number }
	/** Extra cash needed at the start for no month to close below zero. */
	shortfall: number
}

export type WorksheetOutcome =
	| { kind: 'break-even'; quantity: number; turnover: number }
	| { kind: 'break-even-impossible' }
	| { kind: 'financing'; needs: number; resources: number; balance: number }
	| CashFlowOutcome
	| null

export function parseAmount(raw: string | undefined): number | null {
	if (raw === undefined) return null
	const cleaned = raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')
	if (!cleaned) return null
	const n = Number(cleaned)
	return Number.isFinite(n) ? n : null
}

/** The figures a worksheet's calculation derives from the learner's numbers. */
export function computeWorksheet(
	worksheet: Worksheet,
	values: WorksheetValues,
): WorksheetOutcome {
	if (worksheet.calculation === 'break-even') {
		const fixed = parseAmount(values.fixedCosts)
		const price = parseAmount(values.unitPrice)
		const variable = parseAmount(values.unitVariableCost)
		if (fixed === null || price === null || variable === null) return null
		if (price <= variable) return { kind: 'break-even-impossible' }
		const quantity = Math.ceil(fixed / (price - variable))
		return { kind: 'break-even', quantity, turnover: quantity * price }
	}
	if (worksheet.calculation === 'financing-balance') {
		const sum = (prefix: string) =>
			worksheet.fields
				.filter((f) => f.type === 'number' && f.id.startsWith(prefix))
				.reduce((total, f) => total + (parseAmount(values[f.id]) ?? 0), 0)
		const needs = sum('need')
		const resources = sum('resource')
		if (!needs && !resources) return null
		return { kind: 'financing', needs, resources, balance: resources - needs }
	}
	if (worksheet.calculation === 'cash-flow') {
		return computeCashFlow(worksheet, values)
	}
	return null
}

/**
 * Closing balance month by month: opening balance + receipts - payments. Blank
 * lines count as zero; months after the last one with a figure are left out, so
 * a plan filled in for three months is not shown as six flat ones.
 */
function computeCashFlow(
	worksheet: Worksheet,
	values: WorksheetValues,
): CashFlowOutcome | null {
	const totals = new Map<number, { receipts: number; payments: number }>()
	let lastFilled = 0
	for (const field of worksheet.fields) {
		if (field.type !== 'number') continue
		const line = cashFlowLine(field.id)
		if (!line) continue
		const amount = parseAmount(values[field.id])
		if (amount === null) continue
		const month = totals.get(line.month) ?? { receipts: 0, payments: 0 }
		month[line.side] += amount
		totals.set(line.month, month)
		lastFilled = Math.max(lastFilled, line.month)
	}
	if (lastFilled === 0) return null
	const opening = parseAmount(values.openingBalance) ?? 0
	const months: CashFlowMonth[] = []
	let balance = opening
	for (let month = 1; month <= lastFilled; month++) {
		const { receipts, payments } = totals.get(month) ?? {
			receipts: 0,
			payments: 0,
		}
		balance += receipts - payments
		months.push({ month, receipts, payments, closing: balance })
	}
	const lowest = months.reduce(
		(low, m) =>
			m.closing < low.balance ? { month: m.month, balance: m.closing } : low,
		{ month: months[0]!.month, balance: months[0]!.closing },
	)
	return {
		kind: 'cash-flow',
		opening,
		months,
		firstNegativeMonth: months.find((m) => m.closing < 0)?.month ?? null,
		lowest,
		shortfall: Math.max(0, -lowest.balance),
	}
}

export const MAX_WORKSHEET_FIELD = 5000

export type WorksheetFieldError = {
	field: string
	problem: 'notANumber' | 'tooLong' | 'negative'
}

export function validateWorksheet(
	worksheet: Worksheet,
	values: WorksheetValues,
): WorksheetFieldError[] {
	const errors: WorksheetFieldError[] = []
	for (const field of worksheet.fields) {
		const value = values[field.id] ?? ''
		if (value.length > MAX_WORKSHEET_FIELD)
			errors.push({ field: field.id, problem: 'tooLong' })
		else if (
			field.type === 'number' &&
			value.trim() &&
			parseAmount(value) === null
		) {
			errors.push({ field: field.id, problem: 'notANumber' })
		} else if (
			worksheet.calculation === 'cash-flow' &&
			field.type === 'number' &&
			cashFlowLine(field.id) &&
			(parseAmount(value) ?? 0) < 0
		) {
			// NOTE: payments are typed as positive amounts and subtracted; a minus sign would add them back.
			errors.push({ field: field.id, problem: 'negative' })
		}
	}
	return errors
}
