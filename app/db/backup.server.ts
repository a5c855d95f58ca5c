import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

/**
 * Copies a live database with SQLite's online backup API: the copy is a
 * consistent snapshot even while the app keeps writing.
 */
export async function backupDatabase(source: string, destination: string) {
	if (!fs.existsSync(source)) throw new Error(`No database at ${source}`)
	const target = path.resolve(destination)
	fs.mkdirSync(path.dirname(target), { recursive: true })
	if (fs.existsSync(target)) throw new Error(`${target} already exists: choose a new file name`)
	const db = new Database(source, { readonly: true, timeout: 5000 })
	try {
		await db.backup(target)
	} finally {
		db.close()
	}
	return target
}
