import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { formErrorMap } from '#app/auth/form-errors.ts'
import { requireSession } from '#app/auth/session.server.ts'
import { getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import type { PanelReply } from './components/account-panel.tsx'

/** An account panel's posted form, parsed in the person's language, with who is asking. */
export async function readPanelForm<Schema extends z.ZodTypeAny>(
	request: Request,
	schema: Schema,
) {
	const context = await requireSession(request)
	const [t, formData] = await Promise.all([
		getT(request),
		readFormData(request),
	])
	const submission = parseWithZod(formData, {
		schema,
		errorMap: formErrorMap(t),
	})
	return { ...context, t, submission }
}

/** A refused panel form: its errors back to the form (status 400). */
export function refusePanel(result: SubmissionResult<string[]>) {
	return data<PanelReply>({ result }, { status: 400 })
}

/** A panel's page title: the section, then the account page. */
export async function panelTitle(request: Request, section: string) {
	await requireSession(request)
	const t = await getT(request)
	return `${t(section)} · ${t('auth.account.title')}`
}
