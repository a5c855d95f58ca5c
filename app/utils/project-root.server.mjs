// Plain JavaScript: `npm start` imports it through scripts/lib/build.mjs with
// bare Node, before anything is built.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The folder holding Essor's package.json and prisma/, found by walking up
 * from a module's own folder (app/… in development and tests, build/server/
 * once bundled), never from the working directory. Paths go through
 * fileURLToPath: a URL's pathname keeps %20 and %C3%89 where the folder has a
 * space or an É.
 * @param {string} [from] a folder inside the project
 * @returns {string}
 */
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

export const projectRoot = findProjectRoot()
