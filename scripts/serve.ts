// The server process: validated configuration, migrations, first-start demo
// data, then HTTP. Bundled to build/server/serve.mjs for `npm start`; run
// from source by `npm run dev`.
import path from 'node:path'
import { applyMigrations } from '#app/db/migrate.server.ts'
import { prisma } from '#app/db.server.ts'
import { databasePath, EnvError, parseEnv } from '#app/env.server.ts'
import { seedIfEmpty } from '../prisma/seed.ts'
import { startServer } from '../server/index.ts'
import { root } from './lib/build.mjs'

let env
try {
	env = parseEnv(process.env)
} catch (error) {
	if (error instanceof EnvError) {
		console.error(error.message)
		process.exit(1)
	}
	throw error
}

const file = databasePath(env)
const applied = await applyMigrations(file)
if (applied.length)
	console.log(
		`Database ${path.relative(root, file) || file}: applied ${applied.join(', ')}`,
	)

if (env.SEED_DEMO === '1') {
	if (await seedIfEmpty(prisma))
		console.log('Seeded the demo data (see README for the demo sign-ins).')
	await prisma.$disconnect()
}

const server = await startServer(env, root)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => server.close(() => process.exit(0)))
}
