import { data } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { issuerInfo } from '#app/certificates/issue.server.ts'
import { loadIssuerKeys } from '#app/certificates/keys.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { useFormat } from '#app/i18n/use-format.ts'

export const handle = noJavaScript

/**
 * The issuer profile for people. Programs asking `/issuer` for JSON get the
 * Open Badges profile instead (server/app.ts sends them to issuer.profile[.]json).
 */
export async function loader() {
	const issuer = issuerInfo()
	const keys = (await loadIssuerKeys()).map((k) => ({
		kid: k.kid,
		createdAt: k.createdAt,
		jwk: k.publicJwk,
	}))
	return data({ issuer, keys }, { headers: { Vary: 'Accept' } })
}

export default function Issuer() {
	const data = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	const format = useFormat()
	return (
		<div className="page narrow">
			<h1>{t('certificates.issuer.title')}</h1>
			<p>
				<strong>{data.issuer.name}</strong> — {data.issuer.url}
			</p>
			<p>{t('certificates.issuer.lead')}</p>
			<h2>{t('certificates.issuer.keys')}</h2>
			<p>
				<a href="/issuer/jwks.json">/issuer/jwks.json</a>
			</p>
			{data.keys.map((k) => (
				<section key={k.kid}>
					<h3>
						{k.kid}{' '}
						<span className="muted small">
							(
							{t('certificates.issuer.since', {
								date: format.date(k.createdAt),
							})}
							)
						</span>
					</h3>
					<pre className="small">{JSON.stringify(k.jwk, null, 2)}</pre>
				</section>
			))}
		</div>
	)
}
