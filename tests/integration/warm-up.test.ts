import { expect, test } from 'vitest'
import { getCatalog } from '#app/content/catalog.server.ts'
import { renderedLessonBodies } from '#app/content/lesson-html.server.tsx'
import { warmUp } from '#app/entry.server.tsx'
import { supportedLanguages } from '#app/i18n/config.ts'

test('a server warms up before its first request: every lesson body, in every language, is rendered then', async () => {
	const catalog = await getCatalog()
	const bodies =
		catalog.courses.reduce((n, c) => n + c.lessons.length, 0) *
		supportedLanguages.length
	expect(renderedLessonBodies()).toBe(0)
	expect(await warmUp()).toEqual({ lessonBodies: bodies })
	expect(bodies).toBeGreaterThan(80)
})
