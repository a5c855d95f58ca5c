import {
	useForm,
	type DefaultValue,
	type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
	Link,
	useActionData,
	useLocation,
	type MetaFunction,
} from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { formErrorMap } from '#app/auth/form-errors.ts'
import { useRouteErrorText } from '#app/components/route-error.ts'

/** An account panel's document title, from its loader's `title`. */
export const panelMeta: MetaFunction = ({ data }) => [
	{ title: `${(data as { title?: string } | undefined)?.title ?? ''} — Essor` },
]

/** What an account panel's action answers when its form is refused (status 400). */
export type PanelReply = { result: SubmissionResult<string[]> }

/** The Conform form of an account panel, fed with its action's last reply. */
export function useAccountForm<Schema extends z.ZodTypeAny>(
	id: string,
	schema: Schema,
	defaultValue?: DefaultValue<z.input<Schema>>,
) {
	const actionData = useActionData<PanelReply | undefined>()
	const { t } = useTranslation()
	return useForm<z.input<Schema>, z.output<Schema>>({
		id: `account-${id}`,
		lastResult: actionData?.result,
		constraint: getZodConstraint(schema),
		defaultValue,
		shouldValidate: 'onSubmit',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) =>
			parseWithZod(formData, { schema, errorMap: formErrorMap(t) }),
	})
}

export function SubmitButton({
	children,
	className = 'primary',
}: {
	children: string
	className?: string
}) {
	return (
		<p>
			<button type="submit" className={className}>
				{children}
			</button>
		</p>
	)
}

/**
 * An account panel's error boundary: the panel says what went wrong and the
 * account page around it (title, sections) stays usable.
 */
export function AccountPanelError() {
	const { t } = useTranslation()
	const { title, message } = useRouteErrorText()
	const location = useLocation()
	return (
		<section
			className="account-section"
			aria-labelledby="panel-error"
			data-error-path={location.pathname}
		>
			<h2 id="panel-error">{title}</h2>
			<p>{message}</p>
			<p>
				<Link to="/account">{t('auth.account.backToAccount')}</Link>
			</p>
		</section>
	)
}
