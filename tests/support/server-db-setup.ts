import path from 'node:path'
import { afterAll, inject } from 'vitest'

// Tests that drive the running production server also read and prepare its
// database directly; this points the app's Prisma client at that file before
// any app module is imported.
const dataDir = inject('serverDataDir')
process.env.DATABASE_URL = `file:${path.join(dataDir, 'essor.db')}`
process.env.DATA_DIR = dataDir
process.env.NODE_ENV = 'test'

afterAll(async () => {
	const { prisma } = await import('#app/db.server.ts')
	await prisma.$disconnect()
})
