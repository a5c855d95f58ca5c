import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

/**
 * Creates the database file's folder and switches the file to WAL mode
 * (persistent in the file). With better-sqlite3's defaults (synchronous=NORMAL
 * in WAL, foreign keys on) every committed transaction survives a crash of the
 * process; only a power loss can drop the last commits.
 */
export function prepareSqliteFile(file: string) {
	if (file === ':memory:') return
	fs.mkdirSync(path.dirname(file), { recursive: true })
	const db = new Database(file, { timeout: 5000 })
	try {
		if (db.pragma('journal_mode', { simple: true }) !== 'wal')
			db.pragma('journal_mode = WAL')
	} finally {
		db.close()
	}
}
