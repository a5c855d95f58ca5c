import { data, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AccountPanelError } from '#app/auth/components/account-panel.tsx'
import { roleHasPermission } from '#app/auth/permissions.ts'
import { requireSession } from '#app/auth/session.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const { user } = await requireSession(request)
	return data({
		canManageUsers: roleHasPermission(user.role, 'manage:user:any'),
		canResetLearners: roleHasPermission(user.role, 'reset:password:own'),
	})
}

export default function AccountOverview() {
	const data = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<>
			{data.canManageUsers || data.canResetLearners ? (
				<p>
					<Link to="/admin/users">
						{data.canManageUsers
							? t('auth.account.adminTools')
							: t('auth.account.trainerTools')}
					</Link>
				</p>
			) : null}
			<section aria-labelledby="certificates" className="account-section">
				<h2 id="certificates">{t('certificates.title')}</h2>
				<p>
					<Link to="/account/certificates">{t('certificates.openList')}</Link>
				</p>
			</section>
			<section aria-labelledby="data" className="account-section">
				<h2 id="data">{t('auth.account.exportTitle')}</h2>
				<p>{t('auth.account.exportLead')}</p>
				<p>
					<a href="/account/export.json" download>
						{t('auth.account.exportLink')}
					</a>
				</p>
			</section>
		</>
	)
}

export const ErrorBoundary = AccountPanelError
