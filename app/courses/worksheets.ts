import type { Worksheet } from '#app/content/schema.ts'

export type WorksheetValues = Record<string, string>

export type WorksheetOutcome =
	| { kind: 'break-even'; quantity: number; turnover: number }
	| { kind: 'break-even-impossible' }
	| { kind: 'financing'; needs: number; resources: number; balance: number }
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
	return null
}

export const MAX_WORKSHEET_FIELD = 5000

export type WorksheetFieldError = {
	field: string
	problem: 'notANumber' | 'tooLong'
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
		}
	}
	return errors
}
