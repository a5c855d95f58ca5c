import {
	ContentError,
	defaultManifest,
	writeCatalog,
} from '#app/content/catalog.server.ts'

try {
	const started = Date.now()
	const catalog = await writeCatalog()
	const lessons = catalog.courses.reduce((n, c) => n + c.lessons.length, 0)
	console.log(
		`Compiled ${catalog.courses.length} courses, ${lessons} lessons (fr + en) to ${defaultManifest} in ${Date.now() - started} ms`,
	)
} catch (error) {
	if (error instanceof ContentError) {
		console.error(error.message)
		process.exit(1)
	}
	throw error
}
