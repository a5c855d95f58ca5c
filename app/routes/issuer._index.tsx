import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { issuerInfo } from '#app/certificates/issue.server.ts'
import { loadIssuerKeys } from '#app/certificates/keys.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { useFormat } from '#app/i18n/use-format.ts'

export const handle = noJavaScript

/** The issuer profile: HTML for people, Open Badges Profile JSON for programs (Accept: application/json). */
export async function loader({ request }: LoaderFunctionArgs) {
	const issuer = issuerInfo()
	const keys = (await loadIssuerKeys()).map((k) => ({
		kid: k.kid,
		createdAt: k.createdAt,
		jwk: k.publicJwk,
	}))
	if ((request.headers.get('Accept') ?? '').includes('application/json')) {
		return json(
			{
				'@context': [
					'https://www.w3.org/ns/credentials/v2',
					'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
				],
				id: `${issuer.url}/issuer`,
				type: ['Profile'],
				name: issuer.name,
				url: issuer.url,
				publicKeys: keys.map((k) => k.jwk),
				jwks: `${issuer.url}/issuer/jwks.json`,
			},
			{ headers: { 'Cache-Control': 'public, max-age=3600' } },
		)
	}
	return json({ issuer, keys })
}

export default function Issuer() {
	const data = useLoaderData<typeof loader>() as {
		issuer: { name: string; url: string }
		keys: { kid: string; createdAt: string; jwk: unknown }[]
	}
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
