import { Children, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { WorksheetForm } from '#app/courses/components/worksheet-form.tsx'
import { getFormatter } from '#app/i18n/format.ts'

type CalloutType = 'info' | 'tip' | 'warning' | 'example'

function Callout({
	type = 'info',
	title,
	children,
}: {
	type?: CalloutType
	title?: string
	children: ReactNode
}) {
	const { t } = useTranslation()
	return (
		<aside
			className={`callout callout--${type}`}
			aria-label={title ?? t(`courses.callout.${type}`)}
		>
			<p className="callout__title">{title ?? t(`courses.callout.${type}`)}</p>
			{children}
		</aside>
	)
}

function KeyTerm({ term, children }: { term: string; children: ReactNode }) {
	return (
		<dl className="key-term">
			<dt>{term}</dt>
			<dd>{children}</dd>
		</dl>
	)
}

function LegalRef({
	text,
	article,
	date,
	href,
}: {
	text: string
	article?: string | number
	date?: string
	href?: string
}) {
	const { t, i18n } = useTranslation()
	const when =
		date && /^\d{4}-\d{2}-\d{2}$/.test(date)
			? new Date(`${date}T00:00:00Z`)
			: null
	return (
		<span className="legal-ref">
			<cite>{text}</cite>
			{article ? <>, {t('courses.legal.article', { article })}</> : null}
			{when ? (
				<>
					{' '}
					(
					<time dateTime={date}>
						{getFormatter(i18n.language).longDay(when)}
					</time>
					)
				</>
			) : null}
			{href ? (
				<>
					{' '}
					<a href={href} rel="noopener noreferrer" className="legal-ref__link">
						{t('courses.legal.read')}
					</a>
				</>
			) : null}
		</span>
	)
}

function Steps({ children }: { children: ReactNode }) {
	return (
		<ol className="steps">
			{Children.toArray(children).filter(
				(c) => typeof c !== 'string' || c.trim(),
			)}
		</ol>
	)
}

function Step({ title, children }: { title: string; children?: ReactNode }) {
	return (
		<li className="step">
			<strong className="step__title">{title}</strong>
			{children ? <div>{children}</div> : null}
		</li>
	)
}

function Figure({
	src,
	alt,
	caption,
}: {
	src: string
	alt: string
	caption?: string
}) {
	return (
		<figure className="figure">
			<img src={src} alt={alt} loading="lazy" decoding="async" />
			{caption ? <figcaption>{caption}</figcaption> : null}
		</figure>
	)
}

function Transcript({ children }: { children: ReactNode }) {
	const { t } = useTranslation()
	return (
		<div className="transcript">
			<h3>{t('courses.media.transcript')}</h3>
			{children}
		</div>
	)
}

// The player element is only inserted behind a <details>, with preload="none",
// so a learner on a slow network downloads nothing unless they ask for it.
function Media({
	kind,
	src,
	title,
	children,
}: {
	kind: 'audio' | 'video'
	src: string
	title: string
	children: ReactNode
}) {
	const { t } = useTranslation()
	return (
		<div className="media">
			<details>
				<summary>{t('courses.media.play', { title })}</summary>
				{kind === 'video' ? (
					<video controls preload="none" src={src} />
				) : (
					<audio controls preload="none" src={src} />
				)}
			</details>
			<p className="muted small">{t('courses.media.lowBandwidth')}</p>
			{children}
		</div>
	)
}

function Worksheet({ id }: { id: string }) {
	return <WorksheetForm id={id} />
}

export const mdxComponents = {
	Callout,
	KeyTerm,
	LegalRef,
	Steps,
	Step,
	Figure,
	Media,
	Transcript,
	Worksheet,
}
