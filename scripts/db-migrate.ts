import { applyMigrations } from '#app/db/migrate.server.ts'
import { databasePath, getEnv } from '#app/env.server.ts'

const file = databasePath(getEnv())
const applied = await applyMigrations(file)
console.log(
	applied.length
		? `Applied ${applied.length} migration(s) to ${file}: ${applied.join(', ')}`
		: `${file} is up to date.`,
)
