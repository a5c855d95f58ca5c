import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import { PrismaClient } from '#app/.server/prisma/client.ts'
import { serializeTransactions } from './serialized-adapter.server.ts'
import {
	TurnKeeper,
	TurnTimeoutError,
	WorkerWriteTurns,
	WRITES_PER_TURN,
	type TurnMessage,
} from './write-turns.server.ts'

/**
 * A primary and its workers, with messages delivered later, as over the
 * cluster's IPC channel: the real TurnKeeper and WorkerWriteTurns.
 */
function cluster(workers: number) {
	const keeper = new TurnKeeper()
	const sides = Array.from({ length: workers }, (_, i) => {
		/** What this worker sent, and when, among what the test logs. */
		const log: string[] = []
		const listeners: Array<(message: unknown) => void> = []
		let exited = false
		const worker = {
			send: (message: TurnMessage) =>
				setImmediate(() => {
					if (exited) return
					log.push(`${message.essorWriteTurn} ${i}`)
					for (const l of listeners) l(message)
				}),
		}
		const turns = new WorkerWriteTurns({
			send: (message) => {
				log.push(`${message.essorWriteTurn} ${i}`)
				setImmediate(() => {
					if (!exited) keeper.onMessage(worker, message)
				})
			},
			on: (_event, listener) => listeners.push(listener),
		})
		const exit = () => {
			exited = true
			keeper.onExit(worker)
		}
		return { turns, exit, log }
	})
	return sides
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

test('two workers writing at once take turns: neither makes more than a turn of writes while the other waits', async () => {
	const [a, b] = cluster(2)
	const order: string[] = []
	// More writers on each side than a turn lets in.
	const writers = WRITES_PER_TURN + 8
	const writer = async (name: string, turns: WorkerWriteTurns) => {
		for (let i = 0; i < 10; i++) {
			await turns.take(5000)
			order.push(name)
			await tick()
			turns.give()
		}
	}
	await Promise.all([
		...Array.from({ length: writers }, () => writer('a', a!.turns)),
		...Array.from({ length: writers }, () => writer('b', b!.turns)),
	])
	expect(order.filter((w) => w === 'a')).toHaveLength(writers * 10)
	expect(order.filter((w) => w === 'b')).toHaveLength(writers * 10)
	const runs = order.join('').match(/a+|b+/g)!
	// The last runs may be one worker's alone: the other has finished.
	const shared = runs.slice(0, -2)
	expect(Math.max(...shared.map((r) => r.length))).toBeLessThanOrEqual(
		WRITES_PER_TURN,
	)
	expect(runs.length).toBeGreaterThanOrEqual((writers * 20) / WRITES_PER_TURN)
})

test('the writes of a turn go on only once it has gone back: the other worker does not wait for what follows them', async () => {
	const [a] = cluster(2)
	const log = a!.log
	await Promise.all(
		[1, 2, 3].map(async (i) => {
			await a!.turns.take(5000)
			log.push(`write ${i}`)
			await tick()
			await a!.turns.give()
			log.push(`page ${i}`)
		}),
	)
	expect(log).toEqual([
		'take 0',
		'granted 0',
		'write 1',
		'write 2',
		'write 3',
		'give 0',
		'page 1',
		'page 2',
		'page 3',
	])
	// The write that gives its turn back has nothing to wait for.
	await a!.turns.take(5000)
	let over = false
	void a!.turns.give().then(() => (over = true))
	await Promise.resolve()
	expect(over).toBe(true)
})

test('a worker that exits loses its turn: the next one gets it', async () => {
	const [a, b] = cluster(2)
	await a!.turns.take(5000) // and never gives it back
	let bWrote = false
	const waiting = b!.turns.take(5000).then(() => (bWrote = true))
	for (let i = 0; i < 5; i++) await tick()
	expect(bWrote).toBe(false)
	a!.exit()
	await waiting
	expect(bWrote).toBe(true)
	b!.turns.give()
})

test('a write that waits too long for its turn fails as a time-out, and the turn is not lost', async () => {
	const [a, b] = cluster(2)
	await a!.turns.take(5000)
	await expect(b!.turns.take(30)).rejects.toBeInstanceOf(TurnTimeoutError)
	a!.turns.give()
	// B's turn came after its write had given up: it goes straight back, and A gets the next.
	for (let i = 0; i < 5; i++) await tick()
	const again = await Promise.race([
		a!.turns.take(5000).then(() => 'granted'),
		new Promise((resolve) => setTimeout(() => resolve('stuck'), 2000)),
	])
	expect(again).toBe('granted')
	a!.turns.give()
})

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-turns-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/**
 * Two connections to one SQLite file, as two server workers hold: each
 * request's write in a loop, more requests on each than a turn lets in.
 * Returns, in commit order, which connection made each write.
 */
async function writeFromTwoConnections(file: string, withTurns: boolean) {
	const sides = withTurns ? cluster(2) : [null, null]
	const clients = sides.map(
		(side) =>
			new PrismaClient({
				adapter: serializeTransactions(
					new PrismaBetterSqlite3({ url: `file:${file}` }),
					{ writeTurns: () => side?.turns ?? null },
				),
			}),
	)
	await clients[0]!.$executeRawUnsafe(
		'CREATE TABLE w (n INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT NOT NULL)',
	)
	await clients[1]!.$queryRawUnsafe('SELECT 1')
	const deadline = performance.now() + 1500
	const request = async (who: string, client: PrismaClient) => {
		while (performance.now() < deadline) {
			await client.$executeRawUnsafe('INSERT INTO w (who) VALUES (?)', who)
			// The rest of the request: a read, then back to the event loop.
			await client.$queryRawUnsafe('SELECT COUNT(*) FROM w')
			await tick()
		}
	}
	await Promise.all(
		['a', 'b'].flatMap((who, i) =>
			Array.from({ length: WRITES_PER_TURN + 16 }, () =>
				request(who, clients[i]!),
			),
		),
	)
	const rows = await clients[0]!.$queryRawUnsafe<{ who: string }[]>(
		'SELECT who FROM w ORDER BY n',
	)
	for (const c of clients) await c.$disconnect()
	return rows.map((r) => r.who).join('')
}

test('on one SQLite file, two connections with turns share the write lock: no long run of one connection’s writes', async () => {
	const order = await writeFromTwoConnections(path.join(dir, 'turns.db'), true)
	const runs = order.match(/a+|b+/g)!
	const longest = Math.max(...runs.slice(1, -1).map((r) => r.length))
	console.log(
		`[turns] ${order.length} writes, ${runs.length} runs, longest ${longest}`,
	)
	expect(order).toContain('a')
	expect(order).toContain('b')
	expect(longest).toBeLessThanOrEqual(WRITES_PER_TURN)
}, 30_000)

test('a request goes on after its write only once the turn has gone back, not while the other worker waits for it', async () => {
	const [a] = cluster(2)
	const factory = serializeTransactions(
		new PrismaBetterSqlite3({ url: `file:${path.join(dir, 'ended.db')}` }),
		{ writeTurns: () => a!.turns },
	)
	const client = new PrismaClient({ adapter: factory })
	await client.$executeRawUnsafe('CREATE TABLE p (n INTEGER PRIMARY KEY)')
	const connection = factory.connection!
	a!.log.length = 0
	// As the app writes: a transaction straight on the connection, then the page.
	await Promise.all(
		[1, 2, 3].map(async (n) => {
			await connection.transaction(async (tx) =>
				tx.run('INSERT INTO p (n) VALUES (?)', [n]),
			)
			a!.log.push(`page ${n}`)
		}),
	)
	await client.$disconnect()
	expect(a!.log).toEqual([
		'take 0',
		'granted 0',
		'give 0',
		'page 1',
		'page 2',
		'page 3',
	])
})
