import { z, type ZodErrorMap } from 'zod'

/** The `t` of react-i18next or remix-i18next, narrowed to what forms need. */
export type Translate = (
	key: string,
	options?: Record<string, unknown>,
) => string

export function fieldLabel(t: Translate, field: string): string {
	return t(`auth.fields.${field}`)
}

/** A translated error message that names its field: "Mot de passe : au moins 10 caractères." */
export function fieldError(
	t: Translate,
	field: string,
	code: string,
	options: Record<string, unknown> = {},
): string {
	return t(`auth.errors.${code}`, { field: fieldLabel(t, field), ...options })
}

/** A refinement issue whose message is translated by the form's error map. */
export function i18nIssue(
	code: string,
	path: (string | number)[],
): z.IssueData {
	return { code: z.ZodIssueCode.custom, path, params: { i18n: code } }
}

function messageCode(
	issue: Parameters<ZodErrorMap>[0],
): [string, Record<string, unknown>] {
	switch (issue.code) {
		case z.ZodIssueCode.invalid_type:
			if (issue.received === 'undefined' || issue.received === 'null')
				return ['required', {}]
			if (issue.expected === 'number' || issue.expected === 'integer')
				return ['notANumber', {}]
			return ['invalid', {}]
		case z.ZodIssueCode.too_small:
			if (issue.type === 'string')
				return [
					Number(issue.minimum) <= 1 ? 'required' : 'tooShort',
					{ min: Number(issue.minimum) },
				]
			if (issue.type === 'number')
				return ['tooSmallNumber', { min: Number(issue.minimum) }]
			return ['invalid', {}]
		case z.ZodIssueCode.too_big:
			if (issue.type === 'string')
				return ['tooLong', { max: Number(issue.maximum) }]
			if (issue.type === 'number')
				return ['tooBigNumber', { max: Number(issue.maximum) }]
			return ['invalid', {}]
		case z.ZodIssueCode.invalid_string:
			return [issue.validation === 'email' ? 'email' : 'invalid', {}]
		case z.ZodIssueCode.invalid_enum_value:
		case z.ZodIssueCode.invalid_literal:
			return ['choice', {}]
		case z.ZodIssueCode.custom: {
			const code: unknown = issue.params?.i18n
			return [typeof code === 'string' ? code : 'invalid', {}]
		}
		default:
			return ['invalid', {}]
	}
}

/** Zod messages in the page's language, each naming its field (pass as parseWithZod's errorMap). */
export function formErrorMap(t: Translate): ZodErrorMap {
	return (issue) => {
		const field =
			[...issue.path]
				.reverse()
				.find((p): p is string => typeof p === 'string') ?? ''
		const [code, options] = messageCode(issue)
		return { message: fieldError(t, field, code, options) }
	}
}

/** A service's refusal of one field (`{ ok: false, field, code }`) as Conform field errors. */
export function outcomeFieldErrors(
	t: Translate,
	outcome: { field: string; code: string },
): Record<string, string[]> {
	return { [outcome.field]: [fieldError(t, outcome.field, outcome.code)] }
}
