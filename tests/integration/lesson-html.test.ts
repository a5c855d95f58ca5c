import { expect, test } from 'vitest'
import { getCatalog } from '#app/content/catalog.server.ts'
import { lessonBodyParts, splitBody } from '#app/content/lesson-html.server.tsx'
import { supportedLanguages } from '#app/i18n/config.ts'

test('every lesson body is rendered ahead of time, split only around its worksheets', async () => {
	const catalog = await getCatalog()
	let lessons = 0
	for (const course of catalog.courses)
		for (const lesson of course.lessons)
			for (const lang of supportedLanguages) {
				const text = lesson.i18n[lang]
				const parts = await lessonBodyParts(text.code, lesson.version, lang)
				expect(parts, `${course.slug}/${lesson.slug} (${lang})`).not.toBeNull()
				const worksheets = parts!.flatMap((p) =>
					'worksheet' in p ? [p.worksheet] : [],
				)
				// Every declared worksheet placed in the body appears once, where the MDX puts it.
				for (const id of worksheets)
					expect(text.worksheets.map((w) => w.id)).toContain(id)
				expect(new Set(worksheets).size).toBe(worksheets.length)
				const html = parts!.map((p) => ('html' in p ? p.html : '')).join('')
				expect(html.length).toBeGreaterThan(200)
				expect(html).not.toContain('essor-worksheet')
				lessons++
			}
	expect(lessons).toBeGreaterThan(80)
})

test('a body whose worksheet sits inside another element is not split (the page renders the MDX itself)', () => {
	expect(
		splitBody(
			'<p>a</p><aside><essor-worksheet data-id="w"></essor-worksheet></aside>',
		),
	).toBeNull()
	expect(
		splitBody(
			'<p>a</p><essor-worksheet data-id="w"></essor-worksheet><p>b<br>c</p>',
		),
	).toEqual([
		{ html: '<p>a</p>' },
		{ worksheet: 'w' },
		{ html: '<p>b<br>c</p>' },
	])
})
