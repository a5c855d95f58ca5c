import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, expect, test } from 'vitest'
import { backupDatabase } from '#app/db/backup.server.ts'
import {
	applyMigrations,
	createMigration,
	listMigrations,
	migrationsDir,
	schemaPath,
} from '#app/db/migrate.server.ts'

const tmpDirs: string[] = []
function tmp() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-db-test-'))
	tmpDirs.push(dir)
	return dir
}
afterEach(() => {
	for (const dir of tmpDirs.splice(0))
		fs.rmSync(dir, { recursive: true, force: true })
})

function tables(file: string) {
	const db = new Database(file, { readonly: true })
	try {
		return db
			.prepare(
				"select name from sqlite_master where type = 'table' order by name",
			)
			.all()
			.map((r) => (r as { name: string }).name)
	} finally {
		db.close()
	}
}

test('a fresh database reaches the schema, and a second run applies nothing', async () => {
	const file = path.join(tmp(), 'fresh.db')
	const names = listMigrations().migrationDirectories.map((m) => m.path)
	expect(names.length).toBeGreaterThan(0)

	expect(await applyMigrations(file)).toEqual(names)
	const created = tables(file)
	for (const model of [
		'User',
		'Session',
		'Cohort',
		'Enrollment',
		'CourseCompletion',
		'_prisma_migrations',
	]) {
		expect(created).toContain(model)
	}
	const db = new Database(file, { readonly: true })
	const recorded = db
		.prepare(
			'select migration_name, finished_at from _prisma_migrations order by migration_name',
		)
		.all()
	expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
	db.close()
	expect(
		recorded.map((r) => (r as { migration_name: string }).migration_name),
	).toEqual(names)

	expect(await applyMigrations(file)).toEqual([])
})

test('the schema and the migrations agree (no forgotten migration)', async () => {
	const dir = tmp()
	fs.cpSync(migrationsDir, dir, { recursive: true })
	expect(
		await createMigration('should_be_empty', { migrations: dir }),
	).toBeNull()
})

test('a schema change produces a new migration that applies', async () => {
	const dir = tmp()
	const migrations = path.join(dir, 'migrations')
	fs.cpSync(migrationsDir, migrations, { recursive: true })
	const schemaFile = path.join(dir, 'schema.prisma')
	fs.writeFileSync(
		schemaFile,
		`${fs.readFileSync(schemaPath, 'utf8')}\nmodel Announcement {\n  id    String @id\n  title String\n}\n`,
	)
	const folder = await createMigration('add announcements', {
		migrations,
		schemaFile,
		now: new Date('2099-01-02T03:04:05Z'),
	})
	expect(folder).toBe(path.join(migrations, '20990102030405_add_announcements'))
	const sql = fs.readFileSync(path.join(folder!, 'migration.sql'), 'utf8')
	expect(sql).toContain('CREATE TABLE "Announcement"')

	const file = path.join(dir, 'db.sqlite')
	const applied = await applyMigrations(file, { migrations })
	expect(applied.at(-1)).toBe('20990102030405_add_announcements')
	expect(tables(file)).toContain('Announcement')
})

test('an acknowledged write survives a crash of the process', async () => {
	const file = path.join(tmp(), 'crash.db')
	await applyMigrations(file)
	const script = `
		import { createPrismaClient } from '#app/db.server.ts'
		const prisma = createPrismaClient(${JSON.stringify(file)})
		await prisma.user.create({ data: { name: 'Crash Test', email: 'crash@example.test' } })
		process.stdout.write('ACK\\n')
		setInterval(() => {}, 1000)
	`
	const child = spawn(
		process.execPath,
		['--import', 'tsx', '--input-type=module', '-e', script],
		{
			cwd: path.resolve(import.meta.dirname, '../..'),
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	)
	await new Promise<void>((resolve, reject) => {
		child.stdout.on(
			'data',
			(d: Buffer) => d.toString().includes('ACK') && resolve(),
		)
		child.once('exit', (code) =>
			reject(new Error(`child exited ${code} before acknowledging`)),
		)
	})
	child.kill('SIGKILL')
	await new Promise((r) => child.once('exit', r))

	const db = new Database(file, { readonly: true })
	const row = db
		.prepare('select name from User where email = ?')
		.get('crash@example.test')
	db.close()
	expect(row).toEqual({ name: 'Crash Test' })
})

test('db:backup makes a consistent copy of a live database', async () => {
	const dir = tmp()
	const file = path.join(dir, 'live.db')
	await applyMigrations(file)
	const live = new Database(file)
	const insert = live.prepare(
		"insert into User (id, name, updatedAt) values (?, ?, datetime('now'))",
	)
	for (let i = 0; i < 200; i++) insert.run(`u${i}`, `User ${i}`)
	const copy = await backupDatabase(file, path.join(dir, 'backup', 'copy.db'))
	live.close()
	const db = new Database(copy, { readonly: true })
	expect(db.prepare('select count(*) as n from User').get()).toEqual({ n: 200 })
	expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
	db.close()
	await expect(backupDatabase(file, copy)).rejects.toThrow(/already exists/)

	const cli = spawnSync(
		'npm',
		['run', '--silent', 'db:backup', '--', path.join(dir, 'cli.db')],
		{
			env: { ...process.env, DATABASE_URL: `file:${file}` },
			encoding: 'utf8',
		},
	)
	expect(cli.stdout).toContain('Backup written')
	expect(fs.existsSync(path.join(dir, 'cli.db'))).toBe(true)
})

test('a transaction that reads then writes survives another process’s commit in between (BEGIN IMMEDIATE)', async () => {
	const { prisma } = await import('#app/db.server.ts')
	const { databasePath } = await import('#app/env.server.ts')
	const user = await prisma.user.create({
		data: {
			name: 'Lecture puis écriture',
			email: `rw-${Date.now()}@example.test`,
		},
	})
	// Another process (a second server worker, a command) writes the same
	// row while our transaction is between its read and its write.
	const script = `
		const Database = require('better-sqlite3')
		const db = new Database(process.argv[1], { timeout: 5000 })
		db.prepare('UPDATE "User" SET "region" = ? WHERE "id" = ?').run('Nord', process.argv[2])
		db.close()
	`
	let other: Promise<number | null> | undefined
	await prisma.$transaction(async (tx) => {
		const before = await tx.user.findUniqueOrThrow({
			where: { id: user.id },
			select: { name: true },
		})
		other = new Promise((resolve) => {
			const child = spawn(
				process.execPath,
				['-e', script, databasePath(), user.id],
				{ stdio: 'inherit' },
			)
			child.on('exit', resolve)
		})
		// Give the other process time to commit if it can (it cannot while we
		// hold the write lock: it waits, then commits after us).
		await new Promise((r) => setTimeout(r, 300))
		await tx.user.update({
			where: { id: user.id },
			data: { name: `${before.name} (modifié)` },
		})
	})
	expect(await other).toBe(0)
	const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } })
	expect(after).toMatchObject({
		name: 'Lecture puis écriture (modifié)',
		region: 'Nord',
	})
})
