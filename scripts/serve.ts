// The server process: validated configuration, migrations, first-start demo
// data, then HTTP, in WEB_CONCURRENCY worker processes (one per core by
// default in production) that share the port. Bundled to
// build/server/serve.mjs for `npm start`; run from source by `npm run dev`
// (one process).
import cluster from 'node:cluster'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateReadablePassword } from '#app/auth/password.server.ts'
import { applyMigrations } from '#app/db/migrate.server.ts'
import {
	TurnKeeper,
	takeWriteTurnsInCluster,
} from '#app/db/write-turns.server.ts'
import { prisma } from '#app/db.server.ts'
import {
	databasePath,
	demoMode,
	EnvError,
	isLocalOnly,
	parseEnv,
	type Env,
} from '#app/env.server.ts'
import {
	DEMO_PASSWORD,
	replaceKnownDemoPassword,
	seedIfEmpty,
} from '../prisma/seed.ts'
import { startServer } from '../server/index.ts'
import { root } from './lib/build.mjs'

let env
try {
	env = parseEnv(process.env)
} catch (error) {
	if (error instanceof EnvError) {
		console.error(error.message)
		process.exit(1)
	}
	throw error
}

const workers =
	env.NODE_ENV === 'development'
		? 1
		: (env.WEB_CONCURRENCY ?? os.availableParallelism())

if (cluster.isWorker) {
	takeWriteTurnsInCluster({
		send: (message) => process.connected && process.send!(message),
		on: (event, listener) => process.on(event, listener),
	})
	await serve(env, { quiet: true })
	// The primary is gone (stopped, or killed): so is this worker.
	process.on('disconnect', () => process.exit(0))
} else {
	const file = databasePath(env)
	const applied = await applyMigrations(file)
	if (applied.length)
		console.log(
			`Database ${path.relative(root, file) || file}: applied ${applied.join(', ')}`,
		)
	await prepareAccounts(env)
	if (workers <= 1) await serve(env, { quiet: false })
	else await runWorkers(env, workers)
}

async function serve(env: Env, { quiet }: { quiet: boolean }) {
	const server = await startServer(env, root, { quiet })
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => server.close(() => process.exit(0)))
	}
}

/**
 * One worker per core, sharing the port (the primary hands connections out
 * in turn). Everything a worker keeps in memory may be lost without harm:
 * sessions, rate limits and the mail queue are in the database; the page
 * cache is per worker. A worker that dies is replaced.
 */
async function runWorkers(env: Env, count: number) {
	cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) })
	// The workers' writes take turns at SQLite's write lock (app/db/write-turns.server.ts).
	const turns = new TurnKeeper()
	cluster.on('message', (worker, message) => turns.onMessage(worker, message))
	let stopping = false
	let ready = 0
	cluster.on('listening', () => {
		if (++ready === count)
			console.log(
				`Essor is ready: ${env.APP_URL ?? `http://localhost:${env.PORT}`} (listening on ${env.HOST}:${env.PORT}, ${count} workers)`,
			)
	})
	cluster.on('exit', (worker, code, signal) => {
		turns.onExit(worker)
		if (stopping) return
		console.error(
			`Worker ${worker.process.pid} stopped (${signal ?? code}); starting another.`,
		)
		setTimeout(() => cluster.fork(), 500)
	})
	if (env.WARM_UP_ROUNDS > 0)
		console.log(
			`Starting ${count} workers: each warms up on a scratch database before it listens (WARM_UP_ROUNDS=${env.WARM_UP_ROUNDS}; 0 skips it).`,
		)
	for (let i = 0; i < count; i++) cluster.fork()
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			stopping = true
			for (const worker of Object.values(cluster.workers ?? {}))
				worker?.process.kill('SIGTERM')
			const deadline = setTimeout(() => process.exit(0), 5_000)
			deadline.unref()
			cluster.on('exit', () => {
				if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
			})
		})
	}
}

/**
 * Demo data only where it is safe (see demoMode): on a server only this
 * machine reaches, with the README's password; anywhere else only when asked
 * (SEED_DEMO=1), and then with a generated password printed here. Without an
 * administrator, says how to create the first one.
 */
async function prepareAccounts(env: Env) {
	const local = isLocalOnly(env)
	if (demoMode(env)) {
		const password = local ? DEMO_PASSWORD : generateReadablePassword()
		if (await seedIfEmpty(prisma, { password }))
			console.log(
				local
					? 'Seeded the demo data (demo sign-ins in the README; this server is reachable from this machine only).'
					: `Seeded the demo data (SEED_DEMO=1 on a public server): demo accounts' password is ${password}`,
			)
		if (!local) {
			const replaced = await replaceKnownDemoPassword(prisma)
			if (replaced)
				console.log(
					`Demo accounts had the README's password; on this public server it is now ${replaced}`,
				)
		}
	} else if (await prisma.user.count({ where: { demo: true } })) {
		console.log(
			'Demo accounts exist but are disabled: this server is reachable from other machines (SEED_DEMO=1 enables them with a generated password).',
		)
	}
	const admins = await prisma.user.count({
		where: { role: 'admin', demo: false },
	})
	if (admins === 0 && !(demoMode(env) && local))
		console.log(
			'No administrator account yet. Create the first one with:\n  npm run user:create -- --role admin --email you@example.org --name "Your Name"\n(it prints a generated password; see README, "First administrator").',
		)
	await prisma.$disconnect()
}
