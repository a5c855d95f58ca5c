import path from 'node:path'
import { checkContent } from '#app/content/check.server.ts'

const root = process.argv.slice(2).find((a) => !a.startsWith('-'))
const problems = await checkContent(root ? path.resolve(root) : undefined, {
	cacheDir: path.resolve('.cache/mdx'),
})
if (problems.length) {
	for (const p of problems)
		console.error(
			`${path.relative(process.cwd(), p.file)}:${p.line}: ${p.message}`,
		)
	console.error(`\n✗ ${problems.length} content problem(s).`)
	process.exit(1)
}
console.log(
	'✓ Content is valid: every course and lesson checked in French and English.',
)
