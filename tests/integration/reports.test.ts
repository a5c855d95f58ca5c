import Papa from 'papaparse'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { listUsers } from '#app/auth/users.server.ts'
import { createCohort, joinCohort } from '#app/cohorts/cohorts.server.ts'
import { stages } from '#app/cohorts/constants.ts'
import {
	getCohortReport,
	getProgrammeReport,
	type ReportSummary,
} from '#app/cohorts/reports.server.ts'
import { getCatalog } from '#app/content/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import { loader as adminLoader } from '#app/routes/admin.users.tsx'
import { loader as exportCsv } from '#app/routes/reports.export[.]csv.ts'
import { loader as tablesCsv } from '#app/routes/reports.tables[.]csv.ts'
import {
	completeCourse,
	createUser,
	requestAs,
	settle,
} from '#tests/support/factories.ts'
import { seedProgramme } from '../../prisma/seed-programme.ts'

type Loader = (args: {
	request: Request
	params: Record<string, string>
	context: never
}) => Promise<unknown>

const call = async (loader: Loader, userId: string, url: string) =>
	settle(
		(async () =>
			loader({
				request: await requestAs(userId, url),
				params: {},
				context: {} as never,
			}))(),
	)

/**
 * The figures as anyone would count them by hand: every enrollment read into
 * memory and tallied in a loop, independently of the SQL in
 * report-queries.server.ts.
 */
async function countByHand(cohortIds: string[]) {
	const catalog = await getCatalog()
	const size = new Map(catalog.courses.map((c) => [c.slug, c.lessons.length]))
	const enrollments = await prisma.enrollment.findMany({
		where: { cohortId: { in: cohortIds } },
		include: {
			user: true,
			followUps: true,
			cohort: { include: { courses: true } },
		},
	})
	const userIds = enrollments.map((e) => e.userId)
	const [lessons, completions] = await Promise.all([
		prisma.lessonProgress.findMany({ where: { userId: { in: userIds } } }),
		prisma.courseCompletion.findMany({ where: { userId: { in: userIds } } }),
	])
	const year = Number(
		new Intl.DateTimeFormat('en', {
			year: 'numeric',
			timeZone: 'Africa/Douala',
		}).format(new Date()),
	)
	const tally = new Map<string, { enrolled: number; completed: number }>()
	const add = (key: string, completed: boolean) => {
		const row = tally.get(key) ?? { enrolled: 0, completed: 0 }
		row.enrolled++
		if (completed) row.completed++
		tally.set(key, row)
	}
	const funnel = {
		identified: 0,
		selected: 0,
		trained: 0,
		created: 0,
		followed_up: 0,
	}
	for (const e of enrollments) {
		const courses = e.cohort.courses
			.map((c) => c.courseSlug)
			.filter((slug) => size.has(slug))
		const completed =
			courses.length > 0 &&
			courses.every((slug) =>
				completions.some((c) => c.userId === e.userId && c.courseSlug === slug),
			)
		let done = 0
		let total = 0
		for (const slug of courses) {
			total += size.get(slug)!
			done += Math.min(
				size.get(slug)!,
				lessons.filter((l) => l.userId === e.userId && l.courseSlug === slug)
					.length,
			)
		}
		const progress = total ? Math.round((done / total) * 100) : 0
		const bucket =
			progress <= 0
				? '0'
				: progress >= 100
					? '100'
					: progress <= 25
						? '1-25'
						: progress <= 50
							? '26-50'
							: progress <= 75
								? '51-75'
								: '76-99'
		const age = e.user.birthYear ? year - e.user.birthYear : null
		const band =
			age === null
				? 'unknown'
				: age < 18
					? 'under18'
					: age <= 24
						? '18-24'
						: age <= 29
							? '25-29'
							: age <= 35
								? '30-35'
								: 'over35'
		add(`gender:${e.user.gender ?? 'unknown'}`, completed)
		add(`ageBand:${band}`, completed)
		add(`commune:${e.user.commune ?? 'unknown'}`, completed)
		add(`situation:${e.user.situation ?? 'unknown'}`, completed)
		add(`migration:${e.user.migration ?? 'unknown'}`, completed)
		add(`progress:${bucket}`, completed)
		if (e.activityCreatedAt)
			add(`legalForm:${e.legalForm ?? 'unknown'}`, completed)
		funnel.identified++
		if (e.selectedAt) funnel.selected++
		if (e.trainedAt) funnel.trained++
		if (e.activityCreatedAt) funnel.created++
		if (e.followUps.length) funnel.followed_up++
	}
	return { tally, funnel, total: enrollments.length }
}

/** The report's figures in the same shape as the hand count (categories with nobody are left out). */
function flatten(summary: ReportSummary) {
	const tally = new Map<string, { enrolled: number; completed: number }>()
	const put = (dimension: string, rows: ReportSummary['byGender']) => {
		for (const r of rows)
			if (r.enrolled)
				tally.set(`${dimension}:${r.key}`, {
					enrolled: r.enrolled,
					completed: r.completed,
				})
	}
	put('gender', summary.byGender)
	put('ageBand', summary.byAge)
	put('commune', summary.byCommune)
	put('situation', summary.bySituation)
	put('migration', summary.byMigration)
	put('legalForm', summary.byLegalForm)
	for (const d of summary.distribution)
		if (d.count) {
			const completed = d.bucket === '100' ? d.count : 0
			tally.set(`progress:${d.bucket}`, { enrolled: d.count, completed })
		}
	return tally
}

describe('figures counted in SQL', () => {
	let trainer: Awaited<ReturnType<typeof createUser>>
	let cohortIds: string[]

	beforeAll(async () => {
		trainer = await createUser({ role: 'trainer' })
		const created = await seedProgramme(prisma, {
			cohorts: 2,
			learnersPerCohort: 80,
			trainerId: trainer.id,
			seed: 4242,
			emailDomain: 'reports.test',
		})
		cohortIds = created.map((c) => c.cohortId)
	})

	test('a seeded cohort: the same numbers as counting each enrollment by hand, by gender, age band, commune and the rest', async () => {
		const report = (await getCohortReport({
			actor: trainer,
			cohortId: cohortIds[0]!,
		}))!
		const hand = await countByHand([cohortIds[0]!])
		expect(report.summary.total).toBe(80)
		expect(report.summary.total).toBe(hand.total)
		expect(report.summary.completed).toBe(
			[...hand.tally.entries()]
				.filter(([k]) => k.startsWith('gender:'))
				.reduce((sum, [, v]) => sum + v.completed, 0),
		)
		// Progress buckets: only "100" holds completions in the seeded data.
		const flat = flatten(report.summary)
		for (const [key, value] of hand.tally)
			if (!key.startsWith('progress:'))
				expect(flat.get(key), key).toEqual(value)
			else expect(flat.get(key)?.enrolled, key).toBe(value.enrolled)
		expect(
			[...flat.keys()].filter((k) => !k.startsWith('progress:')).sort(),
		).toEqual(
			[...hand.tally.keys()].filter((k) => !k.startsWith('progress:')).sort(),
		)
		expect(
			Object.fromEntries(report.summary.funnel.map((f) => [f.stage, f.count])),
		).toEqual(hand.funnel)
		// The seeded cohort is varied enough for these checks to mean something.
		expect(
			report.summary.byGender.filter((g) => g.enrolled > 0).length,
		).toBeGreaterThan(1)
		expect(
			report.summary.byAge.filter((g) => g.enrolled > 0).length,
		).toBeGreaterThan(1)
		expect(report.summary.byCommune.length).toBeGreaterThan(1)
		expect(report.summary.completed).toBeGreaterThan(0)
		expect(report.summary.funnel[1]!.count).toBeGreaterThan(0)
	})

	test('a programme report over both cohorts matches the hand count too', async () => {
		const admin = await createUser({ role: 'admin' })
		const report = await getProgrammeReport({
			actor: admin,
			filter: {},
		})
		const all = await prisma.cohort.findMany({ select: { id: true } })
		const hand = await countByHand(all.map((c) => c.id))
		expect(report.summary.total).toBe(hand.total)
		expect(report.summary.total).toBeGreaterThanOrEqual(160)
		const flat = flatten(report.summary)
		for (const [key, value] of hand.tally)
			if (!key.startsWith('progress:'))
				expect(flat.get(key), key).toEqual(value)
		expect(
			Object.fromEntries(report.summary.funnel.map((f) => [f.stage, f.count])),
		).toEqual(hand.funnel)
	})

	test('the per-learner CSV has every learner of the programme once, by cohort then by name in French order, and keeps formulas inert', async () => {
		const admin = await createUser({ role: 'admin' })
		const hostile = await prisma.user.create({
			data: {
				name: '=HYPERLINK("http://x.test","Awa")',
				commune: '@SUM(A1)',
				role: 'learner',
			},
		})
		await prisma.enrollment.create({
			data: { cohortId: cohortIds[0]!, userId: hostile.id },
		})
		const res = await call(exportCsv, admin.id, '/reports/export.csv')
		expect(res.status).toBe(200)
		const text = (await res.text()).replace(/^\ufeff/, '')
		const rows = Papa.parse<string[]>(text.trim(), { delimiter: ';' }).data
		const [header, ...data] = rows
		expect(header![0]).toBe('Cohorte')
		const enrolled = await prisma.enrollment.count()
		expect(data).toHaveLength(enrolled)
		const collator = new Intl.Collator('fr', { numeric: true })
		for (let i = 1; i < data.length; i++) {
			const [cohortA, , nameA] = data[i - 1]!
			const [cohortB, , nameB] = data[i]!
			const order =
				collator.compare(cohortA!, cohortB!) || collator.compare(nameA!, nameB!)
			expect(order, `${nameA} before ${nameB}`).toBeLessThanOrEqual(0)
		}
		const row = data.find((r) => r[2]!.includes('HYPERLINK'))!
		expect(row[2]).toBe(`'=HYPERLINK("http://x.test","Awa")`)
		expect(row[10]).toBe(`'@SUM(A1)`)
		await prisma.user.delete({ where: { id: hostile.id } })
	})

	test('the tables CSV holds the funnel, the progress and every breakdown with its base and share, as on the page', async () => {
		const admin = await createUser({ role: 'admin' })
		const report = await getProgrammeReport({ actor: admin, filter: {} })
		const res = await call(tablesCsv, admin.id, '/reports/tables.csv')
		expect(res.status).toBe(200)
		expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
		const text = (await res.text()).replace(/^\ufeff/, '')
		const [header, ...rows] = Papa.parse<string[]>(text.trim(), {
			delimiter: ';',
		}).data
		expect(header).toEqual([
			'Tableau',
			'Catégorie',
			'Nombre',
			'Base',
			'Part (%)',
			"Part de l'étape précédente (%)",
			'Ont terminé',
			"Taux d'achèvement (%)",
			'Définition',
		])
		const table = (name: string) => rows.filter((r) => r[0] === name)
		const funnel = table("Parcours : de l'identification au suivi")
		expect(funnel.map((r) => Number(r[2]))).toEqual(
			report.summary.funnel.map((f) => f.count),
		)
		const first = report.summary.funnel[0]!.count
		const selected = report.summary.funnel[1]!.count
		expect(funnel[1]![3]).toBe(String(first))
		expect(funnel[1]![4]).toBe(
			String(Math.round((selected / first) * 1000) / 10).replace('.', ','),
		)
		expect(funnel[0]![5]).toBe('')
		expect(funnel[0]![8]).toMatch(/^Inscrit·e dans la cohorte/)
		expect(funnel.every((r) => r[8]!.length > 20)).toBe(true)
		const gender = table('Par sexe')
		const women = report.summary.byGender.find((g) => g.key === 'woman')!
		expect(gender.find((r) => r[1] === 'Femme')).toEqual([
			'Par sexe',
			'Femme',
			String(women.enrolled),
			String(report.summary.total),
			String(
				Math.round((women.enrolled / report.summary.total) * 1000) / 10,
			).replace('.', ','),
			'',
			String(women.completed),
			String(
				Math.round((women.completed / women.enrolled) * 1000) / 10,
			).replace('.', ','),
			'',
		])
		for (const name of [
			"tranche d'âge",
			'situation',
			'migratoire',
			'commune',
			'Répartition de la progression',
		])
			expect(
				rows.some((r) => r[0]!.includes(name)),
				name,
			).toBe(true)
		expect(table('Par commune').reduce((s, r) => s + Number(r[2]), 0)).toBe(
			report.summary.total,
		)

		// Comma-separated for English Excel: decimals with a point.
		const comma = await call(
			tablesCsv,
			admin.id,
			'/reports/tables.csv?sep=comma',
		)
		const commaRows = Papa.parse<string[]>(
			(await comma.text()).replace(/^\ufeff/, '').trim(),
			{ delimiter: ',' },
		).data
		expect(commaRows.find((r) => r[1] === 'Femme')![4]).toMatch(/^\d+(\.\d)?$/)
	})

	test('a commune typed as a formula stays text in the tables CSV', async () => {
		const admin = await createUser({ role: 'admin' })
		const hostile = await prisma.user.create({
			data: { name: 'Awa', commune: '=1+1', role: 'learner' },
		})
		await prisma.enrollment.create({
			data: { cohortId: cohortIds[1]!, userId: hostile.id },
		})
		const res = await call(tablesCsv, admin.id, '/reports/tables.csv')
		const text = await res.text()
		expect(text).toContain(`Par commune;"'=1+1";1;`)
		expect(text).not.toMatch(/;=1\+1;/)
		await prisma.user.delete({ where: { id: hostile.id } })
	})
})

describe('the funnel counts each stage by its own record', () => {
	test('a learner trained by completing the course is not counted as selected; follow-ups count only when recorded', async () => {
		const trainer = await createUser({ role: 'trainer' })
		const cohort = await createCohort(trainer, {
			name: 'Funnel',
			programme: 'Funnel test',
			kind: 'entrepreneurship',
			courses: ['genre-et-inclusion'],
			country: 'CM',
			region: 'Centre',
			communes: ['Akonolinga'],
			startDate: new Date('2026-01-01'),
			endDate: new Date('2026-12-31'),
			capacity: null,
		})
		const [trained, selected, creator, followed, idle] = await Promise.all(
			Array.from({ length: 5 }, () => createUser()),
		)
		for (const p of [trained, selected, creator, followed, idle])
			await joinCohort(p!.id, cohort.joinCode)
		await completeCourse(trained!.id, 'genre-et-inclusion')
		const enrollment = (userId: string) =>
			prisma.enrollment.findFirstOrThrow({
				where: { cohortId: cohort.id, userId },
			})
		// Whatever sets the "trained" stage (the completion flow), the count reads only the dates.
		await prisma.enrollment.update({
			where: { id: (await enrollment(trained!.id)).id },
			data: { stage: 'trained', trainedAt: new Date('2026-03-01') },
		})
		await prisma.enrollment.update({
			where: { id: (await enrollment(selected!.id)).id },
			data: { stage: 'selected', selectedAt: new Date('2026-02-01') },
		})
		await prisma.enrollment.update({
			where: { id: (await enrollment(creator!.id)).id },
			data: {
				stage: 'created',
				activityCreatedAt: new Date('2026-05-01'),
				legalForm: 'cooperative',
			},
		})
		// At the follow-up stage but with no follow-up on record: not counted.
		await prisma.enrollment.update({
			where: { id: (await enrollment(idle!.id)).id },
			data: { stage: 'followed_up' },
		})
		await prisma.followUp.create({
			data: {
				enrollmentId: (await enrollment(followed!.id)).id,
				date: new Date('2026-06-01'),
			},
		})
		const report = (await getCohortReport({
			actor: trainer,
			cohortId: cohort.id,
		}))!
		expect(report.summary.funnel).toEqual([
			{ stage: 'identified', count: 5 },
			{ stage: 'selected', count: 1 },
			{ stage: 'trained', count: 1 },
			{ stage: 'created', count: 1 },
			{ stage: 'followed_up', count: 1 },
		])
		expect(report.summary.byLegalForm).toEqual([
			{ key: 'cooperative', enrolled: 1, completed: 0 },
		])
		expect(report.summary.completed).toBe(1)
	})

	test('every stage has a one-line definition in French and in English', async () => {
		const fr = (await import('#app/i18n/locales/fr.ts')).default
		const en = (await import('#app/i18n/locales/en.ts')).default
		for (const messages of [fr, en]) {
			const definitions = messages.cohorts.stageDefinition as Record<
				string,
				string
			>
			expect(Object.keys(definitions).sort()).toEqual([...stages].sort())
			for (const text of Object.values(definitions)) {
				expect(text.length).toBeGreaterThan(20)
				expect(text).not.toContain('\n')
			}
		}
	})
})

describe('names in French order, times in the programme’s zone', () => {
	const originalTz = process.env.TZ
	afterEach(() => {
		process.env.TZ = originalTz
	})

	test('the admin list sorts É with E across its pages', async () => {
		const admin = await createUser({ role: 'admin' })
		const first = [
			'Zoé',
			'Élodie',
			'Emile',
			'Eric',
			'Éloïse',
			'Abel',
			'Ousmane',
		]
		const names = Array.from(
			{ length: 28 },
			(_, i) => `Qwz ${first[i % first.length]} ${String(i).padStart(2, '0')}`,
		)
		for (const name of names) await createUser({ name })
		const actor = { id: admin.id, role: 'admin' as const }
		const page1 = await listUsers(actor, { q: 'Qwz ', page: 1 })
		const page2 = await listUsers(actor, { q: 'Qwz ', page: 2 })
		expect(page1.total).toBe(28)
		expect(page1.pageCount).toBe(2)
		expect(page1.users).toHaveLength(25)
		const listed = [...page1.users, ...page2.users].map((u) => u.name)
		const collator = new Intl.Collator('fr', { numeric: true })
		expect(listed).toEqual([...names].sort(collator.compare))
		// Élodie and Éloïse among the E's, not after Zoé as byte order has them.
		const initials = listed.map((n) => n.split(' ')[1]![0])
		expect(initials.indexOf('Z')).toBeGreaterThan(initials.lastIndexOf('É'))
		expect(listed.at(-1)).toMatch(/^Qwz Zoé/)
	})

	test('the dashboard lists learners in French order', async () => {
		const trainer = await createUser({ role: 'trainer' })
		const cohort = await createCohort(trainer, {
			name: 'Ordre',
			programme: 'Ordre',
			kind: 'course',
			courses: ['genre-et-inclusion'],
			country: 'CM',
			region: null,
			communes: [],
			startDate: new Date('2026-01-01'),
			endDate: new Date('2026-12-31'),
			capacity: null,
		})
		for (const name of [
			'Zineb Tazi',
			'Élodie Mbarga',
			'Emile Fotso',
			'Ebongue Awa',
		])
			await joinCohort((await createUser({ name })).id, cohort.joinCode)
		const report = (await getCohortReport({
			actor: trainer,
			cohortId: cohort.id,
		}))!
		expect(report.facts.map((f) => f.name)).toEqual([
			'Ebongue Awa',
			'Élodie Mbarga',
			'Emile Fotso',
			'Zineb Tazi',
		])
	})

	test('the dashboard pages its learners by name, and its figures still cover the whole cohort', async () => {
		const trainer = await createUser({ role: 'trainer' })
		const cohort = await createCohort(trainer, {
			name: 'Pages',
			programme: 'Pages',
			kind: 'course',
			courses: ['genre-et-inclusion'],
			country: 'CM',
			region: null,
			communes: [],
			startDate: new Date('2026-01-01'),
			endDate: new Date('2026-12-31'),
			capacity: null,
		})
		const first = ['Zoé', 'Élodie', 'Emile', 'Abel', 'Ousmane', 'Éric']
		const people = Array.from({ length: 130 }, (_, i) => ({
			id: `page-${i}`,
			name: `${first[i % first.length]} ${String(i).padStart(3, '0')}`,
		}))
		await prisma.user.createMany({ data: people })
		await prisma.enrollment.createMany({
			data: people.map((p) => ({ cohortId: cohort.id, userId: p.id })),
		})
		const page = (n: number) =>
			getCohortReport({ actor: trainer, cohortId: cohort.id, page: n })
		const [one, two, beyond] = await Promise.all([page(1), page(2), page(9)])
		expect(one!.pageCount).toBe(2)
		expect(one!.facts).toHaveLength(100)
		expect(two!.facts).toHaveLength(30)
		expect(beyond!.page).toBe(2)
		expect(one!.summary.total).toBe(130)
		expect(two!.summary.total).toBe(130)
		const collator = new Intl.Collator('fr', { numeric: true })
		expect([...one!.facts, ...two!.facts].map((f) => f.name)).toEqual(
			people.map((p) => p.name).sort(collator.compare),
		)
	})

	test('the admin page shows times in Douala’s time whatever the server’s time zone', async () => {
		process.env.TZ = 'Pacific/Kiritimati'
		expect(new Date('2026-03-04T22:30:00Z').getHours()).toBe(12)
		const admin = await createUser({ role: 'admin' })
		const person = await prisma.user.create({
			data: {
				name: 'Heure Awa',
				role: 'learner',
				createdAt: new Date('2026-03-04T22:30:00Z'),
			},
		})
		const res = await call(adminLoader, admin.id, '/admin/users?q=Heure%20Awa')
		const body = (await res.json()) as {
			users: { id: string; createdAt: string }[]
		}
		expect(body.users.find((u) => u.id === person.id)?.createdAt).toBe(
			'04/03/2026 23:30',
		)
	})
})
