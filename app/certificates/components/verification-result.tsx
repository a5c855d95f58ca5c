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
					{t(`certificates.verify.${result.status}`, {
						max: MAX_UPLOAD_MB,
						field: result.status === 'altered' ? result.field : '',
					})}
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
						category: t(
							`certificates.revocation.${result.revokedCategory ?? 'other'}`,
						),
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
			<h3>{t('certificates.verify.checkedTitle')}</h3>
			<ul className="small" data-checked={result.checked.join(' ')}>
				<li>
					{result.checked.includes('signature')
						? t('certificates.verify.checked.signature', {
								kid: (result.kid ?? '').slice(0, 16),
							})
						: t('certificates.verify.checked.signatureAbsent')}
				</li>
				<li>
					{result.source === 'code'
						? t('certificates.verify.checked.recordCode')
						: t('certificates.verify.checked.recordMatch')}
				</li>
				<li>{t('certificates.verify.checked.status')}</li>
			</ul>
			{result.source === 'qr' ? (
				<p className="small" data-offline-note>
					{t('certificates.verify.offlineNote', {
						date: date(result.issuedAt),
					})}
				</p>
			) : null}
			<p className="small muted">{t('certificates.verify.privacy')}</p>
		</section>
	)
}
