import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import Database from 'better-sqlite3'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import type * as EngineTypes from '@prisma/schema-engine-wasm'
import type {
	MigrationList,
	SchemaEngine,
	SchemaFilter,
} from '@prisma/schema-engine-wasm'
import { projectRoot } from '../utils/project-root.server.mjs'
import { prepareSqliteFile } from './sqlite.server.ts'

/**
 * Prisma's schema engine compiled to WebAssembly, driven through the
 * better-sqlite3 driver adapter. It applies and records migrations exactly as
 * `prisma migrate deploy` does, without the native engine that Prisma's CLI
 * downloads (unreachable on our machines).
 */

export const schemaPath = path.join(projectRoot, 'prisma/schema.prisma')
export const migrationsDir = path.join(projectRoot, 'prisma/migrations')

const filters: SchemaFilter = { externalTables: [], externalEnums: [] }

type EngineModule = typeof EngineTypes
let enginePromise: Promise<EngineModule> | undefined

// NOTE: the package entry imports the .wasm file as an ES module, which Node
// refuses; instantiate the wasm by hand with its wasm-bindgen glue module.
function loadEngineModule(): Promise<EngineModule> {
	enginePromise ??= (async () => {
		const require = createRequire(import.meta.url)
		const gluePath =
			require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
		const bg = (await import(gluePath)) as EngineModule & {
			__wbg_set_wasm: (exports: WebAssembly.Exports) => void
		}
		const bytes = fs.readFileSync(
			path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'),
		)
		const { instance } = await WebAssembly.instantiate(bytes, {
			'./schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
		})
		bg.__wbg_set_wasm(instance.exports)
		;(instance.exports.__wbindgen_start as () => void)()
		return bg
	})()
	return enginePromise
}

function readSchemaFiles(file = schemaPath) {
	return [{ path: file, content: fs.readFileSync(file, 'utf8') }]
}

type OpenEngine = { engine: SchemaEngine; close: () => Promise<void> }

async function openEngine(
	dbFile: string,
	schemaFile = schemaPath,
): Promise<OpenEngine> {
	const { SchemaEngine } = await loadEngineModule()
	prepareSqliteFile(dbFile)
	// NOTE: the engine never closes the connections it opens, and SQLite keeps
	// the file locked until they are; track them to dispose of them ourselves.
	const base = new PrismaBetterSqlite3({ url: `file:${dbFile}`, timeout: 5000 })
	const opened: { dispose(): Promise<void> }[] = []
	const tracked = {
		provider: base.provider as typeof base.provider,
		adapterName: base.adapterName,
		connect: async () => {
			const connection = await base.connect()
			opened.push(connection)
			return connection
		},
		connectToShadowDb: async () => {
			const connection = await base.connectToShadowDb()
			opened.push(connection)
			return connection
		},
	}
	const files = readSchemaFiles(schemaFile)
	const engine = await SchemaEngine.new(
		{ datamodels: files.map((f) => [f.path, f.content] as [string, string]) },
		() => {},
		bindMigrationAwareSqlAdapterFactory(tracked),
	)
	return {
		engine,
		close: async () => {
			engine.free()
			for (const connection of opened) await connection.dispose()
		},
	}
}

export function listMigrations(dir = migrationsDir): MigrationList {
	const lockPath = path.join(dir, 'migration_lock.toml')
	const names = fs.existsSync(dir)
		? fs
				.readdirSync(dir, { withFileTypes: true })
				.filter((e) => e.isDirectory())
				.map((e) => e.name)
				.sort()
		: []
	return {
		baseDir: dir,
		lockfile: {
			path: 'migration_lock.toml',
			content: fs.existsSync(lockPath)
				? fs.readFileSync(lockPath, 'utf8')
				: null,
		},
		shadowDbInitScript: '',
		migrationDirectories: names.map((name) => {
			const file = path.join(dir, name, 'migration.sql')
			return {
				path: name,
				migrationFile: {
					path: 'migration.sql',
					content: fs.existsSync(file)
						? { tag: 'ok' as const, value: fs.readFileSync(file, 'utf8') }
						: { tag: 'error' as const, value: `${file} is missing` },
				},
			}
		}),
	}
}

/** Migration folders not yet recorded as applied in `_prisma_migrations`. */
export function pendingMigrations(
	dbFile: string,
	dir = migrationsDir,
): string[] {
	const all = listMigrations(dir).migrationDirectories.map((m) => m.path)
	if (!fs.existsSync(dbFile)) return all
	const db = new Database(dbFile, { readonly: true, timeout: 5000 })
	try {
		const table = db
			.prepare(
				"select 1 from sqlite_master where type = 'table' and name = '_prisma_migrations'",
			)
			.get()
		if (!table) return all
		const applied = new Set(
			db
				.prepare(
					'select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null',
				)
				.all()
				.map((r) => (r as { migration_name: string }).migration_name),
		)
		return all.filter((name) => !applied.has(name))
	} finally {
		db.close()
	}
}

/**
 * Applies pending migrations; returns the names of those applied now.
 * NOTE: the engine times out while another process has the database open,
 * so it only runs when something is pending: a second `npm start`, or a start
 * next to a running tool, never needs it.
 */
export async function applyMigrations(
	dbFile: string,
	options: { migrations?: string } = {},
): Promise<string[]> {
	if (!pendingMigrations(dbFile, options.migrations).length) return []
	const { engine, close } = await openEngine(dbFile)
	try {
		const result = await engine.applyMigrations({
			migrationsList: listMigrations(options.migrations),
			filters,
		})
		return result.appliedMigrationNames
	} finally {
		await close()
	}
}

/**
 * Returns the SQL that takes a database built from the existing migrations to
 * the schema in `schemaFile`, or an empty string when there is nothing to do.
 */
export async function diffSchemaAgainstMigrations(
	options: { schemaFile?: string; migrations?: string } = {},
): Promise<string> {
	const schemaFile = options.schemaFile ?? schemaPath
	const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-migrate-'))
	const scratch = path.join(scratchDir, 'scratch.db')
	try {
		const { engine, close } = await openEngine(scratch, schemaFile)
		try {
			await engine.applyMigrations({
				migrationsList: listMigrations(options.migrations),
				filters,
			})
			const files = readSchemaFiles(schemaFile)
			const result = await engine.diff({
				from: {
					tag: 'schemaDatasource',
					files,
					configDir: path.dirname(schemaFile),
				},
				to: { tag: 'schemaDatamodel', files },
				script: true,
				exitCode: null,
				filters,
			})
			const sql = result.stdout ?? ''
			return /^\s*(--.*\n?\s*)*$/.test(sql) ? '' : sql
		} finally {
			await close()
		}
	} finally {
		fs.rmSync(scratchDir, { recursive: true, force: true })
	}
}

/** Writes `prisma/migrations/<timestamp>_<name>/migration.sql`; null when the schema has no change. */
export async function createMigration(
	name: string,
	options: { schemaFile?: string; migrations?: string; now?: Date } = {},
): Promise<string | null> {
	const dir = options.migrations ?? migrationsDir
	const slug = name
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '')
	if (!slug)
		throw new Error(
			'A migration needs a name of letters or digits, e.g. add_certificates',
		)
	const sql = await diffSchemaAgainstMigrations({ ...options, migrations: dir })
	if (!sql) return null
	const stamp = (options.now ?? new Date())
		.toISOString()
		.replace(/\D/g, '')
		.slice(0, 14)
	const folder = path.join(dir, `${stamp}_${slug}`)
	fs.mkdirSync(folder, { recursive: true })
	fs.writeFileSync(path.join(folder, 'migration.sql'), sql)
	const lock = path.join(dir, 'migration_lock.toml')
	if (!fs.existsSync(lock)) {
		fs.writeFileSync(
			lock,
			'# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n',
		)
	}
	return folder
}
