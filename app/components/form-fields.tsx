import {
	getInputProps,
	getSelectProps,
	type FieldMetadata,
} from '@conform-to/react'
import type { InputHTMLAttributes, ReactNode } from 'react'

/** Labelled Conform fields with their errors and help text, for forms that work with or without JavaScript. */

export function ErrorList({
	id,
	errors,
}: {
	id?: string
	errors?: string[] | null
}) {
	if (!errors?.length) return null
	return (
		<ul id={id} className="field-errors">
			{errors.map((error) => (
				<li key={error} className="field-error">
					{error}
				</li>
			))}
		</ul>
	)
}

/** The form's own errors (not tied to one field), announced to screen readers. */
export function FormErrors({
	id,
	errors,
}: {
	id?: string
	errors?: string[] | null
}) {
	if (!errors?.length) return null
	return (
		<div id={id} className="notice error-notice" role="alert">
			{errors.map((error) => (
				<p key={error}>{error}</p>
			))}
		</div>
	)
}

export function HiddenField({
	meta,
}: {
	meta: FieldMetadata<string | undefined>
}) {
	const { key, ...props } = getInputProps(meta, { type: 'hidden' })
	return <input key={key} {...props} />
}

function describedBy(...ids: (string | false | undefined)[]) {
	return ids.filter(Boolean).join(' ') || undefined
}

type TextFieldProps = {
	meta: FieldMetadata<string | number | undefined>
	label: ReactNode
	type?: 'text' | 'email' | 'tel' | 'password' | 'number' | 'search'
	help?: ReactNode
	input?: Omit<
		InputHTMLAttributes<HTMLInputElement>,
		'type' | 'name' | 'id' | 'defaultValue'
	>
}

export function TextField({
	meta,
	label,
	type = 'text',
	help,
	input,
}: TextFieldProps) {
	const { key, ...props } = getInputProps(meta, { type, ariaAttributes: true })
	const helpId = help ? `${meta.id}-help` : undefined
	return (
		<div className="field">
			<label htmlFor={meta.id}>{label}</label>
			<input
				key={key}
				{...props}
				{...input}
				aria-describedby={describedBy(helpId, !meta.valid && meta.errorId)}
			/>
			{help ? (
				<p id={helpId} className="field-help">
					{help}
				</p>
			) : null}
			<ErrorList id={meta.errorId} errors={meta.errors} />
		</div>
	)
}

type SelectFieldProps = {
	meta: FieldMetadata<string | undefined>
	label: ReactNode
	options: readonly { value: string; label: string }[]
	/** Shown first with an empty value: the question may be left unanswered. */
	emptyLabel?: string
	help?: ReactNode
}

export function SelectField({
	meta,
	label,
	options,
	emptyLabel,
	help,
}: SelectFieldProps) {
	const { key, ...props } = getSelectProps(meta)
	const helpId = help ? `${meta.id}-help` : undefined
	return (
		<div className="field">
			<label htmlFor={meta.id}>{label}</label>
			<select
				key={key}
				{...props}
				aria-describedby={describedBy(helpId, !meta.valid && meta.errorId)}
			>
				{emptyLabel !== undefined ? (
					<option value="">{emptyLabel}</option>
				) : null}
				{options.map((option) => (
					<option key={option.value} value={option.value}>
						{option.label}
					</option>
				))}
			</select>
			{help ? (
				<p id={helpId} className="field-help">
					{help}
				</p>
			) : null}
			<ErrorList id={meta.errorId} errors={meta.errors} />
		</div>
	)
}

export function CheckboxField({
	meta,
	label,
	help,
}: {
	meta: FieldMetadata<boolean | undefined>
	label: ReactNode
	help?: ReactNode
}) {
	const { key, ...props } = getInputProps(meta, { type: 'checkbox' })
	const helpId = help ? `${meta.id}-help` : undefined
	return (
		<div className="field">
			{help ? (
				<p id={helpId} className="field-help">
					{help}
				</p>
			) : null}
			<div className="choice">
				<input
					key={key}
					{...props}
					aria-describedby={describedBy(helpId, !meta.valid && meta.errorId)}
				/>
				<label htmlFor={meta.id}>{label}</label>
			</div>
			<ErrorList id={meta.errorId} errors={meta.errors} />
		</div>
	)
}
