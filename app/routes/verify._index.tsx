import {
	data,
	redirect,
	type ActionFunctionArgs,
	type LoaderFunctionArgs,
	type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { VerificationResult } from '#app/certificates/components/verification-result.tsx'
import {
	verifyPdf,
	verifyToken,
	type Verification,
} from '#app/certificates/verify.server.ts'
import { noJavaScript } from '#app/courses/handle.ts'
import { getT } from '#app/i18n/i18n.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { readUpload, uploadedFile } from '#app/utils/upload.server.ts'

export const handle = noJavaScript

export async function loader({ request }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	const code = url.searchParams.get('code')?.trim()
	if (code) throw redirect(`/verify/${encodeURIComponent(code.toUpperCase())}`)
	const token = url.searchParams.get('t')
	const t = await getT(request)
	return data({
		result: token ? await verifyToken(token) : null,
		title: t('certificates.verify.title'),
	})
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.title ?? ''} — Essor` },
]

async function verifySubmission(
	request: Request,
): Promise<{ result: Verification; status?: number }> {
	// The page's form is multipart (a PDF or a pasted attestation); a plain form may paste an attestation.
	const multipart = (request.headers.get('Content-Type') ?? '').startsWith(
		'multipart/form-data',
	)
	const upload = multipart
		? await readUpload(request)
		: { ok: true as const, form: await readFormData(request) }
	if (!upload.ok)
		return {
			result: {
				status: upload.problem === 'tooLarge' ? 'tooLarge' : 'malformed',
			},
			status: upload.status,
		}
	const file = uploadedFile(upload.form, 'pdf')
	const token = upload.form.get('token')
	if (file)
		return { result: await verifyPdf(new Uint8Array(await file.arrayBuffer())) }
	if (typeof token === 'string' && token.trim())
		return { result: await verifyToken(token) }
	return { result: { status: 'missing' } }
}

export async function action({ request }: ActionFunctionArgs) {
	const { result, status } = await verifySubmission(request)
	return data(
		{ result },
		{
			status:
				status ??
				(result.status === 'valid' || result.status === 'revoked' ? 200 : 400),
		},
	)
}

export default function Verify() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { t } = useTranslation()
	const result = actionData?.result ?? data.result
	return (
		<div className="page narrow">
			<h1>{t('certificates.verify.title')}</h1>
			<p className="lead">{t('certificates.verify.lead')}</p>
			{result ? <VerificationResult result={result} /> : null}
			<Form method="get" className="stack card">
				<div className="field">
					<label htmlFor="code">{t('certificates.verify.code')}</label>
					<input
						id="code"
						name="code"
						type="text"
						placeholder="ESR-XXXX-XXXX"
						autoCapitalize="characters"
						required
					/>
				</div>
				<p>
					<button type="submit" className="primary">
						{t('certificates.verify.check')}
					</button>
				</p>
			</Form>
			<Form method="post" encType="multipart/form-data" className="stack card">
				<div className="field">
					<label htmlFor="pdf">{t('certificates.verify.pdf')}</label>
					<input
						id="pdf"
						name="pdf"
						type="file"
						accept="application/pdf,.pdf"
					/>
				</div>
				<div className="field">
					<label htmlFor="token">{t('certificates.verify.token')}</label>
					<textarea id="token" name="token" rows={4} spellCheck={false} />
				</div>
				<p>
					<button type="submit" className="primary">
						{t('certificates.verify.check')}
					</button>
				</p>
			</Form>
		</div>
	)
}
