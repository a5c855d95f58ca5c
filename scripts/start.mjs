// `npm start`: builds when needed, then runs the compiled server with plain
// Node (no TypeScript loader in production: less memory, faster requests).
import { pathToFileURL } from 'node:url'
import { BUILD_MARKER, ensureBuild } from './lib/build.mjs'

process.env.NODE_ENV ??= 'production'
try {
	ensureBuild()
} catch (error) {
	console.error(error instanceof Error ? error.message : error)
	process.exit(1)
}
await import(pathToFileURL(BUILD_MARKER).href)
