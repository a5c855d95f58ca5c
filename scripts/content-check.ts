import path from 'node:path'
import { defaultCacheDir } from '#app/content/catalog.server.ts'
import { checkContent } from '#app/content/check.server.ts'
import { fixTypography } from '#app/content/typography.server.ts'

const args = process.argv.slice(2)
const root = args.find((a) => !a.startsWith('-'))
const contentRoot = root ? path.resolve(root) : undefined
const rel = (file: string) => path.relative(process.cwd(), file)

if (args.includes('--fix')) {
	const fixes = fixTypography(contentRoot)
	for (const f of fixes) {
		if (f.error) console.error(`${rel(f.file)}: not fixed (${f.error})`)
		else
			console.log(`${rel(f.file)}: ${f.changes} narrow no-break space(s) set`)
	}
	console.log(
		fixes.length
			? `French typography fixed in ${fixes.filter((f) => !f.error).length} file(s).\n`
			: 'French typography: nothing to fix.\n',
	)
}

const problems = await checkContent(contentRoot, {
	cacheDir: defaultCacheDir,
})
if (problems.length) {
	for (const p of problems)
		console.error(`${rel(p.file)}:${p.line}: ${p.message}`)
	console.error(`\n✗ ${problems.length} content problem(s).`)
	process.exit(1)
}
console.log(
	'✓ Content is valid: every course and lesson checked in French and English.',
)
