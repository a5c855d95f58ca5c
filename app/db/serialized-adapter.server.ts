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

/**
 * Transactions start with BEGIN IMMEDIATE instead of Prisma's BEGIN: they
 * take SQLite's write lock at once, waiting (busy timeout) while another
 * process holds it. A deferred BEGIN reads first and asks for the lock at its
 * first write; if another process (a second server worker, a backup, a
 * command) committed in between, SQLite refuses at once with SQLITE_BUSY,
 * which Prisma reports as "Operation has timed out", and the whole request
 * fails. Every transaction here writes, so nothing is lost by taking the lock
 * first.
 *
 * NOTE: Prisma's better-sqlite3 adapter (pinned to 7.10.x) runs the literal
 * statement "BEGIN" on its `client`; if that ever changes this throws at the
 * first connection instead of silently going back to deferred transactions.
 */
function immediateTransactions(adapter: SqlDriverAdapter) {
	const client = (adapter as { client?: { prepare?: unknown } }).client
	if (!client || typeof client.prepare !== 'function')
		throw new Error(
			'Prisma’s better-sqlite3 adapter changed: cannot make transactions BEGIN IMMEDIATE (see serialized-adapter.server.ts)',
		)
	const prepare = (client.prepare as (sql: string) => unknown).bind(client)
	client.prepare = (sql: string) =>
		prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql)
}

/** Wraps a driver adapter factory so that each connection keeps its transactions isolated and immediate (see above). */
export function serializeTransactions(
	factory: SqlDriverAdapterFactory,
): SqlDriverAdapterFactory {
	return {
		provider: factory.provider,
		adapterName: factory.adapterName,
		connect: async () => {
			const adapter = await factory.connect()
			immediateTransactions(adapter)
			return new SerializedAdapter(adapter)
		},
	}
}
