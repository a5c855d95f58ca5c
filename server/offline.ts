import path from 'node:path'
import type { Response } from 'express'

// Built by app/offline/vite-plugin.ts into the client output.
const REVALIDATED = new Set([
	'sw.js',
	'offline.js',
	'manifest.fr.webmanifest',
	'manifest.en.webmanifest',
])

/**
 * The service worker, its registration script and the manifests keep stable
 * URLs: browsers must ask again each time (a 304 when unchanged) to see a new
 * version, instead of the hour other public files are kept.
 */
export function offlineStaticHeaders(res: Response, filePath: string) {
	if (REVALIDATED.has(path.basename(filePath)))
		res.setHeader('Cache-Control', 'no-cache')
}
