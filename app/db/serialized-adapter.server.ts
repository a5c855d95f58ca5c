import type {
	IsolationLevel,
	SqlDriverAdapter,
	SqlDriverAdapterFactory,
	SqlQuery,
	Transaction,
} from '@prisma/driver-adapter-utils'

/**
 * The app has one SQLite connection (better-sqlite3). Prisma's adapter opens
 * a transaction on it with BEGIN and, until COMMIT or ROLLBACK, lets the
 * queries of every other request run on that same connection: they become
 * part of the open transaction. When that transaction rolls back (a unique
 * violation in `joinCohort`, a failed import), the other requests' writes,
 * already acknowledged to their users, are rolled back with it; if the
 * process dies before it commits, they are lost too.
 *
 * This wrapper keeps transactions to themselves: while one is open (or
 * waiting to open), other queries wait for it to end, in arrival order. Out
 * of a transaction a query runs at once, as before: better-sqlite3 executes
 * it synchronously, so nothing can slip in between.
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

class SerializedAdapter implements SqlDriverAdapter {
	readonly #inner: SqlDriverAdapter
	readonly #lock = new FifoLock()

	readonly getConnectionInfo?: SqlDriverAdapter['getConnectionInfo']

	constructor(inner: SqlDriverAdapter) {
		this.#inner = inner
		if (inner.getConnectionInfo)
			this.getConnectionInfo = () => inner.getConnectionInfo!()
	}

	get provider() {
		return this.#inner.provider
	}

	get adapterName() {
		return this.#inner.adapterName
	}

	async #exclusive<T>(run: () => Promise<T>): Promise<T> {
		if (!this.#lock.locked) return run()
		await this.#lock.acquire()
		try {
			return await run()
		} finally {
			this.#lock.release()
		}
	}

	queryRaw(query: SqlQuery) {
		return this.#exclusive(() => this.#inner.queryRaw(query))
	}

	executeRaw(query: SqlQuery) {
		return this.#exclusive(() => this.#inner.executeRaw(query))
	}

	executeScript(script: string) {
		return this.#exclusive(() => this.#inner.executeScript(script))
	}

	async startTransaction(
		isolationLevel?: IsolationLevel,
	): Promise<Transaction> {
		await this.#lock.acquire()
		let tx: Transaction
		try {
			tx = await this.#inner.startTransaction(isolationLevel)
		} catch (error) {
			this.#lock.release()
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
		return this.#inner.dispose()
	}
}

type Statement = {
	reader: boolean
	run: (...args: unknown[]) => unknown
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
 * Two changes to how Prisma's adapter uses its better-sqlite3 connection:
 *
 * - Transactions start with BEGIN IMMEDIATE instead of BEGIN: they take
 *   SQLite's write lock at once, waiting (busy timeout) while another process
 *   holds it. A deferred BEGIN reads first and asks for the lock at its first
 *   write; if another process (a second server worker, a backup, a command)
 *   committed in between, SQLite refuses at once with SQLITE_BUSY, which
 *   Prisma reports as "Operation has timed out", and the request fails. Every
 *   transaction here writes, so nothing is lost by taking the lock first.
 * - Statements are prepared once per SQL text and reused (see `reusable`).
 *
 * NOTE: this relies on Prisma's better-sqlite3 adapter (pinned to 7.10.x)
 * calling `client.prepare(sql)` then `.bind(args)`, `.run()`, `.columns()`,
 * `.raw().all()` and `.reader`, and running the literal "BEGIN"; if its
 * `client` ever changes shape this throws at the first connection instead of
 * failing quietly.
 */
function tuneClient(adapter: SqlDriverAdapter) {
	const client = (adapter as { client?: { prepare?: unknown } }).client
	if (!client || typeof client.prepare !== 'function')
		throw new Error(
			'Prisma’s better-sqlite3 adapter changed: cannot tune its connection (see serialized-adapter.server.ts)',
		)
	const prepare = (client.prepare as (sql: string) => Statement).bind(client)
	const cache = new Map<string, ReturnType<typeof reusable>>()
	client.prepare = (sql: string) => {
		const text = sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql
		let found = cache.get(text)
		if (found) {
			// Most recently used last: the first key is the one to drop.
			cache.delete(text)
		} else {
			found = reusable(prepare(text))
			if (cache.size >= STATEMENT_CACHE_SIZE)
				cache.delete(cache.keys().next().value!)
		}
		cache.set(text, found)
		return found
	}
}

/** Wraps a driver adapter factory so that each connection keeps its transactions isolated and immediate, and reuses its statements (see above). */
export function serializeTransactions(
	factory: SqlDriverAdapterFactory,
): SqlDriverAdapterFactory {
	return {
		provider: factory.provider,
		adapterName: factory.adapterName,
		connect: async () => {
			const adapter = await factory.connect()
			tuneClient(adapter)
			return new SerializedAdapter(adapter)
		},
	}
}
