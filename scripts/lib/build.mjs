// Plain JavaScript on purpose: `npm start` runs this with bare Node (no
// TypeScript loader) before the build exists.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../app/utils/project-root.server.mjs'

export const root = projectRoot
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
