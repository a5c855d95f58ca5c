import http from 'node:http'
import { gunzipSync } from 'node:zlib'
import type { CatalogCourse } from '#app/content/catalog.server.ts'
import { findCourse } from '#app/courses/catalog.server.ts'
import { getEnv } from '#app/env.server.ts'
import type { Language } from '#app/i18n/config.ts'
import type { OfflinePack } from './protocol.ts'

/**
 * A course's offline pack: its course page, every lesson page and what they
 * load (stylesheet, script, icon, lesson images), each with the bytes it
 * costs over the network. The server measures its own pages as a visitor in
 * that language receives them (compressed, headers included), over loopback,
 * once per content version: a learner's own pages differ by a few hundred
 * bytes (their name, their progress). Audio and video are left out: too
 * heavy to take along unasked (see docs/decisions/013-offline.md).
 */

const packs = new Map<string, Promise<OfflinePack>>()

export async function getOfflinePack(
	courseSlug: string,
	lang: Language,
): Promise<OfflinePack | null> {
	const course = await findCourse(courseSlug)
	if (!course) return null
	const key = `${course.slug}\0${course.version}\0${lang}`
	let pack = packs.get(key)
	if (!pack) {
		pack = measurePack(course, lang)
		packs.set(key, pack)
		pack.catch(() => packs.delete(key))
	}
	return pack
}

async function measurePack(
	course: CatalogCourse,
	lang: Language,
): Promise<OfflinePack> {
	const pages = [
		{ url: `/courses/${course.slug}`, version: course.version },
		...course.lessons.map((l) => ({
			url: `/courses/${course.slug}/${l.slug}`,
			version: l.version,
		})),
	]
	const items: OfflinePack['items'] = []
	const assets = new Set<string>()
	for (const page of pages) {
		const { bytes, body } = await fetchOwn(page.url, lang)
		items.push({ ...page, kind: 'page', bytes })
		for (const url of subresources(body)) assets.add(url)
	}
	for (const url of assets) {
		const { bytes } = await fetchOwn(url, lang)
		items.push({ url, kind: 'asset', bytes, version: '' })
	}
	return {
		course: course.slug,
		title: course.i18n[lang].title,
		lang,
		version: course.version,
		items,
		bytes: items.reduce((n, i) => n + i.bytes, 0),
	}
}

/** Same-origin files a page loads: stylesheets and icons, scripts, images. */
export function subresources(html: string): string[] {
	const found = new Set<string>()
	const patterns = [
		/<link\b[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref="(\/[^/"][^"]*)"/g,
		/<script\b[^>]*\bsrc="(\/[^/"][^"]*)"/g,
		/<img\b[^>]*\bsrc="(\/[^/"][^"]*)"/g,
	]
	for (const pattern of patterns)
		for (const m of html.matchAll(pattern))
			found.add(m[1]!.replace(/&amp;/g, '&'))
	return [...found]
}

/** This server's own answer to a visitor's GET, with its size on the wire (compressed, headers included). */
function fetchOwn(pathname: string, lang: Language) {
	const { HOST, PORT } = getEnv()
	const host = HOST === '0.0.0.0' ? '127.0.0.1' : HOST === '::' ? '::1' : HOST
	return new Promise<{ bytes: number; body: string }>((resolve, reject) => {
		const req = http.get(
			{
				host,
				port: PORT,
				path: pathname,
				headers: { 'Accept-Encoding': 'gzip', Cookie: `lng=${lang}` },
				timeout: 15_000,
			},
			(res) => {
				if (res.statusCode !== 200) {
					res.resume()
					reject(new Error(`${pathname}: ${res.statusCode}`))
					return
				}
				const chunks: Buffer[] = []
				res.on('data', (c: Buffer) => chunks.push(c))
				res.on('error', reject)
				res.on('end', () => {
					const raw = Buffer.concat(chunks)
					const headers = res.rawHeaders.reduce((n, h) => n + h.length + 2, 0)
					const body =
						res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
					resolve({ bytes: raw.length + headers, body: body.toString('utf8') })
				})
			},
		)
		req.on('timeout', () => req.destroy(new Error(`${pathname}: timed out`)))
		req.on('error', reject)
	})
}
