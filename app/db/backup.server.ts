import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

const ALL_REMAINING_PAGES = 0x7fffffff

/**
 * Copies a live database with SQLite's online backup API: the copy is a
 * consistent snapshot even while the app keeps writing.
 *
 * NOTE: all pages are copied in one step. Copied in small steps (the
 * default: 100 pages), the backup starts over whenever the app writes
 * between two steps: under steady use (a write every few milliseconds), a
 * database of some tens of megabytes was never backed up at all. One step
 * reads a single snapshot, which in WAL mode does not hold the app's writes
 * back.
 */
export async function backupDatabase(source: string, destination: string) {
	if (!fs.existsSync(source)) throw new Error(`No database at ${source}`)
	const target = path.resolve(destination)
	fs.mkdirSync(path.dirname(target), { recursive: true })
	if (fs.existsSync(target))
		throw new Error(`${target} already exists: choose a new file name`)
	const db = new Database(source, { readonly: true, timeout: 5000 })
	try {
		await db.backup(target, { progress: () => ALL_REMAINING_PAGES })
	} finally {
		db.close()
	}
	return target
}
