import { expect, test } from 'vitest'
import type { Worksheet } from '#app/content/schema.ts'
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
