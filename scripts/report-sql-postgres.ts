/**
 * tsx scripts/report-sql-postgres.ts <seeded SQLite file> <psql connection args…>
 *
 * Checks that the reports' SQL (app/cohorts/report-queries.server.ts) runs
 * unchanged on PostgreSQL and gives the same results as on SQLite: copies the
 * tables the queries read into PostgreSQL (Prisma's names and types), runs
 * both queries there through `psql` (PREPARE with the same bound values) and
 * on the SQLite file, and compares the rows. Exits 1 on any difference.
 *
 * E.g. against a throwaway server:
 *   tsx scripts/report-sql-postgres.ts /tmp/p5k.db -h /tmp/pg -p 54329 -U postgres
 * (the database it connects to must be empty: tables are created there).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import {
	aggregatesSql,
	enrollmentRowsSql,
} from '#app/cohorts/report-queries.server.ts'

const [file, ...psqlArgs] = process.argv.slice(2)
if (!file || !fs.existsSync(file)) {
	console.error(
		'usage: tsx scripts/report-sql-postgres.ts <sqlite file> <psql args…>',
	)
	process.exit(2)
}
const db = new Database(file, { readonly: true })
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-pg-'))

// Prisma's PostgreSQL types for these columns (String, Int, DateTime).
const TABLES: Record<string, Record<string, string>> = {
	User: {
		id: 'TEXT',
		name: 'TEXT',
		email: 'TEXT',
		phone: 'TEXT',
		gender: 'TEXT',
		birthYear: 'INTEGER',
		country: 'TEXT',
		region: 'TEXT',
		commune: 'TEXT',
		situation: 'TEXT',
		migration: 'TEXT',
	},
	Enrollment: {
		id: 'TEXT',
		cohortId: 'TEXT',
		userId: 'TEXT',
		stage: 'TEXT',
		selectedAt: 'TIMESTAMP(3)',
		trainedAt: 'TIMESTAMP(3)',
		activityCreatedAt: 'TIMESTAMP(3)',
		legalForm: 'TEXT',
	},
	CohortCourse: { cohortId: 'TEXT', courseSlug: 'TEXT' },
	LessonProgress: {
		id: 'TEXT',
		userId: 'TEXT',
		courseSlug: 'TEXT',
		lessonSlug: 'TEXT',
	},
	CourseCompletion: {
		id: 'TEXT',
		userId: 'TEXT',
		courseSlug: 'TEXT',
		completedAt: 'TIMESTAMP(3)',
	},
	CourseActivity: {
		userId: 'TEXT',
		courseSlug: 'TEXT',
		lastSeenAt: 'TIMESTAMP(3)',
	},
	QuizAttempt: {
		id: 'TEXT',
		userId: 'TEXT',
		courseSlug: 'TEXT',
		score: 'INTEGER',
	},
	FollowUp: { id: 'TEXT', enrollmentId: 'TEXT', date: 'TIMESTAMP(3)' },
}

const literal = (v: unknown) =>
	v === null || v === undefined
		? 'NULL'
		: typeof v === 'number' || typeof v === 'bigint'
			? String(v)
			: `'${String(v).replace(/'/g, "''")}'`

function psql(sql: string) {
	const script = path.join(work, 'script.sql')
	fs.writeFileSync(script, sql)
	const run = spawnSync(
		'psql',
		[...psqlArgs, '-q', '-v', 'ON_ERROR_STOP=1', '-f', script],
		{
			encoding: 'utf8',
			maxBuffer: 1 << 28,
		},
	)
	if (run.status !== 0) throw new Error(run.stderr || run.stdout)
	return run.stdout
}

let load = ''
for (const [table, columns] of Object.entries(TABLES)) {
	const names = Object.keys(columns)
	load += `CREATE TABLE "${table}" (${names.map((c) => `"${c}" ${columns[c]}`).join(', ')});\n`
	const rows = db
		.prepare(`SELECT ${names.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)
		.raw()
		.all() as unknown[][]
	for (let i = 0; i < rows.length; i += 500)
		load += `INSERT INTO "${table}" VALUES ${rows
			.slice(i, i + 500)
			.map((r) => `(${r.map(literal).join(', ')})`)
			.join(', ')};\n`
}
psql(load)

// Timestamps print differently (2026-08-17 02:39:27.004 / 2026-08-17T02:39:27.004+00:00); numbers may carry ".0".
const normal = (cell: string) => {
	const date =
		/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(\+00:00)?$/.exec(cell)
	if (date) return `${date[1]}T${date[2]}${(date[3] ?? '.').padEnd(4, '0')}`
	return /^-?\d+(\.0+)?$/.test(cell) ? String(Number(cell)) : cell
}
const canonical = (rows: string[][]) =>
	rows.map((r) => r.map(normal).join('|')).sort()

const cohortIds = (
	db.prepare('SELECT "id" FROM "Cohort"').all() as { id: string }[]
).map((r) => r.id)
const enrollmentIds = (
	db.prepare('SELECT "id" FROM "Enrollment" ORDER BY "id" LIMIT 500').all() as {
		id: string
	}[]
).map((r) => r.id)
const courses = (
	db
		.prepare('SELECT DISTINCT "courseSlug" AS slug FROM "CohortCourse"')
		.all() as { slug: string }[]
).map(({ slug }) => ({
	slug,
	lessons: (
		db
			.prepare(
				'SELECT COUNT(DISTINCT "lessonSlug") AS n FROM "LessonProgress" WHERE "courseSlug" = ?',
			)
			.get(slug) as { n: number }
	).n,
}))
let failed = false
for (const [name, query] of [
	[
		'aggregates',
		aggregatesSql({ scope: { cohortIds }, courses, referenceYear: 2026 }),
	],
	['rows', enrollmentRowsSql({ scope: { enrollmentIds }, courses })],
] as const) {
	const onSqlite = canonical(
		(
			db
				.prepare(query.sql)
				.raw()
				.all(...(query.values as unknown[])) as unknown[][]
		).map((r) => r.map((v) => (v === null ? '' : String(v)))),
	)
	const out = psql(
		`\\pset format unaligned\n\\pset fieldsep '|'\n\\pset footer off\n\\pset tuples_only on\nPREPARE q AS ${query.text};\nEXECUTE q(${query.values.map(literal).join(', ')});\n`,
	)
	const onPostgres = canonical(
		out
			.trim()
			.split('\n')
			.filter(Boolean)
			.map((l) => l.split('|')),
	)
	const same = JSON.stringify(onSqlite) === JSON.stringify(onPostgres)
	console.log(
		`${name}: ${onSqlite.length} rows on SQLite, ${onPostgres.length} on PostgreSQL, ${same ? 'identical' : 'DIFFERENT'}`,
	)
	if (!same) failed = true
}
fs.rmSync(work, { recursive: true, force: true })
process.exit(failed ? 1 : 0)
