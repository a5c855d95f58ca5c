import { expect, test } from 'vitest'
import {
	cashFlowLine,
	lessonFrontmatterSchema,
	type Worksheet,
} from '#app/content/schema.ts'
import {
	computeWorksheet,
	parseAmount,
	validateWorksheet,
} from './worksheets.ts'

const breakEven: Worksheet = {
	id: 'be',
	title: 'Break-even',
	calculation: 'break-even',
	fields: ['fixedCosts', 'unitPrice', 'unitVariableCost'].map((id) => ({
		id,
		label: id,
		type: 'number' as const,
	})),
}
const financing: Worksheet = {
	id: 'fin',
	title: 'Financing',
	calculation: 'financing-balance',
	fields: ['needA', 'needB', 'resourceOwn', 'resourceLoan'].map((id) => ({
		id,
		label: id,
		type: 'number' as const,
	})),
}

test('amounts typed the local way are read', () => {
	expect(parseAmount('150 000')).toBe(150000)
	expect(parseAmount('1\u202f200,5')).toBe(1200.5)
	expect(parseAmount('abc')).toBeNull()
	expect(parseAmount('')).toBeNull()
})

test('break-even rounds the quantity up', () => {
	expect(
		computeWorksheet(breakEven, {
			fixedCosts: '60000',
			unitPrice: '5000',
			unitVariableCost: '2000',
		}),
	).toEqual({
		kind: 'break-even',
		quantity: 20,
		turnover: 100000,
	})
	expect(
		computeWorksheet(breakEven, {
			fixedCosts: '61000',
			unitPrice: '5000',
			unitVariableCost: '2000',
		}),
	).toMatchObject({ quantity: 21 })
	expect(
		computeWorksheet(breakEven, {
			fixedCosts: '1',
			unitPrice: '5',
			unitVariableCost: '5',
		}),
	).toEqual({ kind: 'break-even-impossible' })
	expect(computeWorksheet(breakEven, { fixedCosts: '1' })).toBeNull()
})

test('financing balance sums needs and resources', () => {
	expect(
		computeWorksheet(financing, {
			needA: '100',
			needB: '50',
			resourceOwn: '30',
			resourceLoan: '100',
		}),
	).toEqual({
		kind: 'financing',
		needs: 150,
		resources: 130,
		balance: -20,
	})
})

test('validation names the field that is not a number', () => {
	expect(validateWorksheet(breakEven, { fixedCosts: 'beaucoup' })).toEqual([
		{ field: 'fixedCosts', problem: 'notANumber' },
	])
})

function cashFlowSheet(months: number, extra: string[] = []): Worksheet {
	const ids = ['openingBalance', ...extra]
	for (let m = 1; m <= months; m++) ids.push(`receipts${m}`, `payments${m}`)
	return {
		id: 'cf',
		title: 'Cash flow',
		calculation: 'cash-flow',
		fields: [
			{ id: 'activity', label: 'activity', type: 'text' as const },
			...ids.map((id) => ({ id, label: id, type: 'number' as const })),
		],
	}
}

test('cash flow carries each closing balance into the next month and finds the first month below zero', () => {
	const outcome = computeWorksheet(cashFlowSheet(4), {
		activity: 'Atelier',
		openingBalance: '100 000',
		receipts1: '50000',
		payments1: '120000',
		receipts2: '60000',
		payments2: '80000',
		receipts3: '150000',
		payments3: '90000',
		receipts4: '20000',
		payments4: '200000',
	})
	expect(outcome).toEqual({
		kind: 'cash-flow',
		opening: 100000,
		months: [
			{ month: 1, receipts: 50000, payments: 120000, closing: 30000 },
			{ month: 2, receipts: 60000, payments: 80000, closing: 10000 },
			{ month: 3, receipts: 150000, payments: 90000, closing: 70000 },
			{ month: 4, receipts: 20000, payments: 200000, closing: -110000 },
		],
		firstNegativeMonth: 4,
		lowest: { month: 4, balance: -110000 },
		shortfall: 110000,
	})
})

test('cash flow that never goes below zero has no negative month and no shortfall', () => {
	expect(
		computeWorksheet(cashFlowSheet(2), {
			openingBalance: '10000',
			receipts1: '5000',
			payments1: '15000',
			receipts2: '20000',
			payments2: '1000',
		}),
	).toMatchObject({
		firstNegativeMonth: null,
		lowest: { month: 1, balance: 0 },
		shortfall: 0,
	})
})

test('cash flow reports the first negative month even when cash recovers, and the lowest month apart', () => {
	expect(
		computeWorksheet(cashFlowSheet(4), {
			openingBalance: '0',
			receipts1: '0',
			payments1: '10',
			receipts2: '30',
			payments2: '0',
			receipts3: '0',
			payments3: '50',
			receipts4: '100',
			payments4: '0',
		}),
	).toMatchObject({
		firstNegativeMonth: 1,
		lowest: { month: 3, balance: -30 },
		shortfall: 30,
		months: [
			{ closing: -10 },
			{ closing: 20 },
			{ closing: -30 },
			{ closing: 70 },
		],
	})
})

test('cash flow sums several lines of a month, counts blanks as zero and stops at the last month filled in', () => {
	const sheet = cashFlowSheet(6, ['payments2-rent', 'receipts2-loan'])
	const outcome = computeWorksheet(sheet, {
		receipts1: '1\u202f000',
		receipts2: '200',
		'receipts2-loan': '500',
		payments2: '100',
		'payments2-rent': '300',
		payments3: '50',
	})
	expect(outcome).toEqual({
		kind: 'cash-flow',
		opening: 0,
		months: [
			{ month: 1, receipts: 1000, payments: 0, closing: 1000 },
			{ month: 2, receipts: 700, payments: 400, closing: 1300 },
			{ month: 3, receipts: 0, payments: 50, closing: 1250 },
		],
		firstNegativeMonth: null,
		lowest: { month: 1, balance: 1000 },
		shortfall: 0,
	})
})

test('cash flow starts from a negative opening balance and shows nothing until a month has a figure', () => {
	expect(
		computeWorksheet(cashFlowSheet(2), {
			openingBalance: '-5000',
			receipts1: '2000',
		}),
	).toMatchObject({
		firstNegativeMonth: 1,
		lowest: { month: 1, balance: -3000 },
		shortfall: 3000,
	})
	expect(
		computeWorksheet(cashFlowSheet(2), { openingBalance: '5000' }),
	).toBeNull()
	expect(computeWorksheet(cashFlowSheet(2), {})).toBeNull()
})

test('cash-flow receipts and payments must not be negative, the opening balance may be', () => {
	expect(
		validateWorksheet(cashFlowSheet(2), {
			openingBalance: '-100',
			receipts1: '50',
			payments1: '-30',
			payments2: 'trente',
		}),
	).toEqual([
		{ field: 'payments1', problem: 'negative' },
		{ field: 'payments2', problem: 'notANumber' },
	])
	expect(
		validateWorksheet(financing, { needA: '-10', resourceOwn: '5' }),
	).toEqual([])
})

test('a cash-flow worksheet must declare an opening balance and both lines for every month', () => {
	const lesson = (fields: string[]) =>
		lessonFrontmatterSchema.safeParse({
			title: 't',
			description: 'd',
			duration: 5,
			objectives: ['a', 'b'],
			quiz: [1, 2, 3].map((n) => ({
				id: `q${n}`,
				question: `q${n}`,
				choices: [
					{ id: 'a', text: 'a', correct: true, feedback: 'f' },
					{ id: 'b', text: 'b', feedback: 'f' },
				],
			})),
			worksheets: [
				{
					id: 'cf',
					title: 'Cash flow',
					calculation: 'cash-flow',
					fields: fields.map((id) => ({ id, label: id, type: 'number' })),
				},
			],
			sources: [{ title: 's', url: 'https://example.org' }],
		})
	const messages = (fields: string[]) => {
		const result = lesson(fields)
		return result.success ? [] : result.error.issues.map((i) => i.message)
	}
	expect(
		messages([
			'openingBalance',
			'receipts1',
			'payments1',
			'receipts2',
			'payments2-rent',
		]),
	).toEqual([])
	expect(messages(['receipts1', 'payments1'])).toEqual([
		'cash-flow needs a number field "openingBalance"',
	])
	expect(
		messages([
			'openingBalance',
			'receipts1',
			'payments1',
			'payments3',
			'reciepts3',
		]),
	).toEqual([
		'cash-flow number field "reciepts3" is neither "openingBalance" nor a "receipts<N>" or "payments<N>" line',
		'cash-flow month 2 needs a number field "receipts2"',
		'cash-flow month 2 needs a number field "payments2"',
		'cash-flow month 3 needs a number field "receipts3"',
	])
	expect(messages(['openingBalance'])).toEqual([
		'cash-flow needs number fields "receipts1", "payments1"... for each month',
	])
	expect(messages(['openingBalance', 'receipts25', 'payments25'])).toEqual([
		'cash-flow plans at most 24 months (found month 25)',
	])
})

test('cash-flow lines are read from their field ids', () => {
	expect(cashFlowLine('receipts1')).toEqual({ side: 'receipts', month: 1 })
	expect(cashFlowLine('payments12-rent')).toEqual({
		side: 'payments',
		month: 12,
	})
	expect(cashFlowLine('payments0')).toBeNull()
	expect(cashFlowLine('payments')).toBeNull()
	expect(cashFlowLine('paymentsX')).toBeNull()
	expect(cashFlowLine('openingBalance')).toBeNull()
})
