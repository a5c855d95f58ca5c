/**
 * Turns at SQLite's write lock for the server's worker processes, handed
 * out in order by the primary process.
 *
 * Without them, a worker that finds the lock taken retries on a timer
 * (serialized-adapter.server.ts), while the worker holding it starts its next
 * queued write the moment the last one commits: a busy worker kept the lock
 * for hundreds of milliseconds at a time and the other's writes waited. With
 * 100 learners on two workers, one write in five waited, 130 ms on average
 * and up to 800 ms (measured over a 30 s stress run).
 *
 * A worker asks the primary for a turn when one of its requests is about to
 * write. The writes that wait for it then go, up to `WRITES_PER_TURN`, and
 * the turn goes back as soon as none is under way; the worker asks again,
 * behind the others, for the writes that came meanwhile. The requests whose
 * writes were in the turn go on (render their pages) only once it has gone
 * back (`give` resolves then): otherwise the turn was held while they
 * rendered, 29-45 ms on average for 23-27 writes, against 8-13 ms for 20-27
 * writes now, and the other worker's writes waited for those pages
 * (decision 023). Writes from outside the server (a backup, a command) still meet the lock and wait on the
 * timer, turn in hand. (Keeping the turn until another worker asks was
 * tried: the holder's burst of writes left the other worker idle, about 30 %
 * of its time, against 10 % this way.)
 *
 * One process alone (`WEB_CONCURRENCY=1`, development, commands, tests) has
 * no turns: its connection already takes its writes one at a time.
 */

/** What a process's database connection asks for before it writes. */
export type WriteTurns = {
	/** Resolves once this process may write; rejects after `waitMs`. */
	take(waitMs: number): Promise<void>
	/**
	 * Every `take` that resolved is given back once its write is over.
	 * Resolves once the turn that write was in has gone back (at once when
	 * this gives it back): its request goes on only then.
	 */
	give(): Promise<void>
}

/**
 * How many writes a worker makes in one turn while others may wait. A turn
 * changes hands only when the receiving worker's event loop comes round to
 * the message, 20-50 ms under load: fewer writes per turn spend more of the
 * lock's time in hand-overs (in the stress run, 8 gave 464 req/s, 32 gave
 * 476-606; 64 left a page of the first seconds waiting over 2 s).
 */
export const WRITES_PER_TURN = 32

export type TurnMessage = { essorWriteTurn: 'take' | 'give' | 'granted' }

function isTurnMessage(message: unknown): message is TurnMessage {
	return (
		typeof message === 'object' &&
		message !== null &&
		'essorWriteTurn' in message
	)
}

export class TurnTimeoutError extends Error {
	constructor(waitMs: number) {
		super(`No turn to write within ${waitMs} ms`)
	}
}

type Channel = {
	send(message: TurnMessage): unknown
	on(event: 'message', listener: (message: unknown) => void): unknown
}

/**
 * A worker's side: one turn asked for at a time, shared by the writes that
 * wait for it, up to `perTurn`; given back as soon as none is under way.
 */
export class WorkerWriteTurns implements WriteTurns {
	readonly #channel: Channel
	readonly #perTurn: number
	#state: 'idle' | 'asked' | 'held' = 'idle'
	/** Writes under way in the current turn. */
	#active = 0
	/** Writes let in during the current turn. */
	#admitted = 0
	readonly #waiting: Array<() => void> = []
	/** Resolves when the turn held now goes back. */
	#end: { promise: Promise<void>; resolve: () => void } | null = null

	constructor(channel: Channel, perTurn = WRITES_PER_TURN) {
		this.#channel = channel
		this.#perTurn = perTurn
		channel.on('message', (message) => {
			if (isTurnMessage(message) && message.essorWriteTurn === 'granted')
				this.#granted()
		})
	}

	take(waitMs: number): Promise<void> {
		if (
			this.#state === 'held' &&
			this.#admitted < this.#perTurn &&
			this.#waiting.length === 0
		) {
			this.#admit()
			return Promise.resolve()
		}
		return new Promise<void>((resolve, reject) => {
			const entry = () => {
				clearTimeout(timer)
				resolve()
			}
			const timer = setTimeout(() => {
				const i = this.#waiting.indexOf(entry)
				if (i >= 0) this.#waiting.splice(i, 1)
				reject(new TurnTimeoutError(waitMs))
			}, waitMs)
			this.#waiting.push(entry)
			if (this.#state === 'idle') this.#ask()
		})
	}

	give(): Promise<void> {
		this.#active--
		if (this.#active === 0) {
			if (this.#waiting.length && this.#admitted < this.#perTurn)
				this.#admitWaiting()
			else this.#handBack()
		}
		return this.#ended()
	}

	#ended(): Promise<void> {
		if (this.#state !== 'held') return Promise.resolve()
		if (!this.#end) {
			let resolve!: () => void
			const promise = new Promise<void>((r) => (resolve = r))
			this.#end = { promise, resolve }
		}
		return this.#end.promise
	}

	/** The turn goes back; the writes still waiting ask for the next one. */
	#handBack() {
		this.#state = 'idle'
		this.#channel.send({ essorWriteTurn: 'give' })
		this.#end?.resolve()
		this.#end = null
		if (this.#waiting.length) this.#ask()
	}

	/** Lets in the writes that wait, up to the turn's number (they still write one at a time on the connection). */
	#admitWaiting() {
		while (this.#waiting.length && this.#admitted < this.#perTurn) {
			this.#admit()
			this.#waiting.shift()!()
		}
	}

	#admit() {
		this.#active++
		this.#admitted++
	}

	#ask() {
		this.#state = 'asked'
		this.#channel.send({ essorWriteTurn: 'take' })
	}

	#granted() {
		this.#state = 'held'
		this.#admitted = 0
		// Every write that waited timed out meanwhile: the turn goes straight back.
		if (!this.#waiting.length) this.#handBack()
		else this.#admitWaiting()
	}
}

type Worker = {
	send(message: TurnMessage): unknown
}

/** The primary's side: turns in the order they were asked for. A worker that exits loses its place and its turn. */
export class TurnKeeper {
	#holder: Worker | null = null
	readonly #queue: Worker[] = []

	onMessage(worker: Worker, message: unknown) {
		if (!isTurnMessage(message)) return
		if (message.essorWriteTurn === 'take') {
			this.#queue.push(worker)
			this.#next()
		} else if (message.essorWriteTurn === 'give' && this.#holder === worker) {
			this.#holder = null
			this.#next()
		}
	}

	onExit(worker: Worker) {
		for (let i = this.#queue.length - 1; i >= 0; i--)
			if (this.#queue[i] === worker) this.#queue.splice(i, 1)
		if (this.#holder === worker) {
			this.#holder = null
			this.#next()
		}
	}

	#next() {
		if (this.#holder) return
		const worker = this.#queue.shift()
		if (!worker) return
		this.#holder = worker
		worker.send({ essorWriteTurn: 'granted' })
	}
}

declare global {
	var __essorWriteTurns: WriteTurns | undefined
}

/** This process's turns (set by a cluster worker at its start), or null: one process alone has none. */
export function processWriteTurns(): WriteTurns | null {
	return globalThis.__essorWriteTurns ?? null
}

/** In a cluster worker, before its first query: its writes take turns with the other workers'. */
export function takeWriteTurnsInCluster(channel: Channel) {
	globalThis.__essorWriteTurns = new WorkerWriteTurns(channel)
}
