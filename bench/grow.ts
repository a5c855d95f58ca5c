import Database from 'better-sqlite3'

/**
 * Grows a seeded programme `factor` times, for the export figures at 50,000
 * rows: every cohort is copied with its learners (new accounts), their
 * enrollments, progress, quiz attempts, completions, activity and follow-ups.
 * Copying in SQL takes seconds where seeding 45,000 more learners through
 * the app takes minutes. NOTE: SQLite-only SQL, for the benchmark's own
 * database; the app's queries stay portable.
 */
export function growProgramme(file: string, factor: number) {
	const db = new Database(file, { timeout: 10_000 })
	try {
		const columns = (table: string) =>
			(
				db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]
			).map((c) => c.name)
		/** INSERT … SELECT of `table`'s rows matching `where`, with some columns rewritten. */
		const copy = (
			table: string,
			where: string,
			rewrite: Record<string, string>,
		) => {
			const names = columns(table)
			const list = names.map((n) => `"${n}"`).join(', ')
			const values = names.map((n) => rewrite[n] ?? `"${n}"`).join(', ')
			db.prepare(
				`INSERT INTO "${table}" (${list}) SELECT ${values} FROM "${table}" WHERE ${where}`,
			).run()
		}
		const cohorts = `"cohortId" IN (SELECT "id" FROM "Cohort" WHERE "id" NOT LIKE '%~%')`
		const learners = `"userId" IN (SELECT "userId" FROM "Enrollment" WHERE ${cohorts})`
		db.transaction(() => {
			for (let k = 1; k < factor; k++) {
				const id = (column: string) => `"${column}" || '~${k}'`
				copy('Cohort', `"id" NOT LIKE '%~%'`, {
					id: id('id'),
					name: `"name" || ' (${k + 1})'`,
					joinCode: `"joinCode" || '${k}'`,
				})
				copy('CohortTrainer', cohorts, { cohortId: id('cohortId') })
				copy('CohortCourse', cohorts, { cohortId: id('cohortId') })
				copy(
					'User',
					`"id" IN (SELECT "userId" FROM "Enrollment" WHERE ${cohorts})`,
					{
						id: id('id'),
						email: `CASE WHEN "email" IS NULL THEN NULL ELSE 'g${k}.' || "email" END`,
						phone: `CASE WHEN "phone" IS NULL THEN NULL ELSE "phone" || '${k}' END`,
						role: `'learner'`,
						// Unique, and given on a first certificate: the copies have none yet.
						subjectId: 'NULL',
					},
				)
				copy('Enrollment', cohorts, {
					id: id('id'),
					cohortId: id('cohortId'),
					userId: id('userId'),
				})
				copy(
					'FollowUp',
					`"enrollmentId" IN (SELECT "id" FROM "Enrollment" WHERE ${cohorts})`,
					{
						id: id('id'),
						enrollmentId: id('enrollmentId'),
					},
				)
				for (const table of [
					'LessonProgress',
					'QuizAttempt',
					'CourseCompletion',
				])
					copy(table, learners, { id: id('id'), userId: id('userId') })
				copy('CourseActivity', learners, { userId: id('userId') })
			}
		})()
		return (
			db.prepare('SELECT COUNT(*) AS n FROM "Enrollment"').get() as {
				n: number
			}
		).n
	} finally {
		db.close()
	}
}
