import type { ReactNode } from 'react'

export type BarRow = {
	key: string
	label: string
	/** The figure's share of its base: sets the bar's length, 0 to 1. */
	share: number
	/** An inner, darker bar (e.g. the completed part of the enrolled), 0 to 1 of the whole bar. */
	innerShare?: number
	/** The figures as text: count, base and share ("25 sur 40, 62,5 %"). */
	value: ReactNode
	/** Further lines under the bar (the completed, a stage's definition). */
	details?: ReactNode
}

const clamp = (n: number) =>
	Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0

/**
 * A bar chart as an HTML list: labels and figures are text at the body size
 * that wraps on a phone instead of being cut; only the bars are drawn (SVG
 * attributes, so no inline style under the CSP), hidden from screen readers,
 * which read the same figures as text. Works without JavaScript.
 */
export function BarChart({
	title,
	rows,
	legend,
	ordered = false,
}: {
	title: string
	rows: BarRow[]
	legend?: ReactNode
	/** A sequence (the funnel's stages) rather than categories. */
	ordered?: boolean
}) {
	const List = ordered ? 'ol' : 'ul'
	return (
		<figure className="chart">
			<figcaption>{title}</figcaption>
			<List className="bars">
				{rows.map((row) => (
					<li key={row.key} className="bars__row">
						<div className="bars__head">
							<span className="bars__label">{row.label}</span>
							<span className="bars__value">{row.value}</span>
						</div>
						<svg
							className="bars__bar"
							viewBox="0 0 100 10"
							preserveAspectRatio="none"
							aria-hidden="true"
							focusable="false"
						>
							<rect className="bars__track" width="100" height="10" rx="1" />
							<rect
								className="bars__fill"
								width={clamp(row.share) * 100}
								height="10"
								rx="1"
							/>
							{row.innerShare !== undefined ? (
								<rect
									className="bars__inner"
									y="3"
									width={clamp(row.share) * clamp(row.innerShare) * 100}
									height="4"
								/>
							) : null}
						</svg>
						{row.details ? (
							<div className="bars__details">{row.details}</div>
						) : null}
					</li>
				))}
			</List>
			{legend ? <p className="chart__legend">{legend}</p> : null}
		</figure>
	)
}
