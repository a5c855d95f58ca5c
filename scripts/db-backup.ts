import { backupDatabase } from '#app/db/backup.server.ts'
import { databasePath, getEnv } from '#app/env.server.ts'

const destination = process.argv.slice(2).find((a) => !a.startsWith('-'))
if (!destination) {
	console.error('Usage: npm run db:backup -- <file>')
	process.exit(2)
}
try {
	const file = await backupDatabase(databasePath(getEnv()), destination)
	console.log(`Backup written to ${file}`)
} catch (error) {
	console.error(error instanceof Error ? error.message : error)
	process.exit(1)
}
