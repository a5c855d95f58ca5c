import fs from 'node:fs'
import path from 'node:path'
import { bundleMDX } from 'mdx-bundler'
import { hashText } from './source.server.ts'

// Bump when the compile options change, so cached output is not reused.
const COMPILER_VERSION = 'mdx-bundler-10/1'

export type CompileError = { message: string; line: number | null }

export class MdxCompileError extends Error {
	constructor(
		message: string,
		public line: number | null,
	) {
		super(message)
	}
}

/**
 * Compiles one lesson body to the function body mdx-bundler's getMDXComponent
 * runs. Output is cached on disk by the hash of the body, so a rebuild only
 * recompiles the lessons that changed.
 */
export async function compileMdx(
	body: string,
	options: { cwd: string; cacheDir?: string },
): Promise<string> {
	const key = hashText(COMPILER_VERSION, body)
	const cacheFile = options.cacheDir
		? path.join(options.cacheDir, `${key}.js`)
		: null
	if (cacheFile && fs.existsSync(cacheFile))
		return fs.readFileSync(cacheFile, 'utf8')
	let code: string
	try {
		const result = await bundleMDX({
			source: body,
			cwd: options.cwd,
			esbuildOptions: (o) => ({
				...o,
				minify: true,
				target: 'es2020',
				logLevel: 'silent',
			}),
		})
		code = result.code
	} catch (error) {
		const e = error as {
			errors?: { text: string; location?: { line: number } | null }[]
			message?: string
		}
		const first = e.errors?.[0]
		throw new MdxCompileError(
			first?.text ?? e.message ?? String(error),
			first?.location?.line ?? null,
		)
	}
	if (cacheFile) {
		fs.mkdirSync(path.dirname(cacheFile), { recursive: true })
		fs.writeFileSync(`${cacheFile}.tmp`, code)
		fs.renameSync(`${cacheFile}.tmp`, cacheFile)
	}
	return code
}
