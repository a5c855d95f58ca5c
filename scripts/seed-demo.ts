import { createPrismaClient } from '#app/db.server.ts'
import { applyMigrations } from '#app/db/migrate.server.ts'
import { databasePath } from '#app/env.server.ts'
import { seedIfEmpty } from '../prisma/seed.ts'
import { seedProgramme } from '../prisma/seed-programme.ts'

// npm run seed:demo [-- --learners 500 --cohorts 1]: adds a realistic cohort to the database.
const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
	const i = args.indexOf(`--${name}`)
	const n = i >= 0 ? Number(args[i + 1]) : fallback
	if (!Number.isInteger(n) || n < 1) {
		console.error(`--${name} must be a positive whole number`)
		process.exit(2)
	}
	return n
}
const learners = option('learners', 500)
const cohorts = option('cohorts', 1)
const file = databasePath()
await applyMigrations(file)
const prisma = createPrismaClient(file)
await seedIfEmpty(prisma)
const trainer = await prisma.user.findFirst({
	where: { email: 'formatrice@essor.demo' },
})
if (!trainer) {
	console.error(
		'The demo trainer formatrice@essor.demo is missing: run on a database seeded by npm start.',
	)
	process.exit(1)
}
const existing = await prisma.cohort.count()
const started = Date.now()
const created = await seedProgramme(prisma, {
	cohorts,
	learnersPerCohort: learners,
	trainerId: trainer.id,
	seed: 2026 + existing,
})
console.log(
	`Created ${created.length} cohort(s) of ${learners} learners for formatrice@essor.demo in ${Date.now() - started} ms: ${created.map((c) => `/cohorts/${c.cohortId}`).join(', ')}`,
)
await prisma.$disconnect()
