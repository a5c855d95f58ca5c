/** The nearest-rank percentile `p` (0–100) of `values` (any order); 0 for none. Shared by the benchmark and the load test. */
export function percentile(values: number[], p: number) {
	const sorted = [...values].sort((a, b) => a - b)
	return (
		sorted[
			Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
		] ?? 0
	)
}
