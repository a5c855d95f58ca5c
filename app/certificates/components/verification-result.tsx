import { useTranslation } from 'react-i18next'
import { MAX_UPLOAD_MB } from '#app/utils/upload-limits.ts'
import type { Verification } from '../verify.server.ts'
import { useFormat } from '#app/i18n/use-format.ts'

export function VerificationResult({ result }: { result: Verification }) {
	const { t } = useTranslation()
	const format = useFormat()
	if (result.status !== 'valid' && result.status !== 'revoked') {
		return (
			<p
				className="notice error-notice"
				role="alert"
				data-status={result.status}
			>
				<strong>
					{t(`certificates.verify.${result.status}`, { max: MAX_UPLOAD_MB })}
				</strong>
			</p>
		)
	}
	const date = format.longDate
	const valid = result.status === 'valid'
	return (
		<section
			className={`notice${valid ? '' : ' error-notice'}`}
			role="status"
			data-status={result.status}
		>
			<h2>
				{valid
					? `✓ ${t('certificates.verify.valid')}`
					: `✗ ${t('certificates.verify.revoked')}`}
			</h2>
			{!valid && result.revokedAt ? (
				<p>
					{t('certificates.verify.revokedOn', {
						date: date(result.revokedAt),
						reason: result.revokedReason ?? '',
					})}
				</p>
			) : null}
			{result.replacedBy ? (
				<p>
					{t('certificates.verify.replacedBy', { code: result.replacedBy })}
				</p>
			) : null}
			<dl className="facts">
				<div>
					<dt>{t('certificates.verify.holder')}</dt>
					<dd>
						{result.holderName ?? (
							<em>{t('certificates.verify.hiddenName')}</em>
						)}
					</dd>
				</div>
				<div>
					<dt>{t('certificates.verify.course')}</dt>
					<dd>{result.title}</dd>
				</div>
				<div>
					<dt>{t('certificates.verify.date')}</dt>
					<dd>{date(result.issuedAt)}</dd>
				</div>
				<div>
					<dt>{t('certificates.verify.hours')}</dt>
					<dd>{result.hours} h</dd>
				</div>
				<div>
					<dt>Code</dt>
					<dd>{result.code}</dd>
				</div>
			</dl>
			{result.kid ? (
				<p className="small muted">
					{t('certificates.verify.signature', { kid: result.kid.slice(0, 16) })}
				</p>
			) : null}
			<p className="small muted">{t('certificates.verify.privacy')}</p>
		</section>
	)
}
