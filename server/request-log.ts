import type { ServerBuild } from '@remix-run/node'
import type { NextFunction, Request, Response } from 'express'
import type { ViteDevServer } from 'vite'

/**
 * One line per request on stdout: method, path, status, duration, e.g.
 * `GET /reset-password/:token 200 12.4 ms`.
 *
 * Nothing personal: no query string, no header, no cookie, no address, and
 * the path is the route's pattern, not the URL. A reset token, a join code, a
 * certificate code or a record id in the URL is written as its parameter
 * name; only course, lesson, status-list and key names (public, and what an
 * operator wants to see) are kept. A URL that no page answers is written
 * `/*` (`/assets/*` for the build's files): someone may have typed anything
 * there.
 */

type RouteManifest = ServerBuild['routes']
type Pattern = { segments: string[]; splat: boolean }

/** Parameters whose values are public names, kept in the log. */
const PUBLIC_PARAMS = new Set(['course', 'lesson', 'list', 'kid'])

/** The full path pattern of every route that answers a URL, from Remix's route manifest. */
export function routePatterns(routes: RouteManifest): Pattern[] {
	const fullPath = (id: string | undefined): string[] => {
		const route = id ? routes[id] : undefined
		if (!route) return []
		const own = route.path ? route.path.split('/').filter(Boolean) : []
		return [...fullPath(route.parentId), ...own]
	}
	const patterns: Pattern[] = []
	for (const route of Object.values(routes)) {
		if (!route || (!route.path && !route.index)) continue
		const segments = fullPath(route.id)
		const splat = segments.at(-1) === '*'
		patterns.push({ segments: splat ? segments.slice(0, -1) : segments, splat })
	}
	return patterns
}

function segmentMatches(pattern: string, value: string): boolean {
	const param = /^:[\w-]+(.*)$/.exec(pattern)
	if (!param) return pattern.toLowerCase() === value.toLowerCase()
	const suffix = param[1]!
	return (
		value.length > suffix.length &&
		value.toLowerCase().endsWith(suffix.toLowerCase())
	)
}

/** `path` as the log writes it: its route's pattern, public parameters filled in. */
export function loggedPath(path: string, patterns: Pattern[]): string {
	const segments = path.split('/').filter(Boolean)
	let best: { pattern: Pattern; score: number } | undefined
	for (const pattern of patterns) {
		const n = pattern.segments.length
		if (pattern.splat ? segments.length < n : segments.length !== n) continue
		if (!pattern.segments.every((p, i) => segmentMatches(p, segments[i]!)))
			continue
		// Static segments outrank parameters, which outrank a catch-all.
		const score =
			pattern.segments.reduce((s, p) => s + (p.startsWith(':') ? 2 : 3), 0) -
			(pattern.splat ? 1 : 0)
		if (!best || score > best.score) best = { pattern, score }
	}
	if (!best || (best.pattern.splat && best.pattern.segments.length === 0))
		return segments[0] === 'assets' && segments.length > 1 ? '/assets/*' : '/*'
	const shown = best.pattern.segments.map((p, i) => {
		const param = /^:([\w-]+)/.exec(p)
		if (!param) return p
		return PUBLIC_PARAMS.has(param[1]!) ? segments[i]! : p
	})
	return `/${[...shown, ...(best.pattern.splat ? ['*'] : [])].join('/')}`
}

export type RequestLogOptions = {
	/** production: the server build; development: Vite, whose build is read on each request */
	build?: ServerBuild
	vite?: ViteDevServer
	write?: (line: string) => void
}

/**
 * Lines written to stdout together once per turn of the event loop: under
 * load, one write for many requests instead of a synchronous write each.
 */
let pending: string[] = []
function flushStdout() {
	if (!pending.length) return
	process.stdout.write(`${pending.join('\n')}\n`)
	pending = []
}
process.once('exit', flushStdout)
function batchedStdout(line: string) {
	if (pending.push(line) === 1) setImmediate(flushStdout)
}

export function requestLog({
	build,
	vite,
	write = batchedStdout,
}: RequestLogOptions) {
	const fixed = build ? routePatterns(build.routes) : undefined
	// A production build's routes never change: a public path is matched once.
	const logged = new Map<string, string>()
	const patterns = async (): Promise<Pattern[]> => {
		if (fixed) return fixed
		if (!vite) return []
		const dev = (await vite.ssrLoadModule(
			'virtual:remix/server-build',
		)) as ServerBuild
		return routePatterns(dev.routes)
	}
	return (req: Request, res: Response, next: NextFunction) => {
		const started = process.hrtime.bigint()
		// req.path, not req.url: never the query string. Read now: later
		// middleware may rewrite the URL.
		const { method, path } = req
		let done = false
		const log = () => {
			if (done) return
			done = true
			const ms = Number(process.hrtime.bigint() - started) / 1e6
			const aborted = res.writableFinished ? '' : ' (aborted)'
			const line = (shown: string) =>
				write(
					`${method} ${shown} ${res.statusCode} ${ms.toFixed(1)} ms${aborted}`,
				)
			const known = logged.get(path)
			if (known !== undefined) return line(known)
			void patterns()
				.catch(() => [])
				.then((p) => {
					const shown = loggedPath(path, p)
					// Only paths that hide nothing: no token or code is kept in memory.
					if (fixed && shown === path) {
						if (logged.size >= 1000) logged.clear()
						logged.set(path, shown)
					}
					line(shown)
				})
		}
		res.once('finish', log)
		res.once('close', log)
		next()
	}
}
