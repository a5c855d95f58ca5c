import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { Plugin } from 'vite'
import { THEME_COLOR } from './protocol.ts'
import enOffline from '../i18n/locales/en/offline.json' with { type: 'json' }
import frOffline from '../i18n/locales/fr/offline.json' with { type: 'json' }

/**
 * Builds the offline domain into the client output, beside Remix's own
 * build: /sw.js (the service worker, at the root so that its scope is the
 * whole site), /offline.js (the registration script every page loads) and
 * the web-app manifests /manifest.fr.webmanifest and
 * /manifest.en.webmanifest. The service worker is written with the list of
 * files every page needs (the stylesheet Vite hashed, the script, the icon)
 * and a version made of everything it serves, so that any change makes a new
 * worker that browsers install. In development they are built on request.
 */

const here = path.dirname(fileURLToPath(import.meta.url))
export const SW_FILE = 'sw.js'
export const REGISTER_FILE = 'offline.js'

async function bundle(entry: string, define: Record<string, string> = {}) {
	const result = await build({
		entryPoints: [path.join(here, entry)],
		bundle: true,
		write: false,
		minify: true,
		format: 'iife',
		target: 'es2020',
		legalComments: 'none',
		charset: 'utf8',
		logLevel: 'warning',
		define,
	})
	return result.outputFiles[0]!.text
}

export async function buildServiceWorker(shell: string[], salt = '') {
	const register = await bundle('register.client.ts')
	const draft = await bundle('sw.ts', {
		__OFFLINE_SHELL__: JSON.stringify(shell),
		__OFFLINE_VERSION__: '"0"',
	})
	const version = createHash('sha256')
		.update(draft)
		.update(register)
		.update(salt)
		.digest('hex')
		.slice(0, 12)
	const sw = await bundle('sw.ts', {
		__OFFLINE_SHELL__: JSON.stringify(shell),
		__OFFLINE_VERSION__: JSON.stringify(version),
	})
	return { sw, register, version }
}

export function webManifest(lang: 'fr' | 'en') {
	const text = (lang === 'fr' ? frOffline : enOffline).manifest
	return JSON.stringify(
		{
			// One id for both languages: one installed app.
			id: '/',
			name: text.name,
			short_name: text.shortName,
			description: text.description,
			lang,
			dir: 'ltr',
			start_url: '/',
			scope: '/',
			display: 'standalone',
			background_color: '#ffffff',
			theme_color: THEME_COLOR,
			icons: [
				{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
				{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
				{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
				{
					src: '/icons/icon-maskable-512.png',
					sizes: '512x512',
					type: 'image/png',
					purpose: 'maskable',
				},
			],
		},
		null,
		2,
	)
}

export function offlinePlugin(): Plugin {
	let ssr = false
	return {
		name: 'essor-offline',
		configResolved(config) {
			ssr = Boolean(config.build.ssr)
		},
		async generateBundle(_options, output) {
			if (ssr) return
			// Every page links the stylesheet and the icon, and loads the script.
			const css = Object.values(output)
				.filter((f) => f.type === 'asset' && f.fileName.endsWith('.css'))
				.map((f) => `/${f.fileName}`)
			const publicFiles = ['favicon.svg', 'icons/icon-192.png']
			const salt = publicFiles
				.map((f) => fs.readFileSync(path.join(here, '../../public', f)))
				.join('')
			const { sw, register } = await buildServiceWorker(
				[...css, `/${REGISTER_FILE}`, '/favicon.svg'],
				salt,
			)
			this.emitFile({ type: 'asset', fileName: SW_FILE, source: sw })
			this.emitFile({
				type: 'asset',
				fileName: REGISTER_FILE,
				source: register,
			})
			for (const lang of ['fr', 'en'] as const)
				this.emitFile({
					type: 'asset',
					fileName: `manifest.${lang}.webmanifest`,
					source: webManifest(lang),
				})
		},
		configureServer(server) {
			server.middlewares.use((req, res, next) => {
				const url = req.url?.split('?')[0]
				const manifest = /^\/manifest\.(fr|en)\.webmanifest$/.exec(url ?? '')
				if (url !== `/${SW_FILE}` && url !== `/${REGISTER_FILE}` && !manifest)
					return next()
				const send = (type: string, body: string) => {
					res.setHeader('Content-Type', type)
					res.setHeader('Cache-Control', 'no-cache')
					res.end(body)
				}
				if (manifest)
					return send(
						'application/manifest+json',
						webManifest(manifest[1] as 'fr' | 'en'),
					)
				// Development: Vite serves the stylesheet under its source path.
				buildServiceWorker([`/${REGISTER_FILE}`, '/favicon.svg'])
					.then(({ sw, register }) =>
						send(
							'text/javascript; charset=utf-8',
							url === `/${SW_FILE}` ? sw : register,
						),
					)
					.catch(next)
			})
		},
	}
}
