import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_WARM_UP_ROUNDS } from '#app/env.server.ts'
import { hermeticEnv } from './test-env.ts'

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer()
		srv.once('error', reject)
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address()
			const port = typeof address === 'object' && address ? address.port : 0
			srv.close(() => resolve(port))
		})
	})
}

export type RunningServer = {
	url: string
	dataDir: string
	databaseFile: string
	child: ChildProcess
	output: () => string
	stop: () => Promise<void>
	/** SIGKILL, as a power cut would: no shutdown handler runs. The data directory is kept. */
	kill: () => Promise<void>
}

/** The settings that start a server with the warm-up `npm start` runs (server/warm-up.ts), which `startAppServer` leaves out by default. */
export const WITH_WARM_UP = { WARM_UP_ROUNDS: String(DEFAULT_WARM_UP_ROUNDS) }

/**
 * Starts the built app as `npm start` does (without its warm-up unless
 * `WARM_UP_ROUNDS` is given), on a fresh database, or on
 * an existing data directory (a restart after a crash); `stop` only deletes a
 * data directory it created.
 */
export async function startAppServer(
	env: Record<string, string> = {},
	{
		dataDir: existing,
		root = path.resolve(import.meta.dirname, '../..'),
	}: {
		dataDir?: string
		/** Another copy of the project to start (e.g. one under a folder with spaces and accents). */
		root?: string
	} = {},
): Promise<RunningServer> {
	const port = await freePort()
	const dataDir =
		existing ?? fs.mkdtempSync(path.join(os.tmpdir(), 'essor-e2e-'))
	const databaseFile = path.join(dataDir, 'essor.db')
	let log = ''
	const child = spawn(process.execPath, ['scripts/start.mjs'], {
		cwd: root,
		// Every setting explicit: nothing of the caller's shell reaches the server.
		env: {
			...hermeticEnv(process.env),
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			DATABASE_URL: `file:${databaseFile}`,
			DATA_DIR: dataDir,
			APP_URL: `http://localhost:${port}`,
			// Every test request comes from 127.0.0.1: the per-address sign-up limit is tested in-process.
			SIGN_UP_PER_HOUR: '100000',
			// About 8 s per start, and no change in what a server does: the load
			// and crash suites and warm-up.test.ts turn it back on.
			WARM_UP_ROUNDS: '0',
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group: a SIGKILL reaches the server's workers too.
		detached: true,
	})
	child.stdout?.on('data', (d) => (log += d))
	child.stderr?.on('data', (d) => (log += d))
	const url = `http://localhost:${port}`
	const deadline = Date.now() + 90_000
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`The app server exited early:\n${log}`)
		// Its own "ready" line first: while it warms up, the free port it was
		// given may be taken by another test's server, whose /healthz would
		// answer instead (its workers then fail to listen, and it never says
		// ready: an error below, not a test run against another server).
		if (log.includes('Essor is ready'))
			try {
				const res = await fetch(`http://127.0.0.1:${port}/healthz`)
				if (res.ok) break
			} catch {
				// not listening yet
			}
		if (Date.now() > deadline) {
			process.kill(-child.pid!, 'SIGKILL')
			throw new Error(
				`The app server did not say it was ready and answer /healthz within 90 s:\n${log}`,
			)
		}
		await new Promise((r) => setTimeout(r, 200))
	}
	return {
		url,
		dataDir,
		databaseFile,
		child,
		output: () => log,
		stop: async () => {
			if (child.exitCode === null) {
				const exited = new Promise((r) => child.once('exit', r))
				child.kill('SIGTERM')
				await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
				if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL')
			}
			if (!existing) fs.rmSync(dataDir, { recursive: true, force: true })
		},
		kill: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return
			const exited = new Promise((r) => child.once('exit', r))
			// The whole group, workers included, as a power cut would.
			process.kill(-child.pid!, 'SIGKILL')
			await exited
		},
	}
}
