import Database from 'better-sqlite3'

/**
 * Another process's write lock on a database file (a second server worker,
 * a backup), taken now and released by a timer of this process after
 * `releaseAfterMs`: only this process's own timers can release it, so a
 * statement that slept the process while waiting would never see it go.
 * Close the returned connection when done.
 */
export function lockFromAnotherProcess(
	file: string,
	releaseAfterMs: number,
	onRelease: () => void,
) {
	const other = new Database(file)
	other.prepare('BEGIN IMMEDIATE').run()
	setTimeout(() => {
		other.prepare('COMMIT').run()
		onRelease()
	}, releaseAfterMs)
	return other
}
