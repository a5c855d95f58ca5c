// Writes the web-app icons (public/icons/*.png) from public/favicon.svg:
// `npx tsx scripts/make-icons.ts` after changing the favicon (the PNGs are
// committed, so that building needs no image library).
import fs from 'node:fs'
import path from 'node:path'
import { createCanvas, loadImage } from '@napi-rs/canvas'
import { root } from './lib/build.mjs'

const svg = fs.readFileSync(path.join(root, 'public/favicon.svg'), 'utf8')
// Maskable: the mark inside the central safe zone (a circle of 80% of the
// side), on a full-bleed background the launcher may cut to any shape.
const background = /<rect[^>]*fill="([^"]+)"/.exec(svg)?.[1] ?? '#0b6e4f'
const mark = svg.replace(/<rect[^>]*\/>/, '')

const out = path.join(root, 'public/icons')
fs.mkdirSync(out, { recursive: true })

/** The SVG at `px` pixels (its own size is 32: drawn larger, it would be blurred). */
const sized = (source: string, px: number) =>
	Buffer.from(source.replace('<svg ', `<svg width="${px}" height="${px}" `))

async function draw(size: number, maskable: boolean) {
	const canvas = createCanvas(size, size)
	const ctx = canvas.getContext('2d')
	if (maskable) {
		ctx.fillStyle = background
		ctx.fillRect(0, 0, size, size)
		const inner = Math.round(size * 0.6)
		const image = await loadImage(sized(mark, inner))
		const offset = Math.round((size - inner) / 2)
		ctx.drawImage(image, offset, offset, inner, inner)
	} else {
		const image = await loadImage(sized(svg, size))
		ctx.drawImage(image, 0, 0, size, size)
	}
	return canvas.toBuffer('image/png')
}

for (const [name, size, maskable] of [
	['icon-192.png', 192, false],
	['icon-512.png', 512, false],
	['icon-maskable-512.png', 512, true],
] as const) {
	fs.writeFileSync(path.join(out, name), await draw(size, maskable))
	console.log(`public/icons/${name}`)
}
