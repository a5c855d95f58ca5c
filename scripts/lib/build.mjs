// Plain JavaScript on purpose: `npm start` runs this with bare Node (no
// TypeScript loader) before the build exists.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The folder holding Essor's package.json, found from this file wherever it is bundled. */
export function findProjectRoot(
	from = path.dirname(fileURLToPath(import.meta.url)),
) {
	let dir = from
	while (
		!fs.existsSync(path.join(dir, 'package.json')) ||
		!fs.existsSync(path.join(dir, 'prisma'))
	) {
		const parent = path.dirname(dir)
		if (parent === dir) throw new Error(`No Essor project above ${from}`)
		dir = parent
	}
	return dir
}

export const root = findProjectRoot()
const SOURCES = [
	'app',
	'content',
	'public',
	'server',
	'prisma',
	'scripts',
	'vite.config.ts',
	'package.json',
	'package-lock.json',
]
export const BUILD_MARKER = path.join(root, 'build/server/serve.mjs')

/** @param {string} entry */
function newestMtime(entry) {
	if (!fs.existsSync(entry)) return 0
	const stat = fs.statSync(entry)
	if (!stat.isDirectory()) return stat.mtimeMs
	let newest = stat.mtimeMs
	for (const child of fs.readdirSync(entry)) {
		if (
			child === 'node_modules' ||
			child === '.server' ||
			child === 'migrations'
		)
			continue
		newest = Math.max(newest, newestMtime(path.join(entry, child)))
	}
	return newest
}

export function buildIsStale() {
	if (!fs.existsSync(BUILD_MARKER)) return true
	const built = fs.statSync(BUILD_MARKER).mtimeMs
	return SOURCES.some((s) => newestMtime(path.join(root, s)) > built)
}

/** Builds the app (Remix, compiled content, server) when the build is missing or older than its sources. */
export function ensureBuild({ force = false } = {}) {
	if (!force && !buildIsStale()) return false
	console.log('Building Essor (sources changed since the last build)…')
	const result = spawnSync('npm', ['run', '--silent', 'build'], {
		cwd: root,
		stdio: 'inherit',
	})
	if (result.status !== 0)
		throw new Error(
			`The build failed (exit ${result.status ?? result.signal}).`,
		)
	return true
}
