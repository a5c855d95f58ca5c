import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import { applyMigrations, migrationsDir } from '#app/db/migrate.server.ts'

const MIGRATION = '20261201024243_completion_integrity'
const dirs: string[] = []
afterAll(() =>
	dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })),
)

/** The migrations before this one, in a folder of their own. */
function migrationsBefore(name: string) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-migrations-'))
	dirs.push(dir)
	fs.copyFileSync(
		path.join(migrationsDir, 'migration_lock.toml'),
		path.join(dir, 'migration_lock.toml'),
	)
	for (const entry of fs.readdirSync(migrationsDir).sort()) {
		if (
			entry >= name ||
			!fs.statSync(path.join(migrationsDir, entry)).isDirectory()
		)
			continue
		fs.cpSync(path.join(migrationsDir, entry), path.join(dir, entry), {
			recursive: true,
		})
	}
	return dir
}

test('completions earned by read marks stay valid and are flagged; read marks become reading records; attempts are numbered', async () => {
	const before = migrationsBefore(MIGRATION)
	const file = path.join(before, 'essor.db')
	await applyMigrations(file, { migrations: before })
	const db = new Database(file)
	const insertUser = db.prepare(
		"INSERT INTO User (id, name, updatedAt) VALUES (?, ?, '2026-11-01T00:00:00.000Z')",
	)
	insertUser.run('u-done', 'Completed by reading')
	insertUser.run('u-quiz', 'Completed by quizzes')
	insertUser.run('u-mid', 'Half way')
	const lesson = db.prepare(
		"INSERT INTO LessonProgress (id, userId, courseSlug, lessonSlug, via, contentVersion, completedAt) VALUES (?, ?, 'genre-et-inclusion', ?, ?, 'v1', '2026-11-02T10:00:00.000Z')",
	)
	lesson.run('lp1', 'u-done', 'l1', 'read')
	lesson.run('lp2', 'u-done', 'l2', 'read')
	lesson.run('lp3', 'u-done', 'l3', 'quiz')
	lesson.run('lp4', 'u-quiz', 'l1', 'quiz')
	lesson.run('lp5', 'u-mid', 'l1', 'read')
	lesson.run('lp6', 'u-mid', 'l2', 'quiz')
	const completion = db.prepare(
		"INSERT INTO CourseCompletion (id, userId, courseSlug, contentVersion) VALUES (?, ?, 'genre-et-inclusion', 'v1')",
	)
	completion.run('cc-done', 'u-done')
	completion.run('cc-quiz', 'u-quiz')
	const attempt = db.prepare(
		"INSERT INTO QuizAttempt (id, userId, courseSlug, lessonSlug, correct, total, score, passed, answers, createdAt) VALUES (?, 'u-mid', 'genre-et-inclusion', ?, 1, 5, 20, 0, '{}', ?)",
	)
	attempt.run('qa-b', 'l2', '2026-11-03T10:00:00.000Z')
	attempt.run('qa-a', 'l2', '2026-11-02T10:00:00.000Z')
	attempt.run('qa-c', 'l1', '2026-11-04T10:00:00.000Z')
	db.prepare(
		"INSERT INTO Cohort (id, name, programme, kind, country, startDate, endDate, joinCode, updatedAt) VALUES ('c1', 'Bootcamp', 'P', 'entrepreneurship', 'CM', '2026-01-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z', 'ABCDEFGH', '2026-11-01T00:00:00.000Z')",
	).run()
	const cohortCourse = db.prepare(
		"INSERT INTO CohortCourse (cohortId, courseSlug) VALUES ('c1', ?)",
	)
	cohortCourse.run('creer-son-entreprise')
	cohortCourse.run('genre-et-inclusion')
	db.close()

	// This migration, then any written after it (their own tests check them).
	const later = fs
		.readdirSync(migrationsDir)
		.filter(
			(e) =>
				e > MIGRATION && fs.statSync(path.join(migrationsDir, e)).isDirectory(),
		)
		.sort()
	expect(await applyMigrations(file)).toEqual([MIGRATION, ...later])
	const after = new Database(file, { readonly: true })
	try {
		expect(
			after
				.prepare('SELECT id, readOnlyLessons FROM CourseCompletion ORDER BY id')
				.all(),
		).toEqual([
			{ id: 'cc-done', readOnlyLessons: 2 },
			{ id: 'cc-quiz', readOnlyLessons: 0 },
		])
		// Lessons of a completed course stay as they were; a read mark that completed nothing no longer counts.
		expect(
			after
				.prepare(
					'SELECT userId, lessonSlug, via FROM LessonProgress ORDER BY userId, lessonSlug',
				)
				.all(),
		).toEqual([
			{ userId: 'u-done', lessonSlug: 'l1', via: 'read' },
			{ userId: 'u-done', lessonSlug: 'l2', via: 'read' },
			{ userId: 'u-done', lessonSlug: 'l3', via: 'quiz' },
			{ userId: 'u-mid', lessonSlug: 'l2', via: 'quiz' },
			{ userId: 'u-quiz', lessonSlug: 'l1', via: 'quiz' },
		])
		expect(
			after
				.prepare(
					'SELECT userId, lessonSlug, readAt FROM LessonRead ORDER BY userId, lessonSlug',
				)
				.all(),
		).toEqual([
			{
				userId: 'u-done',
				lessonSlug: 'l1',
				readAt: '2026-11-02T10:00:00.000Z',
			},
			{
				userId: 'u-done',
				lessonSlug: 'l2',
				readAt: '2026-11-02T10:00:00.000Z',
			},
			{ userId: 'u-mid', lessonSlug: 'l1', readAt: '2026-11-02T10:00:00.000Z' },
		])
		expect(
			after.prepare('SELECT id, number FROM QuizAttempt ORDER BY id').all(),
		).toEqual([
			{ id: 'qa-a', number: 1 },
			{ id: 'qa-b', number: 2 },
			{ id: 'qa-c', number: 1 },
		])
		// Existing cohorts: every course of the cohort counts for "trained".
		expect(
			after
				.prepare(
					'SELECT courseSlug, countsForTrained FROM CohortCourse ORDER BY courseSlug',
				)
				.all(),
		).toEqual([
			{ courseSlug: 'creer-son-entreprise', countsForTrained: 1 },
			{ courseSlug: 'genre-et-inclusion', countsForTrained: 1 },
		])
	} finally {
		after.close()
	}
})

test('stages recorded before stage changes were kept get a "former rule" history row each, to be checked; later ones are left alone', async () => {
	const name = '20261201070000_former_stage_history'
	const before = migrationsBefore(name)
	const file = path.join(before, 'essor.db')
	await applyMigrations(file, { migrations: before })
	const db = new Database(file)
	db.prepare(
		"INSERT INTO Cohort (id, name, programme, kind, country, startDate, endDate, joinCode, updatedAt) VALUES ('c1', 'Bootcamp', 'P', 'entrepreneurship', 'CM', '2026-01-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z', 'ABCDEFGH', '2026-11-01T00:00:00.000Z')",
	).run()
	const user = db.prepare(
		"INSERT INTO User (id, name, updatedAt) VALUES (?, ?, '2026-11-01T00:00:00.000Z')",
	)
	const enrol = db.prepare(
		"INSERT INTO Enrollment (id, cohortId, userId, stage, selectedAt, trainedAt) VALUES (?, 'c1', ?, ?, ?, ?)",
	)
	user.run('u-old', 'Trained under the former rule')
	enrol.run(
		'e-old',
		'u-old',
		'trained',
		'2026-10-01T00:00:00.000Z',
		'2026-10-02T00:00:00.000Z',
	)
	user.run('u-new', 'Trained with its reason kept')
	enrol.run('e-new', 'u-new', 'trained', null, '2026-11-20T00:00:00.000Z')
	db.prepare(
		"INSERT INTO StageChange (id, enrollmentId, stage, fromStage, toStage, reachedAt, source) VALUES ('sc-new', 'e-new', 'trained', 'identified', 'trained', '2026-11-20T00:00:00.000Z', 'completion')",
	).run()
	user.run('u-none', 'Identified only')
	enrol.run('e-none', 'u-none', 'identified', null, null)
	db.close()

	expect(await applyMigrations(file)).toContain(name)
	const after = new Database(file, { readonly: true })
	try {
		expect(
			after
				.prepare(
					'SELECT enrollmentId, stage, source, reachedAt, removed FROM StageChange ORDER BY enrollmentId, stage',
				)
				.all(),
		).toEqual([
			{
				enrollmentId: 'e-new',
				stage: 'trained',
				source: 'completion',
				reachedAt: '2026-11-20T00:00:00.000Z',
				removed: 0,
			},
			{
				enrollmentId: 'e-old',
				stage: 'selected',
				source: 'former_rule',
				reachedAt: '2026-10-01T00:00:00.000Z',
				removed: 0,
			},
			{
				enrollmentId: 'e-old',
				stage: 'trained',
				source: 'former_rule',
				reachedAt: '2026-10-02T00:00:00.000Z',
				removed: 0,
			},
		])
		// The milestones themselves are kept.
		expect(
			after
				.prepare("SELECT stage, trainedAt FROM Enrollment WHERE id = 'e-old'")
				.get(),
		).toEqual({ stage: 'trained', trainedAt: '2026-10-02T00:00:00.000Z' })
	} finally {
		after.close()
	}
})
