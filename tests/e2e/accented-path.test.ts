import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startAppServer, type RunningServer } from '#tests/support/server.ts'

/**
 * Essor checked out under a folder whose name has spaces and accents, as on
 * many French-language machines: its migrations run from source, and the
 * built server starts there, migrates a database that lives there too, and
 * serves. The copy holds the project's files as git sees them (tracked and
 * new, not ignored) and the generated Prisma client; node_modules is a link
 * to this checkout's. It is built there (the offline plugin once read its
 * files from a URL's pathname, which a fresh clone under such a folder
 * found broken).
 */

const root = path.resolve(import.meta.dirname, '../..')
let parent = ''
let copy = ''
let server: RunningServer | undefined

beforeAll(() => {
	parent = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-path-'))
	copy = path.join(parent, 'Formations Été 2026', 'essor')
	const listed = spawnSync(
		'git',
		['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
		{ cwd: root, encoding: 'utf8' },
	)
	expect(listed.status, listed.stderr).toBe(0)
	for (const file of listed.stdout.split('\0').filter(Boolean)) {
		const from = path.join(root, file)
		// Files only: not one deleted and not yet committed, nor a link (a
		// node_modules linked from another checkout is listed as a file).
		if (!fs.lstatSync(from, { throwIfNoEntry: false })?.isFile()) continue
		fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true })
		fs.copyFileSync(from, path.join(copy, file))
	}
	fs.cpSync(path.join(root, 'app/.server'), path.join(copy, 'app/.server'), {
		recursive: true,
	})
	fs.symlinkSync(
		path.join(root, 'node_modules'),
		path.join(copy, 'node_modules'),
	)
})

afterAll(async () => {
	await server?.stop()
	if (parent) fs.rmSync(parent, { recursive: true, force: true })
})

test('under "Formations Été 2026": npm run build and npm run db:migrate work, npm start migrates, serves pages and answers /healthz', async () => {
	const built = spawnSync('npm', ['run', '--silent', 'build'], {
		cwd: copy,
		env: process.env,
		encoding: 'utf8',
	})
	expect(built.status, built.stdout + built.stderr).toBe(0)
	expect(fs.existsSync(path.join(copy, 'build/client/sw.js'))).toBe(true)

	const dataDir = path.join(copy, 'data')
	const migrated = spawnSync('npm', ['run', '--silent', 'db:migrate'], {
		cwd: copy,
		env: {
			...process.env,
			DATABASE_URL: `file:${path.join(dataDir, 'migrated.db')}`,
		},
		encoding: 'utf8',
	})
	expect(migrated.status, migrated.stderr).toBe(0)
	expect(migrated.stdout).toMatch(
		/^Applied \d+ migration\(s\) to .*Formations Été 2026/,
	)
	expect(fs.existsSync(path.join(dataDir, 'migrated.db'))).toBe(true)

	fs.mkdirSync(dataDir, { recursive: true })
	server = await startAppServer({}, { root: copy, dataDir })
	expect(server.output()).not.toContain('Building Essor')
	const health = await fetch(`${server.url}/healthz`)
	expect(health.status).toBe(200)
	expect(server.databaseFile.startsWith(copy)).toBe(true)
	expect(fs.existsSync(server.databaseFile)).toBe(true)
	// Pages come from the copy's compiled content, its assets from its build.
	const courses = await fetch(`${server.url}/courses`)
	expect(courses.status).toBe(200)
	const html = await courses.text()
	const stylesheet = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1]
	expect(stylesheet).toBeDefined()
	expect((await fetch(`${server.url}${stylesheet}`)).status).toBe(200)
}, 300_000)
