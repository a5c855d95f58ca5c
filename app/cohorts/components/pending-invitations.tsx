import { useTranslation } from 'react-i18next'
import { useFormat } from '#app/i18n/use-format.ts'

export type PendingInvitation = {
	id: string
	rowName: string
	rowContact: string
	createdAt: Date | string
	accepted: boolean | null
}

/** People an import invited (they already had an account), as the trainer's file named them. */
export function PendingInvitations({
	invitations,
}: {
	invitations: PendingInvitation[]
}) {
	const { t } = useTranslation()
	const format = useFormat()
	if (invitations.length === 0) return null
	return (
		<section className="card" aria-labelledby="invitations-title">
			<h2 id="invitations-title">{t('cohorts.invitations.trainerTitle')}</h2>
			<p className="small">{t('cohorts.invitations.trainerLead')}</p>
			<ul>
				{invitations.map((i) => (
					<li key={i.id}>
						{i.rowName} ({i.rowContact}) —{' '}
						{i.accepted === false
							? t('cohorts.invitations.statusDeclined')
							: t('cohorts.invitations.statusPending', {
									date: format.date(i.createdAt),
								})}
					</li>
				))}
			</ul>
		</section>
	)
}
