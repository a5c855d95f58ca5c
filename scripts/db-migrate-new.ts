import { createMigration } from '#app/db/migrate.server.ts'

const name = process.argv.slice(2).find((a) => !a.startsWith('-'))
if (!name) {
	console.error('Usage: npm run db:migrate:new -- <name>')
	process.exit(2)
}
const folder = await createMigration(name)
console.log(
	folder
		? `Wrote ${folder}/migration.sql`
		: 'The schema matches the migrations: nothing to write.',
)
