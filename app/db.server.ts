import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient, type Prisma } from '#app/.server/prisma/client.ts'
import {
	LOCK_WAIT_MS,
	serializeTransactions,
	type Bindable,
	type SerializedAdapterFactory,
} from '#app/db/serialized-adapter.server.ts'
import { slowQueryLogger, type QueryEvent } from '#app/db/slow-query.server.ts'
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
	// Transactions are kept to themselves on the one connection: see serialized-adapter.server.ts.
	const adapter = serializeTransactions(
		new PrismaBetterSqlite3({ url: `file:${file}` }),
	)
	const client = new PrismaClient({
		adapter,
		// A transaction may wait its turn in this process, then for another
		// process's write lock (see serialized-adapter.server.ts).
		transactionOptions: { maxWait: LOCK_WAIT_MS },
		// Query events only when they are logged: each costs a little.
		log: slowQueryMs > 0 ? [{ emit: 'event', level: 'query' }] : [],
	})
	const logSlow =
		slowQueryMs > 0 ? slowQueryLogger(slowQueryMs, logSlowQuery) : null
	if (logSlow) client.$on('query', logSlow)
	directReads.set(client, { adapter, logSlow })
	return client
}

type Client = ReturnType<typeof createPrismaClient>

type DirectRead = {
	adapter: SerializedAdapterFactory
	logSlow: ((event: QueryEvent) => void) | null
}

// NOTE: on globalThis like the client itself: the server's own bundle and
// the app's each carry a copy of this module, and either may create the client.
const directReads = (globalThis.__essorDirectReads ??= new WeakMap<
	object,
	DirectRead
>())

const isBindable = (value: unknown): value is Bindable =>
	value === null ||
	typeof value === 'string' ||
	typeof value === 'number' ||
	typeof value === 'bigint'

/**
 * Runs a read written as portable SQL (`Prisma.sql`). The few reads made on
 * every signed-in page (the session, the lesson state) go straight to the
 * client's SQLite connection, with the same SQL text and values: Prisma's
 * query pipeline costs about 45 µs of CPU per raw query, the read itself a
 * few. Rows then come as the driver gives them (integers as BigInt, dates as
 * their stored ISO text), which callers accept as well as Prisma's types.
 * Anything else (another database, a value the driver does not bind, a
 * client not connected yet) goes through `$queryRaw`.
 *
 * NOTE: never inside `$transaction(async (tx) => …)`: pass `tx` there, which
 * always uses `$queryRaw`; the client's connection waits for that transaction.
 */
export async function readRows<T>(
	query: Prisma.Sql,
	db: Client | Prisma.TransactionClient = prisma,
): Promise<T[]> {
	const direct = directReads.get(db)
	const connection = direct?.adapter.connection
	if (!direct || !connection || !query.values.every(isBindable))
		return db.$queryRaw<T[]>(query)
	const started = performance.now()
	const rows = (await connection.readRows(
		query.sql,
		query.values as Bindable[],
	)) as T[]
	direct.logSlow?.({
		duration: performance.now() - started,
		query: query.sql,
	})
	return rows
}

declare global {
	var __essorPrisma: ReturnType<typeof createPrismaClient> | undefined
	var __essorDirectReads: WeakMap<object, DirectRead> | undefined
}

// NOTE: one client per process; in dev the module is re-evaluated on every
// change, so the client is kept on globalThis to avoid leaking connections.
export const prisma = (globalThis.__essorPrisma ??= createPrismaClient())
