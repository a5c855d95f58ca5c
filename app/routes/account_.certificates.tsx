import { publicRevocationCategory } from '#app/certificates/revocation.ts'
import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUserId } from '#app/auth/session.server.ts'
import {
	listCertificatesForUser,
	setCertificateNameVisibility,
} from '#app/certificates/issue.server.ts'
import { getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { invariantResponse } from '#app/utils/invariant.ts'
import { useFormat } from '#app/i18n/use-format.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const userId = await requireUserId(request)
	const [certificates, t] = await Promise.all([
		listCertificatesForUser(userId),
		getT(request),
	])
	return data({
		title: t('certificates.title'),
		certificates: certificates.map((c) => ({
			code: c.code,
			title: c.title,
			issuedAt: c.issuedAt,
			hours: c.hours,
			cohortName: c.cohortName,
			showName: c.showName,
			revokedAt: c.revokedAt,
			revokedCategory: c.revokedAt
				? publicRevocationCategory(c.revokedCategory)
				: null,
		})),
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

export async function action({ request }: ActionFunctionArgs) {
	const userId = await requireUserId(request)
	const form = await readFormData(request)
	const changed = await setCertificateNameVisibility(
		userId,
		String(form.get('code') ?? ''),
		form.get('showName') === '1',
	)
	invariantResponse(changed, 'Certificate not found', { status: 404 })
	return redirect('/account/certificates')
}

export default function MyCertificates() {
	const { certificates } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const format = useFormat()
	return (
		<div className="page narrow">
			<p className="small">
				<a href="/account">← {t('layout.account')}</a>
			</p>
			<h1>{t('certificates.title')}</h1>
			{certificates.length === 0 ? <p>{t('certificates.none')}</p> : null}
			<ul className="cards">
				{certificates.map((c) => (
					<li key={c.code} className="card" data-code={c.code}>
						<h2>{c.title}</h2>
						<p className="muted small">
							{format.date(c.issuedAt)} · {c.hours} h
							{c.cohortName ? ` · ${c.cohortName}` : ''}
							<br />
							<span className="code">{c.code}</span>
						</p>
						{c.revokedAt ? (
							<p className="error">
								{t('certificates.revoked')} —{' '}
								{t(`certificates.revocation.${c.revokedCategory ?? 'other'}`)}
							</p>
						) : null}
						<p className="actions">
							<a href={`/certificates/${c.code}.pdf`} download>
								{t('certificates.downloadPdf')}
							</a>
							<a href={`/certificates/${c.code}.json`} download>
								{t('certificates.downloadJson')}
							</a>
							<a href={`/certificates/${c.code}.jwt`} download>
								{t('certificates.downloadJwt')}
							</a>
							<a href={`/verify/${c.code}`}>{t('certificates.verifyLink')}</a>
						</p>
						<Form method="post">
							<input type="hidden" name="code" value={c.code} />
							<input
								type="hidden"
								name="showName"
								value={c.showName ? '0' : '1'}
							/>
							<p className="small">
								{c.showName
									? t('certificates.nameShown')
									: t('certificates.nameHidden')}
							</p>
							<button type="submit" className="secondary">
								{c.showName
									? t('certificates.hideName')
									: t('certificates.showName')}
							</button>
						</Form>
					</li>
				))}
			</ul>
		</div>
	)
}
