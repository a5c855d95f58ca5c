import {
	data,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { VerificationResult } from '#app/certificates/components/verification-result.tsx'
import { verifyCode } from '#app/certificates/verify.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { getT } from '#app/i18n/i18n.server.ts'

export const handle = noJavaScript

export async function loader({ request, params }: LoaderFunctionArgs) {
	const result = await verifyCode(params.code ?? '')
	const t = await getT(request)
	return data(
		{ result, title: t('certificates.verify.title') },
		{
			status: result.status === 'notFound' ? 404 : 200,
			headers: { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' },
		},
	)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
	{ name: 'robots', content: 'noindex' },
]

export default function VerifyCode() {
	const { result } = useLoaderData<typeof loader>()
	const { t } = useTranslation()
	return (
		<div className="page narrow">
			<h1>{t('certificates.verify.title')}</h1>
			<VerificationResult result={result} />
			<p>
				<a href="/verify">{t('certificates.verify.lead')}</a>
			</p>
		</div>
	)
}
