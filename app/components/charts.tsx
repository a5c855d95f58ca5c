import { useId } from 'react'

export type BarDatum = { label: string; value: number; secondary?: number }

/**
 * A horizontal bar chart rendered on the server as SVG: readable without
 * JavaScript, announced as one image with its figures in <desc>, and scaled
 * by the viewBox on small screens. `secondary` draws an inner bar (e.g. the
 * completed part of the enrolled).
 */
export function BarChart({
	title,
	data,
	valueLabel,
	secondaryLabel,
}: {
	title: string
	data: BarDatum[]
	valueLabel?: string
	secondaryLabel?: string
}) {
	const id = useId()
	const rowHeight = 28
	const labelWidth = 200
	const width = 560
	const barWidth = width - labelWidth - 60
	const max = Math.max(1, ...data.map((d) => d.value))
	const height = data.length * rowHeight + 8
	const description = data
		.map(
			(d) =>
				`${d.label}: ${d.value}${d.secondary !== undefined && secondaryLabel ? ` (${secondaryLabel}: ${d.secondary})` : ''}`,
		)
		.join('; ')
	return (
		<figure className="chart">
			<figcaption id={`${id}-title`}>{title}</figcaption>
			<svg
				viewBox={`0 0 ${width} ${height}`}
				role="img"
				aria-labelledby={`${id}-title ${id}-desc`}
				className="chart__svg"
				preserveAspectRatio="xMinYMin meet"
			>
				<desc id={`${id}-desc`}>{description}</desc>
				{data.map((d, i) => {
					const y = i * rowHeight + 4
					const w = (d.value / max) * barWidth
					const w2 =
						d.secondary !== undefined ? (d.secondary / max) * barWidth : 0
					return (
						<g key={d.label} aria-hidden="true">
							<text
								x={labelWidth - 8}
								y={y + 17}
								textAnchor="end"
								fontSize="12"
								fill="#1d2321"
							>
								{d.label.length > 28 ? `${d.label.slice(0, 27)}…` : d.label}
							</text>
							<rect
								x={labelWidth}
								y={y + 3}
								width={Math.max(w, d.value ? 2 : 0)}
								height={rowHeight - 8}
								fill="#9fd3bd"
								rx="3"
							/>
							{d.secondary !== undefined ? (
								<rect
									x={labelWidth}
									y={y + 8}
									width={Math.max(w2, d.secondary ? 2 : 0)}
									height={rowHeight - 18}
									fill="#0b6e4f"
									rx="2"
								/>
							) : null}
							<text
								x={labelWidth + Math.max(w, 2) + 6}
								y={y + 17}
								fontSize="13"
								fill="#1d2321"
							>
								{d.secondary !== undefined
									? `${d.value} / ${d.secondary}`
									: d.value}
							</text>
						</g>
					)
				})}
			</svg>
			{valueLabel && secondaryLabel ? (
				<p className="chart__legend small muted">
					<span
						className="chart__swatch chart__swatch--light"
						aria-hidden="true"
					/>{' '}
					{valueLabel}{' '}
					<span
						className="chart__swatch chart__swatch--dark"
						aria-hidden="true"
					/>{' '}
					{secondaryLabel}
				</p>
			) : null}
		</figure>
	)
}
