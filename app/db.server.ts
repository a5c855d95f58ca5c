import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { PrismaClient, type Prisma } from '#app/.server/prisma/client.ts'
import {
	LOCK_WAIT_MS,
	serializeTransactions,
	type Bindable,
	type SerializedAdapterFactory,
} from '#app/db/serialized-adapter.server.ts'
import { processWriteTurns } from '#app/db/write-turns.server.ts'
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
	const target = sqliteFile(file)
	// Transactions are kept to themselves on the one connection: see serialized-adapter.server.ts.
	// Writes take turns with other worker processes' on this file, not on a scratch one (withDatabaseFile).
	const adapter = serializeTransactions(target, {
		writeTurns: () => (target.file === file ? processWriteTurns() : null),
	})
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
	directReads.set(client, { adapter, logSlow, target })
	return client
}

/** The driver's factory, which `withDatabaseFile` may point at another file between two connections. */
function sqliteFile(file: string) {
	let driver = new PrismaBetterSqlite3({ url: `file:${file}` })
	const factory: SqlDriverAdapterFactory & {
		file: string
		use: (next: string) => void
	} = {
		file,
		provider: driver.provider,
		adapterName: driver.adapterName,
		connect: () => driver.connect(),
		use(next: string) {
			this.file = next
			driver = new PrismaBetterSqlite3({ url: `file:${next}` })
		},
	}
	return factory
}

/**
 * Runs `work` with the client on another SQLite file, then puts it back on
 * its own: the server's warm-up (server/warm-up.ts) signs in, reads and
 * answers quizzes on a scratch database, so that none of it reaches the real
 * one. The client reconnects on its next query, to whichever file is set.
 *
 * NOTE: nothing else may use the client meanwhile (the server is not
 * listening yet); a query in flight at either switch would run on the other
 * file.
 */
export async function withDatabaseFile<T>(
	file: string,
	work: () => Promise<T>,
	db: Client = prisma,
): Promise<T> {
	const entry = directReads.get(db)
	if (!entry)
		throw new Error('withDatabaseFile: not a client of createPrismaClient')
	const own = entry.target.file
	prepareSqliteFile(file)
	await db.$disconnect()
	entry.target.use(file)
	try {
		return await work()
	} finally {
		await db.$disconnect()
		entry.target.use(own)
	}
}

type Client = ReturnType<typeof createPrismaClient>

type DirectRead = {
	adapter: SerializedAdapterFactory
	logSlow: ((event: QueryEvent) => void) | null
	target: ReturnType<typeof sqliteFile>
}

// NOTE: on globalThis like the client itself: the server's own bundle and
// the app's each carry a copy of this module, and either may create the client.
const directReads = (globalThis.__essorDirectReads ??= new WeakMap<
	object,
	DirectRead
>())

/**
 * A value as Prisma's SQLite adapter binds it (booleans as 0 or 1, dates as
 * ISO text with "+00:00", the format of the rows Prisma writes), or
 * undefined when the direct path does not take it.
 */
function bindable(value: unknown): Bindable | undefined {
	if (
		value === null ||
		typeof value === 'string' ||
		typeof value === 'number' ||
		typeof value === 'bigint'
	)
		return value
	if (typeof value === 'boolean') return value ? 1 : 0
	if (value instanceof Date) return value.toISOString().replace('Z', '+00:00')
	return undefined
}

function bindAll(values: unknown[]): Bindable[] | null {
	const bound: Bindable[] = []
	for (const value of values) {
		const b = bindable(value)
		if (b === undefined) return null
		bound.push(b)
	}
	return bound
}

type Connection = NonNullable<SerializedAdapterFactory['connection']>

function directOf(db: Client | Prisma.TransactionClient) {
	const direct = directReads.get(db)
	const connection = direct?.adapter.connection
	return direct && connection ? { connection, logSlow: direct.logSlow } : null
}

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
 * NOTE: never inside a transaction: pass `tx` (Prisma's) there, which always
 * uses `$queryRaw`, or use the `Sql` given by `writeTransaction`; the
 * client's connection waits for that transaction.
 */
export function readRows<T>(
	query: Prisma.Sql,
	db: Client | Prisma.TransactionClient = prisma,
): Promise<T[]> {
	return directly(
		db,
		query,
		(connection, values) =>
			connection.readRows(query.sql, values) as Promise<T[]>,
		() => db.$queryRaw<T[]>(query),
	)
}

/** A write out of any transaction (one statement), the same way as `readRows`: the number of rows it changed. */
export function runStatement(
	query: Prisma.Sql,
	db: Client = prisma,
): Promise<number> {
	return directly(
		db,
		query,
		(connection, values) => connection.runStatement(query.sql, values),
		() => db.$executeRaw(query),
	)
}

/** A statement on the client's own connection when it can go there (see `readRows`), else through Prisma. */
async function directly<R>(
	db: Client | Prisma.TransactionClient,
	query: Prisma.Sql,
	run: (connection: Connection, values: Bindable[]) => Promise<R>,
	viaPrisma: () => Promise<R>,
): Promise<R> {
	const direct = directOf(db)
	const values = direct && bindAll(query.values)
	if (!direct || !values) return viaPrisma()
	return logged(direct.logSlow, query.sql, () => run(direct.connection, values))
}

/** Runs a direct statement, then logs it when slow (as Prisma's query events are). */
async function logged<R>(
	logSlow: DirectRead['logSlow'],
	sql: string,
	run: () => R | Promise<R>,
): Promise<R> {
	const started = performance.now()
	const result = await run()
	logSlow?.({ duration: performance.now() - started, query: sql })
	return result
}

/** Statements in portable SQL (`Prisma.sql`) within one transaction. */
export type Sql = {
	rows<T>(query: Prisma.Sql): Promise<T[]>
	/** A statement that returns no rows: the number of rows it changed. */
	run(query: Prisma.Sql): Promise<number>
}

/** A Prisma transaction's statements as `Sql`, for code shared with `writeTransaction`. */
export function transactionSql(tx: Prisma.TransactionClient): Sql {
	return {
		rows: (query) => tx.$queryRaw(query),
		run: (query) => tx.$executeRaw(query),
	}
}

/**
 * A write transaction in portable SQL. On the client's SQLite connection it
 * runs without Prisma's interactive transaction: BEGIN IMMEDIATE, then each
 * statement synchronously, then COMMIT (see `SerializedAdapter.transaction`),
 * so SQLite's write lock, which every server worker shares, is held for the
 * statements alone. Elsewhere (another database, a client not connected
 * yet) it is `$transaction`. It rolls back when `work` throws.
 *
 * NOTE: in `work`, use only the `Sql` it is given and no other query: the
 * client's connection waits for this transaction, which waits for `work`.
 */
export async function writeTransaction<T>(
	work: (sql: Sql) => Promise<T>,
	db: Client = prisma,
): Promise<T> {
	const direct = directOf(db)
	if (!direct) return db.$transaction((tx) => work(transactionSql(tx)))
	const { connection, logSlow } = direct
	const bound = (query: Prisma.Sql) => {
		const values = bindAll(query.values)
		if (!values) throw new TypeError(`A value cannot be bound in: ${query.sql}`)
		return values
	}
	return connection.transaction((tx) =>
		work({
			rows: <R>(query: Prisma.Sql) =>
				logged(
					logSlow,
					query.sql,
					() => tx.rows(query.sql, bound(query)) as R[],
				),
			run: (query) =>
				logged(logSlow, query.sql, () => tx.run(query.sql, bound(query))),
		}),
	)
}

declare global {
	var __essorPrisma: ReturnType<typeof createPrismaClient> | undefined
	var __essorDirectReads: WeakMap<object, DirectRead> | undefined
}

// NOTE: one client per process; in dev the module is re-evaluated on every
// change, so the client is kept on globalThis to avoid leaking connections.
export const prisma = (globalThis.__essorPrisma ??= createPrismaClient())
