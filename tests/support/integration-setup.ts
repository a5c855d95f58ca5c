import fs from 'node:fs'
import path from 'node:path'
import { afterAll, inject } from 'vitest'

// Each test file gets its own copy of the migrated template database, set
// before any app module (and its Prisma client) is imported.
const template = inject('templateDb')
const file = path.join(
	path.dirname(template),
	`db-${process.pid}-${Math.random().toString(36).slice(2)}.db`,
)
fs.copyFileSync(template, file)
process.env.DATABASE_URL = `file:${file}`
process.env.DATA_DIR = path.join(
	path.dirname(file),
	`data-${path.basename(file, '.db')}`,
)
process.env.NODE_ENV = 'test'

afterAll(async () => {
	const { prisma } = await import('#app/db.server.ts')
	await prisma.$disconnect()
	for (const suffix of ['', '-wal', '-shm'])
		fs.rmSync(file + suffix, { force: true })
	fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true })
})
