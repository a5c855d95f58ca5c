import {
	DriverAdapterError,
	type IsolationLevel,
	type SqlDriverAdapter,
	type SqlDriverAdapterFactory,
	type SqlQuery,
	type Transaction,
} from '@prisma/driver-adapter-utils'
import { TurnTimeoutError, type WriteTurns } from './write-turns.server.ts'

/**
 * The app has one SQLite connection (better-sqlite3). Prisma's adapter opens
 * a transaction on it with BEGIN and, until COMMIT or ROLLBACK, lets the
 * queries of every other request run on that same connection: they become
 * part of the open transaction. When that transaction rolls back (a unique
 * violation in `joinCohort`, a failed import), the other requests' writes,
 * already acknowledged to their users, are rolled back with it; if the
 * process dies before it commits, they are lost too.
 *
 * This wrapper keeps transactions to themselves: while one is open, other
 * queries wait for it to end, in arrival order. Out of a transaction a query
 * runs at once, as before: better-sqlite3 executes it synchronously, so
 * nothing can slip in between.
 *
 * NOTE: inside `prisma.$transaction(async (tx) => …)` use `tx` only: a query
 * on `prisma` there would wait for the transaction to end, that is for its
 * timeout (5 s), and the transaction would fail.
 */

class FifoLock {
	#locked = false
	#waiting: (() => void)[] = []

	get locked() {
		return this.#locked
	}

	acquire(): Promise<void> {
		if (!this.#locked) {
			this.#locked = true
			return Promise.resolve()
		}
		return new Promise((resolve) => this.#waiting.push(resolve))
	}

	release() {
		const next = this.#waiting.shift()
		if (next) next()
		else this.#locked = false
	}
}

/** How long a statement waits for another process's write lock before it fails (the connection's busy timeout before). */
export const LOCK_WAIT_MS = 5000

/** SQLite said another connection holds the lock: better-sqlite3's error, or Prisma's adapter's translation of it. */
function isBusy(error: unknown) {
	const e = error as {
		code?: unknown
		name?: unknown
		cause?: { kind?: unknown }
	} | null
	if (!e) return false
	if (typeof e.code === 'string') return e.code.startsWith('SQLITE_BUSY')
	return e.name === 'DriverAdapterError' && e.cause?.kind === 'SocketTimeout'
}

/** A statement that writes (Prisma's own writes outside a transaction come as these). */
function isWrite(sql: string) {
	return /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql)
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs a statement, again while SQLite refuses it because another process
 * (a second server worker, a backup, a command) holds the write lock.
 * SQLite's own busy handler would sleep the whole process meanwhile, every
 * request of the worker with it; this waits on a timer, so the worker serves
 * its other requests. A statement refused as busy has changed nothing, so
 * running it again is safe.
 */
async function untilUnlocked<T>(attempt: () => Promise<T>, waitMs: number) {
	const deadline = performance.now() + waitMs
	for (let delay = 1; ; delay = Math.min(delay * 2, 8)) {
		try {
			return await attempt()
		} catch (error) {
			if (!isBusy(error)) throw error
			if (performance.now() >= deadline)
				// As Prisma's adapter reports it: "Operation has timed out".
				throw error instanceof DriverAdapterError
					? error
					: new DriverAdapterError({ kind: 'SocketTimeout' })
		}
		await pause(delay)
	}
}

class SerializedAdapter implements SqlDriverAdapter {
	readonly #inner: SqlDriverAdapter
	readonly #client: Tuned
	readonly #waitMs: number
	readonly #lock = new FifoLock()
	readonly #onDispose: () => void
	readonly #turns: WriteTurns | null

	readonly getConnectionInfo?: SqlDriverAdapter['getConnectionInfo']

	constructor(
		inner: SqlDriverAdapter,
		client: Tuned,
		waitMs: number,
		onDispose: () => void = () => {},
		turns: WriteTurns | null = null,
	) {
		this.#inner = inner
		this.#client = client
		this.#waitMs = waitMs
		this.#onDispose = onDispose
		this.#turns = turns
		if (inner.getConnectionInfo)
			this.getConnectionInfo = () => inner.getConnectionInfo!()
	}

	get provider() {
		return this.#inner.provider
	}

	get adapterName() {
		return this.#inner.adapterName
	}

	async #once<T>(run: () => Promise<T>): Promise<T> {
		if (!this.#lock.locked) return run()
		await this.#lock.acquire()
		try {
			return await run()
		} finally {
			this.#lock.release()
		}
	}

	// Each attempt checks the lock anew: between two attempts a transaction
	// may have opened, and the statement must not run inside it.
	#exclusive<T>(run: () => Promise<T>): Promise<T> {
		return untilUnlocked(() => this.#once(run), this.#waitMs)
	}

	/** Takes this process's turn to write, if it has turns (see write-turns.server.ts); the caller gives it back. */
	async #takeTurn(): Promise<WriteTurns | null> {
		const turns = this.#turns
		try {
			await turns?.take(this.#waitMs)
		} catch (error) {
			if (error instanceof TurnTimeoutError)
				throw new DriverAdapterError({ kind: 'SocketTimeout' })
			throw error
		}
		return turns
	}

	/** A write in this process's turn; its request goes on once the turn is over (see write-turns.server.ts). */
	async #write<T>(run: () => Promise<T>): Promise<T> {
		const turns = await this.#takeTurn()
		if (!turns) return run()
		try {
			return await run()
		} finally {
			await turns.give()
		}
	}

	queryRaw(query: SqlQuery) {
		const run = () => this.#exclusive(() => this.#inner.queryRaw(query))
		return isWrite(query.sql) ? this.#write(run) : run()
	}

	/**
	 * A read on the same connection without Prisma's query pipeline: rows as
	 * better-sqlite3 gives them (integers as BigInt, dates as their stored
	 * text). Like any query here, it waits while another request's
	 * transaction is open, so it never sees uncommitted writes.
	 */
	readRows(sql: string, values: Bindable[]) {
		return this.#exclusive(async () => this.#client.direct.rows(sql, values))
	}

	/** A write out of any transaction, the same way: the number of rows it changed. */
	runStatement(sql: string, values: Bindable[]) {
		return this.#write(() =>
			this.#exclusive(async () => this.#client.direct.run(sql, values)),
		)
	}

	executeRaw(query: SqlQuery) {
		return this.#write(() =>
			this.#exclusive(() => this.#inner.executeRaw(query)),
		)
	}

	// Not retried: a script refused as busy part way has run its first statements.
	executeScript(script: string) {
		return this.#once(() => this.#inner.executeScript(script))
	}

	/** Takes this connection's turn, then SQLite's write lock (BEGIN IMMEDIATE), waiting on a timer while another process holds it. */
	#begin() {
		return untilUnlocked(async () => {
			await this.#lock.acquire()
			try {
				this.#client.prepare(BEGIN_IMMEDIATE).run()
			} catch (error) {
				this.#lock.release()
				throw error
			}
		}, this.#waitMs)
	}

	/**
	 * A write transaction on the connection itself, without Prisma's
	 * interactive transaction: BEGIN IMMEDIATE, `work`, then COMMIT, or
	 * ROLLBACK when it throws. Other requests' statements wait meanwhile, as
	 * for Prisma's transactions. Its statements run synchronously, so a
	 * `work` that awaits only them holds SQLite's write lock for the time
	 * they take, not for the other requests its process serves meanwhile.
	 */
	async transaction<T>(work: (tx: DirectTransaction) => Promise<T>) {
		return this.#write(async () => {
			await this.#begin()
			try {
				const result = await work(this.#client.direct)
				this.#client.direct.run('COMMIT', [])
				return result
			} catch (error) {
				if (this.#client.inTransaction) this.#client.direct.run('ROLLBACK', [])
				throw error
			} finally {
				this.#lock.release()
			}
		})
	}

	async startTransaction(
		isolationLevel?: IsolationLevel,
	): Promise<Transaction> {
		// BEGIN IMMEDIATE is run here: between attempts the connection is
		// left to other requests' queries. The adapter's own BEGIN then finds
		// the transaction open (see tuneClient).
		const turns = await this.#takeTurn()
		let tx: Transaction
		try {
			await this.#begin()
			try {
				tx = await this.#inner.startTransaction(isolationLevel)
			} catch (error) {
				if (this.#client.inTransaction) this.#client.prepare('ROLLBACK').run()
				this.#lock.release()
				throw error
			}
		} catch (error) {
			await turns?.give()
			throw error
		}
		let open = true
		const end = async (finish: () => Promise<void>) => {
			try {
				await finish()
			} finally {
				if (open) {
					open = false
					this.#lock.release()
					await turns?.give()
				}
			}
		}
		return {
			provider: tx.provider,
			adapterName: tx.adapterName,
			options: tx.options,
			queryRaw: (query) => tx.queryRaw(query),
			executeRaw: (query) => tx.executeRaw(query),
			commit: () => end(() => tx.commit()),
			rollback: () => end(() => tx.rollback()),
			...(tx.createSavepoint
				? { createSavepoint: (name: string) => tx.createSavepoint!(name) }
				: {}),
			...(tx.rollbackToSavepoint
				? {
						rollbackToSavepoint: (name: string) =>
							tx.rollbackToSavepoint!(name),
					}
				: {}),
			...(tx.releaseSavepoint
				? { releaseSavepoint: (name: string) => tx.releaseSavepoint!(name) }
				: {}),
		}
	}

	dispose() {
		this.#onDispose()
		return this.#inner.dispose()
	}
}

type Client = {
	prepare: (sql: string) => { run: (...args: unknown[]) => unknown }
	inTransaction: boolean
	pragma: (source: string) => unknown
}

/** A value better-sqlite3 binds as it is: what the direct reads accept. */
export type Bindable = string | number | bigint | null

/** Statements straight on better-sqlite3, each prepared once (see `readRows`). */
export type DirectTransaction = {
	/** Rows as objects, as the driver gives them. */
	rows: (sql: string, values: Bindable[]) => unknown[]
	/** The number of rows the statement changed. */
	run: (sql: string, values: Bindable[]) => number
}

type Tuned = Client & { direct: DirectTransaction }

const BEGIN_IMMEDIATE = 'BEGIN IMMEDIATE'

type Statement = {
	reader: boolean
	run: (...args: unknown[]) => unknown
	all: (...args: unknown[]) => unknown[]
	columns: () => unknown[]
	raw: (on?: boolean) => { all: (...args: unknown[]) => unknown[] }
	bind: (...args: unknown[]) => unknown
}

/**
 * A prepared statement kept for reuse. Prisma's adapter prepares every query
 * anew, then binds its values for good (`stmt.bind(args)`), which forbids
 * reuse; this hands it a bound view instead, so each distinct SQL text is
 * prepared once per connection.
 */
function reusable(stmt: Statement) {
	// A statement's result columns are fixed once prepared: asked for once.
	let columns: unknown[] | null = null
	return {
		run: () => stmt.run(),
		bind: (args: unknown[]) => ({
			get reader() {
				return stmt.reader
			},
			run: () => stmt.run(args),
			columns: () => (columns ??= stmt.columns()),
			raw: () => ({ all: () => stmt.raw(true).all(args) }),
		}),
	}
}

const STATEMENT_CACHE_SIZE = 500

/**
 * Three changes to how Prisma's adapter uses its better-sqlite3 connection:
 *
 * - Transactions start with BEGIN IMMEDIATE instead of BEGIN: they take
 *   SQLite's write lock at once. A deferred BEGIN reads first and asks for
 *   the lock at its first write; if another process (a second server worker,
 *   a backup, a command) committed in between, SQLite refuses at once with
 *   SQLITE_BUSY, which Prisma reports as "Operation has timed out", and the
 *   request fails. Every transaction here writes, so nothing is lost by
 *   taking the lock first. SerializedAdapter runs that BEGIN IMMEDIATE
 *   itself, waiting on a timer while the lock is taken (`untilUnlocked`); the
 *   adapter's own BEGIN is then a no-op.
 * - SQLite's busy timeout is 0: a statement that finds the lock taken fails
 *   at once and `untilUnlocked` runs it again later, instead of SQLite
 *   sleeping the process.
 * - Statements are prepared once per SQL text and reused (see `reusable`).
 *
 * NOTE: this relies on Prisma's better-sqlite3 adapter (pinned to 7.10.x)
 * calling `client.prepare(sql)` then `.bind(args)`, `.run()`, `.columns()`,
 * `.raw().all()` and `.reader`, and running the literal "BEGIN"; if its
 * `client` ever changes shape this throws at the first connection instead of
 * failing quietly.
 */
function tuneClient(adapter: SqlDriverAdapter): Tuned {
	const client = (
		adapter as {
			client?: { prepare?: unknown; inTransaction?: unknown; pragma?: unknown }
		}
	).client
	if (
		!client ||
		typeof client.prepare !== 'function' ||
		typeof client.pragma !== 'function' ||
		typeof client.inTransaction !== 'boolean'
	)
		throw new Error(
			'Prisma’s better-sqlite3 adapter changed: cannot tune its connection (see serialized-adapter.server.ts)',
		)
	const prepare = (client.prepare as (sql: string) => Statement).bind(client)
	const cache = new Map<string, ReturnType<typeof reusable>>()
	// Prisma's adapter only runs its BEGIN: `.run()` is all it is asked for.
	const alreadyBegun = { run: () => undefined }
	client.prepare = (sql: string) => {
		if (sql === 'BEGIN') {
			if ((client as Client).inTransaction) return alreadyBegun
			sql = BEGIN_IMMEDIATE
		}
		let found = cache.get(sql)
		if (found) {
			// Most recently used last: the first key is the one to drop.
			cache.delete(sql)
		} else {
			found = reusable(prepare(sql))
			if (cache.size >= STATEMENT_CACHE_SIZE)
				cache.delete(cache.keys().next().value!)
		}
		cache.set(sql, found)
		return found
	}
	;(client as Client).pragma('busy_timeout = 0')
	const prepared = new Map<string, Statement>()
	const statement = (sql: string) => {
		let stmt = prepared.get(sql)
		if (!stmt) {
			stmt = prepare(sql)
			// A handful of statements use this path: no eviction needed beyond a bound.
			if (prepared.size < STATEMENT_CACHE_SIZE) prepared.set(sql, stmt)
		}
		return stmt
	}
	const direct: DirectTransaction = {
		rows: (sql, values) => statement(sql).all(...values),
		run: (sql, values) =>
			(statement(sql).run(...values) as { changes: number }).changes,
	}
	return Object.assign(client as Client, { direct })
}

export type SerializedAdapterFactory = SqlDriverAdapterFactory & {
	/** The connection once Prisma has opened it (see `readRows`). */
	readonly connection: SerializedAdapter | null
}

/** Wraps a driver adapter factory so that each connection keeps its transactions isolated and immediate, and reuses its statements (see above). */
export function serializeTransactions(
	factory: SqlDriverAdapterFactory,
	{
		lockWaitMs = LOCK_WAIT_MS,
		writeTurns = () => null,
	}: {
		lockWaitMs?: number
		/** Asked at each connection: the turns its writes take with other processes', if any (write-turns.server.ts). */
		writeTurns?: () => WriteTurns | null
	} = {},
): SerializedAdapterFactory {
	let connection: SerializedAdapter | null = null
	return {
		provider: factory.provider,
		adapterName: factory.adapterName,
		get connection() {
			return connection
		},
		connect: async () => {
			const adapter = await factory.connect()
			// A closed connection is never lent out (`$disconnect`, then Prisma reconnects on demand).
			const opened: SerializedAdapter = new SerializedAdapter(
				adapter,
				tuneClient(adapter),
				lockWaitMs,
				() => {
					if (connection === opened) connection = null
				},
				writeTurns(),
			)
			connection = opened
			return opened
		},
	}
}
