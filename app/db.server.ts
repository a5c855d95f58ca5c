import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '#app/.server/prisma/client.ts'
import { serializeTransactions } from '#app/db/serialized-adapter.server.ts'
import { prepareSqliteFile } from '#app/db/sqlite.server.ts'
import { databasePath } from '#app/env.server.ts'

export type { Prisma } from '#app/.server/prisma/client.ts'

export function createPrismaClient(file: string = databasePath()) {
	prepareSqliteFile(file)
	return new PrismaClient({
		// Transactions are kept to themselves on the one connection: see serialized-adapter.server.ts.
		adapter: serializeTransactions(
			new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5000 }),
		),
	})
}

declare global {
	var __essorPrisma: ReturnType<typeof createPrismaClient> | undefined
}

// NOTE: one client per process; in dev the module is re-evaluated on every
// change, so the client is kept on globalThis to avoid leaking connections.
export const prisma = (globalThis.__essorPrisma ??= createPrismaClient())
