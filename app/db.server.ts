import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '#app/.server/prisma/client.ts'
import {
	LOCK_WAIT_MS,
	serializeTransactions,
} from '#app/db/serialized-adapter.server.ts'
import { slowQueryLogger } from '#app/db/slow-query.server.ts'
import { prepareSqliteFile } from '#app/db/sqlite.server.ts'
import { databasePath, getEnv } from '#app/env.server.ts'

export type { Prisma } from '#app/.server/prisma/client.ts'

export function createPrismaClient(
	file: string = databasePath(),
	{
		slowQueryMs = getEnv().SLOW_QUERY_MS,
		logSlowQuery,
	}: {
		/** 0: no slow-query log */
		slowQueryMs?: number
		logSlowQuery?: (line: string) => void
	} = {},
) {
	prepareSqliteFile(file)
	const client = new PrismaClient({
		// Transactions are kept to themselves on the one connection: see serialized-adapter.server.ts.
		adapter: serializeTransactions(
			new PrismaBetterSqlite3({ url: `file:${file}` }),
		),
		// A transaction may wait its turn in this process, then for another
		// process's write lock (see serialized-adapter.server.ts).
		transactionOptions: { maxWait: LOCK_WAIT_MS },
		// Query events only when they are logged: each costs a little.
		log: slowQueryMs > 0 ? [{ emit: 'event', level: 'query' }] : [],
	})
	if (slowQueryMs > 0)
		client.$on('query', slowQueryLogger(slowQueryMs, logSlowQuery))
	return client
}

declare global {
	var __essorPrisma: ReturnType<typeof createPrismaClient> | undefined
}

// NOTE: one client per process; in dev the module is re-evaluated on every
// change, so the client is kept on globalThis to avoid leaking connections.
export const prisma = (globalThis.__essorPrisma ??= createPrismaClient())
