import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

// Keeps `npm run bench` from rotting: every step runs at tiny scale. No timing is asserted.
test('npm run bench -- --quick measures every step and writes its results', () => {
	const out = path.join(root, 'bench/results.quick.json')
	fs.rmSync(out, { force: true })
	const run = spawnSync(
		'npx',
		['--no-install', 'tsx', 'bench/run.ts', '--quick'],
		{ cwd: root, encoding: 'utf8', timeout: 240_000 },
	)
	expect(run.status, run.stderr.slice(-3000)).toBe(0)
	const report = JSON.parse(fs.readFileSync(out, 'utf8'))
	expect(report.mode).toBe('quick')
	expect(report.machine.cpus).toBeGreaterThan(0)
	const r = report.results
	for (const page of ['lesson', 'catalog']) {
		expect(r[page].essor.requestsPerSec).toBeGreaterThan(0)
		expect(r[page].essor.errors).toBe(0)
		expect(r[page].static.requestsPerSec).toBeGreaterThan(0)
		// The load generator's own stalls are reported beside the latencies it measured.
		expect(r[page].essor.clientLoopDelayMs.max).toBeGreaterThanOrEqual(
			r[page].essor.clientLoopDelayMs.p99,
		)
		expect(r[page].essor.clientLoopDelayMs.p99).toBeGreaterThan(0)
	}
	expect(r.dashboard.samples).toBeGreaterThan(0)
	expect(r.csvExport.rows).toBe(report.scale.learners)
	// The grown programme (the 50,000-row export in the full run).
	expect(r.csvExportLarge.rows).toBe(r.programmeReportLarge.learners)
	expect(r.csvExportLarge.rows).toBeGreaterThanOrEqual(report.scale.exportRows)
	expect(r.csvExportLarge.rssPeakMB).toBeGreaterThan(0)
	expect(r.certificates.generated).toBe(report.scale.generate)
	expect(r.certificates.valid).toBe(report.scale.verify)
	// The cohort ZIP at each size, then the largest again for a reader that stalls.
	const zipSizes = report.scale.zip as number[]
	expect(
		r.certificateZip.map((z: { pdfs: number; reader: string }) => [
			z.pdfs,
			z.reader,
		]),
	).toEqual([
		...zipSizes.map((n) => [n, 'full speed']),
		[zipSizes.at(-1), 'stops 2 s'],
	])
	for (const z of r.certificateZip)
		expect(z.bytes).toBeGreaterThan(z.pdfs * 1024)
	expect([
		r.hostileImports.zipBombOutcome,
		r.hostileImports.millionCellRowOutcome,
	]).toEqual(['tooLargeUnpacked', '1 row(s)'])
	expect(r.pageWeight.readableWithoutJavaScript).toBe(true)
	// The lesson page's one script is the offline registration script (app/offline, about 3 kB gzipped, headers aside).
	expect(r.pageWeight.firstVisitBytes.js).toBeGreaterThan(0)
	expect(r.pageWeight.firstVisitBytes.js).toBeLessThan(6 * 1024)
	expect(run.stdout).toContain('lesson page (signed in)')
}, 300_000)
