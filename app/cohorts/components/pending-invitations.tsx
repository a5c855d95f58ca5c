import { useTranslation } from 'react-i18next'

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
	const { t, i18n } = useTranslation()
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
									date: new Date(i.createdAt).toLocaleDateString(
										i18n.language,
										{
											timeZone: 'UTC',
										},
									),
								})}
					</li>
				))}
			</ul>
		</section>
	)
}
