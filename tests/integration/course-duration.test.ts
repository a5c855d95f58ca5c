import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { checkContent } from '#app/content/check.server.ts'
import { getCatalog } from '#app/content/catalog.server.ts'
import { prisma } from '#app/db.server.ts'
import { loader as courseLoader } from '#app/routes/courses.$course._index.tsx'
import { loader as catalogLoader } from '#app/routes/courses._index.tsx'
import {
	completeCourse,
	createUser,
	requestAs,
	settle,
} from '#tests/support/factories.ts'

const root = path.resolve(import.meta.dirname, '../..')
const dirs: string[] = []
afterAll(() =>
	dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })),
)

test('one duration per course: the catalog, the course page and the certificate show the same hours', async () => {
	const catalog = await getCatalog()
	const list = (await (
		await settle(
			(async () =>
				catalogLoader({
					request: await requestAs(null, '/courses'),
					params: {},
					context: {} as never,
				}))(),
		)
	).json()) as { courses: Record<string, unknown>[] }
	for (const course of catalog.courses) {
		const summary = list.courses.find((c) => c.slug === course.slug)!
		expect(summary.hours).toBe(course.hours)
		// No second figure (the lessons' minutes added up) for the course.
		expect(Object.keys(summary)).not.toContain('durationMinutes')
		const page = (await (
			await settle(
				(async () =>
					courseLoader({
						request: await requestAs(null, `/courses/${course.slug}`),
						params: { course: course.slug },
						context: {} as never,
					}))(),
			)
		).json()) as { course: Record<string, unknown> }
		expect(page.course.hours).toBe(course.hours)
		expect(Object.keys(page.course)).not.toContain('durationMinutes')
	}
	const learner = await createUser()
	const gender = catalog.courses.find((c) => c.slug === 'genre-et-inclusion')!
	await completeCourse(learner.id, gender.slug)
	expect(
		(
			await prisma.certificate.findFirstOrThrow({
				where: { userId: learner.id },
			})
		).hours,
	).toBe(gender.hours)
})

test('content:check refuses a course whose hours are shorter than its lessons, at the hours line', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-hours-'))
	dirs.push(dir)
	// Course B links to lessons of course A: both are needed for a clean check.
	for (const course of ['genre-et-inclusion', 'loi-cadre-economie-sociale'])
		fs.cpSync(
			path.join(root, 'content/courses', course),
			path.join(dir, 'courses', course),
			{ recursive: true },
		)
	const yml = path.join(dir, 'courses/genre-et-inclusion/course.yml')
	const text = fs.readFileSync(yml, 'utf8')
	fs.writeFileSync(yml, text.replace(/^hours: .*$/m, 'hours: 1'))
	const line = text.split('\n').findIndex((l) => l.startsWith('hours:')) + 1
	const problems = await checkContent(dir, { compile: false })
	expect(problems).toEqual([
		{
			file: yml,
			line,
			message: expect.stringMatching(
				/^hours: 1 h is shorter than the lessons' durations added up \(\d+ min\)/,
			),
		},
	])
	fs.writeFileSync(yml, text)
	expect(await checkContent(dir, { compile: false })).toEqual([])
})
