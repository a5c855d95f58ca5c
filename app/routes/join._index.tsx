import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { normalizeJoinCode } from '#app/cohorts/cohorts.server.ts'
import { JOIN_CODE_MAX_LENGTH } from '#app/cohorts/constants.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

export const handle = noJavaScript

export async function action({ request }: ActionFunctionArgs) {
	// Longer than any code: the join page still says it is unknown, without a 100 KB Location header.
	const code = normalizeJoinCode(
		String((await readFormData(request)).get('code') ?? ''),
	).slice(0, JOIN_CODE_MAX_LENGTH)
	return redirect(code ? `/join/${code}` : '/join')
}

export default function JoinByCode() {
	const { t } = useTranslation()
	return (
		<div className="page narrow">
			<h1>{t('cohorts.join.title')}</h1>
			<Form method="post" className="stack">
				<div className="field">
					<label htmlFor="code">{t('cohorts.join.enterCode')}</label>
					<input
						id="code"
						name="code"
						type="text"
						autoCapitalize="characters"
						autoComplete="off"
						required
						maxLength={JOIN_CODE_MAX_LENGTH}
					/>
				</div>
				<p>
					<button type="submit" className="primary">
						{t('cohorts.join.submit')}
					</button>
				</p>
			</Form>
		</div>
	)
}
