import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requireUser } from '#app/auth/session.server.ts'
import {
	answerInvitation,
	listPendingInvitations,
} from '#app/cohorts/invitations.server.ts'
import { listCourses } from '#app/courses/catalog.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { getLanguage, getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { badRequest, invariantResponse } from '#app/utils/invariant.ts'

export const handle = noJavaScript

const AnswerSchema = z.object({
	intent: z.enum(['accept', 'decline']),
	invitationId: z.string().min(1).max(64),
})

const NOTICES = ['accepted', 'declined'] as const

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const [t, lang, invitations] = await Promise.all([
		getT(request),
		getLanguage(request),
		listPendingInvitations(user.id),
	])
	const courses = await listCourses(lang)
	const titles = new Map(courses.map((c) => [c.slug, c.title]))
	const url = new URL(request.url)
	return data({
		title: t('cohorts.invitations.title'),
		notice: NOTICES.find((n) => url.searchParams.has(n)) ?? null,
		invitations: invitations.map((i) => ({
			id: i.id,
			cohort: i.cohort.name,
			programme: i.cohort.programme,
			trainers: i.cohort.trainers.map((tr) => tr.user.name),
			courses: i.cohort.courses.map(
				(c) => titles.get(c.courseSlug) ?? c.courseSlug,
			),
		})),
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const parsed = AnswerSchema.safeParse(
		Object.fromEntries(await readFormData(request)),
	)
	if (!parsed.success) throw badRequest('errors.invalidRequest')
	const { answer } = await answerInvitation(
		user.id,
		parsed.data.invitationId,
		parsed.data.intent === 'accept',
	)
	invariantResponse(answer !== 'notFound', 'Invitation not found', {
		status: 404,
	})
	return redirect(`/invitations?${answer}`)
}

export default function InvitationsPage() {
	const { title, notice, invitations } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<div className="page narrow">
			<h1>{title}</h1>
			{notice ? (
				<p className="notice" role="status">
					{t(`cohorts.invitations.${notice}`)}
				</p>
			) : null}
			{invitations.length === 0 ? (
				<p>{t('cohorts.invitations.none')}</p>
			) : (
				<>
					<p className="lead">{t('cohorts.invitations.lead')}</p>
					{invitations.map((i) => (
						<section
							key={i.id}
							className="card"
							aria-labelledby={`invitation-${i.id}`}
						>
							<h2 id={`invitation-${i.id}`}>{i.cohort}</h2>
							<p className="muted">
								{i.programme}
								{i.trainers.length
									? ` · ${t('cohorts.invitations.trainers', { names: i.trainers.join(', ') })}`
									: ''}
							</p>
							{i.courses.length ? (
								<p>
									{t('cohorts.invitations.courses', {
										courses: i.courses.join(', '),
									})}
								</p>
							) : null}
							<Form method="post" className="actions">
								<input type="hidden" name="invitationId" value={i.id} />
								<button
									type="submit"
									name="intent"
									value="accept"
									className="primary"
								>
									{t('cohorts.invitations.accept')}
								</button>
								<button
									type="submit"
									name="intent"
									value="decline"
									className="secondary"
								>
									{t('cohorts.invitations.decline')}
								</button>
							</Form>
						</section>
					))}
				</>
			)}
		</div>
	)
}
