import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import { backupDatabase } from '#app/db/backup.server.ts'
import { FULL, tempDir } from './support.ts'

/**
 * `npm run db:backup` on a database of production size that the app keeps
 * writing to. SQLite's online backup starts over whenever the source changes
 * between two of its steps: copied 100 pages at a time, such a backup never
 * ended. It must end, with a consistent copy.
 */

const dir = tempDir('essor-backup-size-')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

test('a backup of a busy database of some tens of megabytes completes, consistent', async () => {
	const file = path.join(dir, 'essor.db')
	const rows = FULL ? 250_000 : 100_000
	const setup = new Database(file)
	setup.pragma('journal_mode = WAL')
	setup.exec('CREATE TABLE Filler (id INTEGER PRIMARY KEY, data TEXT NOT NULL)')
	const fill = setup.prepare('INSERT INTO Filler (data) VALUES (?)')
	setup.transaction(() => {
		for (let i = 0; i < rows; i++) fill.run(`row ${i} `.padEnd(400, '.'))
	})()
	setup.close()
	const megabytes = fs.statSync(file).size / 1024 / 1024

	// Another connection commits every 2 ms while the backup runs, as a busy app would.
	const app = new Database(file, { timeout: 5000 })
	const write = app.prepare('INSERT INTO Filler (data) VALUES (?)')
	let writes = 0
	const writer = setInterval(() => {
		write.run('written during the backup')
		writes++
	}, 2)
	const t0 = performance.now()
	try {
		const done = backupDatabase(file, path.join(dir, 'copy.db'))
		const timeout = new Promise((_, reject) =>
			setTimeout(
				() => reject(new Error('the backup did not end within 20 s')),
				30_000,
			).unref(),
		)
		await Promise.race([done, timeout])
	} finally {
		clearInterval(writer)
		app.close()
	}
	const seconds = (performance.now() - t0) / 1000

	const copy = new Database(path.join(dir, 'copy.db'), { readonly: true })
	try {
		expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
		const { n } = copy.prepare('SELECT COUNT(*) AS n FROM Filler').get() as {
			n: number
		}
		expect(n).toBeGreaterThanOrEqual(rows)
		console.log(
			`[backup] ${megabytes.toFixed(0)} MB database, ${writes} writes by another connection meanwhile: backed up in ${seconds.toFixed(2)} s, integrity_check ok, ${n} rows`,
		)
	} finally {
		copy.close()
	}
})
