import fs from 'node:fs'
import { createRequire } from 'node:module'
import zlib from 'node:zlib'
import fontkit from '@pdf-lib/fontkit'
import bidiFactory from 'bidi-js'
import {
	appendBezierCurve,
	beginText,
	closePath,
	concatTransformationMatrix,
	drawObject,
	endText,
	fill,
	lineTo,
	moveTo,
	PDFDocument,
	PDFHexString,
	type PDFName,
	PDFOperator,
	PDFOperatorNames,
	PDFRawStream,
	popGraphicsState,
	pushGraphicsState,
	rgb,
	setFillingRgbColor,
	setFontAndSize,
	setTextMatrix,
	setTextRenderingMode,
	showText,
	TextRenderingMode,
	type PDFFont,
	type PDFPage,
	type RGB,
} from 'pdf-lib'
import QRCode from 'qrcode'

/** A4 landscape certificate with a QR code that carries the signed compact payload. */

export type CertificatePdfText = {
	heading: string
	intro: string
	completed: string
	title: string
	details: string[]
	holder: string
	issuer: string
	date: string
	verifyLine: string
	code: string
	qrCaption: string
}

const CREDENTIAL_PREFIX = 'vc-jwt:'

/*
 * Fonts: Noto Sans (Latin with every diacritic, Greek, Cyrillic, Vietnamese)
 * and Noto Naskh Arabic, both under the SIL Open Font License, embedded as
 * subsets (only the glyphs a certificate uses). Shaping (Arabic joining forms,
 * ligatures) is fontkit's; the order of right-to-left runs is the Unicode
 * Bidirectional Algorithm's (bidi-js). Decision 008.
 */
const require = createRequire(import.meta.url)

/*
 * NOTE: pdf-lib compresses every stream with pako, a JavaScript deflate: with
 * embedded font subsets and drawn glyphs it took most of a certificate's time.
 * Node's own zlib writes the same zlib format several times faster, so pdf-lib's
 * copy of pako is pointed at it (only `deflate`, the one function pdf-lib calls).
 */
const pdfLibPako = createRequire(require.resolve('pdf-lib'))('pako') as {
	deflate: (data: Uint8Array) => Uint8Array
}
pdfLibPako.deflate = (data) => zlib.deflateSync(data)
const FONT_FILES = {
	sans: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
	sansBold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
	arabic:
		'@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf',
	arabicBold:
		'@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf',
} as const
type FontName = keyof typeof FONT_FILES
type Fontkit = typeof fontkit
type FontkitFont = ReturnType<Fontkit['create']>

let fontFiles: Record<FontName, Uint8Array> | undefined
const parsed = new Map<Uint8Array, FontkitFont>()

function loadFontFiles() {
	fontFiles ??= Object.fromEntries(
		Object.entries(FONT_FILES).map(([name, file]) => [
			name,
			new Uint8Array(fs.readFileSync(require.resolve(file))),
		]),
	) as Record<FontName, Uint8Array>
	return fontFiles
}

/**
 * fontkit, with each font file parsed once per process.
 * NOTE: pdf-lib parses the font again for every document it embeds it in;
 * a 600 KB font parsed 500 times made a cohort's PDFs several times slower.
 */
const cachingFontkit: Fontkit = {
	...fontkit,
	create(data: Uint8Array, postscriptName?: string) {
		let font = parsed.get(data)
		if (!font) {
			font = fontkit.create(data, postscriptName)
			parsed.set(data, font)
		}
		return font
	},
}

type Faces = { latin: PDFFont; arabic: PDFFont }

const bidi = bidiFactory()
const ARABIC =
	/[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/
const RTL_STRONG = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/

type Glyph = {
	id: number
	codePoints: number[]
	path: { commands: Array<{ command: string; args: number[] }> }
}
type Layout = {
	glyphs: Glyph[]
	positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }>
}
type ShapingFont = {
	unitsPerEm: number
	layout(text: string): Layout
	hasGlyphForCodePoint(codePoint: number): boolean
	glyphForCodePoint(codePoint: number): Glyph
}

function shaping(font: PDFFont) {
	return (font as unknown as { embedder: { font: ShapingFont } }).embedder.font
}

function faceFor(ch: string, faces: Faces, previous: PDFFont | null) {
	if (ARABIC.test(ch)) return faces.arabic
	// Spaces and punctuation stay in the font of the word they follow, so a run is not cut.
	if (previous && /[\s\p{P}\p{S}\p{N}]/u.test(ch) && hasGlyph(previous, ch))
		return previous
	if (hasGlyph(faces.latin, ch)) return faces.latin
	if (hasGlyph(faces.arabic, ch)) return faces.arabic
	return faces.latin
}

function hasGlyph(font: PDFFont, ch: string) {
	return shaping(font).hasGlyphForCodePoint(ch.codePointAt(0)!)
}

/** A run in visual order: `shaped` in logical order for the shaper (which reverses Arabic itself), `visual` character by character as seen left to right. */
export type TextRun = { shaped: string; visual: string; font: PDFFont }

/**
 * Splits a line into runs in visual (left-to-right drawing) order, each in one
 * font, following the Unicode Bidirectional Algorithm (bidi-js).
 */
export function visualRuns(input: string, faces: Faces): TextRun[] {
	const text = input.normalize('NFC')
	if (!text) return []
	const chars = [...text]
	if (chars.length !== text.length) {
		// Characters outside the BMP: left to right, one run per font.
		return mergeRuns(
			chars.map((ch) => ({ ch, level: 0, font: faceFor(ch, faces, null) })),
		)
	}
	const embedding = bidi.getEmbeddingLevels(text)
	const order = chars.map((_, i) => i)
	for (const [start, end] of bidi.getReorderSegments(text, embedding)) {
		const part = order.slice(start, end + 1).reverse()
		order.splice(start, part.length, ...part)
	}
	let previous: PDFFont | null = null
	const logicalFonts = chars.map((ch, i) =>
		// A space joins the Arabic run only between two Arabic letters, so runs follow words.
		/\s/.test(ch)
			? (previous =
					ARABIC.test(chars[i - 1] ?? '') && ARABIC.test(chars[i + 1] ?? '')
						? faces.arabic
						: faces.latin)
			: (previous = faceFor(ch, faces, previous)),
	)
	return mergeRuns(
		order.map((i) => ({
			ch: chars[i]!,
			level: embedding.levels[i]!,
			font: logicalFonts[i]!,
		})),
	)
}

function mergeRuns(
	cells: Array<{ ch: string; level: number; font: PDFFont }>,
): TextRun[] {
	const groups: Array<{ chars: string[]; rtl: boolean; font: PDFFont }> = []
	for (const cell of cells) {
		const rtl = cell.level % 2 === 1
		const last = groups[groups.length - 1]
		if (last && last.rtl === rtl && last.font === cell.font)
			last.chars.push(cell.ch)
		else groups.push({ chars: [cell.ch], rtl, font: cell.font })
	}
	return groups.map(({ chars, rtl, font }) => {
		if (!rtl) {
			const text = chars.join('')
			return { shaped: text, visual: text, font }
		}
		const mirrored = chars.map((c) => bidi.getMirroredCharacter(c) ?? c)
		const logical = [...chars].reverse().join('')
		return {
			shaped: RTL_STRONG.test(logical) ? logical : mirrored.join(''),
			visual: mirrored.join(''),
			font,
		}
	})
}

/**
 * Shaped texts, the most recently used kept per font.
 * NOTE: a layout holds fontkit's whole glyph run (about 50 KB): the 5,000 a
 * cache used to keep grew the heap by 24 MB per 500 certificates, since the
 * holder's name and code differ on each; the headings, title and cohort lines
 * a batch repeats stay in a small one.
 */
const LAYOUTS_KEPT = 200
const layouts = new Map<ShapingFont, Map<string, Layout>>()
function layoutOf(font: PDFFont, text: string) {
	const shaper = shaping(font)
	let cache = layouts.get(shaper)
	if (!cache) layouts.set(shaper, (cache = new Map()))
	let layout = cache.get(text)
	if (layout) cache.delete(text)
	else layout = shaper.layout(text)
	cache.set(text, layout)
	if (cache.size > LAYOUTS_KEPT) cache.delete(cache.keys().next().value!)
	return layout
}

function runWidth(run: TextRun, size: number) {
	const shaper = shaping(run.font)
	const units = layoutOf(run.font, run.shaped).positions.reduce(
		(w, p) => w + p.xAdvance,
		0,
	)
	return (units * size) / shaper.unitsPerEm
}

function runsWidth(runs: TextRun[], size: number) {
	return runs.reduce((w, r) => w + runWidth(r, size), 0)
}

/**
 * A glyph outline as a PDF content stream in font units (TrueType quadratic
 * curves raised to cubic), deflated, kept per glyph for the process: the
 * certificates of a cohort share most of their glyphs.
 */
const outlines = new Map<Glyph, Uint8Array | null>()
function outline(glyph: Glyph): Uint8Array | null {
	const kept = outlines.get(glyph)
	if (kept !== undefined) return kept
	const ops: PDFOperator[] = []
	let x = 0
	let y = 0
	for (const { command, args } of glyph.path.commands) {
		if (command === 'moveTo') {
			;[x, y] = args as [number, number]
			ops.push(moveTo(x, y))
		} else if (command === 'lineTo') {
			;[x, y] = args as [number, number]
			ops.push(lineTo(x, y))
		} else if (command === 'quadraticCurveTo') {
			const [qx, qy, ex, ey] = args as [number, number, number, number]
			ops.push(
				appendBezierCurve(
					x + ((qx - x) * 2) / 3,
					y + ((qy - y) * 2) / 3,
					ex + ((qx - ex) * 2) / 3,
					ey + ((qy - ey) * 2) / 3,
					ex,
					ey,
				),
			)
			;[x, y] = [ex, ey]
		} else if (command === 'bezierCurveTo') {
			const [c1x, c1y, c2x, c2y, ex, ey] = args as [
				number,
				number,
				number,
				number,
				number,
				number,
			]
			ops.push(appendBezierCurve(c1x, c1y, c2x, c2y, ex, ey))
			;[x, y] = [ex, ey]
		} else if (command === 'closePath') ops.push(closePath())
	}
	const bytes = ops.length
		? new Uint8Array(
				zlib.deflateSync([...ops, fill()].map((o) => o.toString()).join('\n')),
			)
		: null
	outlines.set(glyph, bytes)
	return bytes
}

/**
 * Each glyph drawn on a page is one Form XObject of that document, drawn
 * wherever the glyph appears.
 * NOTE: with the outline written out at every occurrence, a certificate's
 * content stream was about 300 KB, and serialising and deflating it took
 * most of a PDF's time.
 */
const glyphForms = new WeakMap<PDFPage, Map<Glyph, PDFName>>()
function glyphForm(page: PDFPage, glyph: Glyph): PDFName | null {
	let forms = glyphForms.get(page)
	if (!forms) glyphForms.set(page, (forms = new Map()))
	const known = forms.get(glyph)
	if (known) return known
	const bytes = outline(glyph)
	if (!bytes) return null
	const context = page.doc.context
	const stream = PDFRawStream.of(
		context.obj({
			Type: 'XObject',
			Subtype: 'Form',
			// Generous: a glyph's outline stays well inside four ems around its origin.
			BBox: [-4000, -4000, 8000, 8000],
			Filter: 'FlateDecode',
			Length: bytes.length,
		}),
		bytes,
	)
	const name = page.node.newXObject('G', context.register(stream))
	forms.set(glyph, name)
	return name
}

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>()
function fontKey(page: PDFPage, font: PDFFont) {
	let keys = fontKeys.get(page)
	if (!keys) fontKeys.set(page, (keys = new Map()))
	let key = keys.get(font)
	if (!key)
		keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)))
	return key
}

/** Character glyphs (no shaping) that carry their own code point, for the text layer. */
function encodeCharacters(font: PDFFont, text: string) {
	const embedder = (
		font as unknown as {
			embedder: {
				font: ShapingFont
				subset: { includeGlyph(glyph: Glyph): number }
				glyphs: Glyph[]
				glyphIdMap: Map<number, number>
				glyphCache: { invalidate(): void }
			}
		}
	).embedder
	const hex = [...text].map((ch) => {
		const codePoint = ch.codePointAt(0)!
		const glyph = embedder.font.glyphForCodePoint(codePoint)
		const id = embedder.subset.includeGlyph(glyph)
		// NOTE: a copy, so the ToUnicode map says exactly this character.
		embedder.glyphs[id - 1] = Object.create(glyph, {
			codePoints: { value: [codePoint] },
		}) as Glyph
		embedder.glyphIdMap.set(glyph.id, id)
		return id.toString(16).padStart(4, '0')
	})
	embedder.glyphCache.invalidate()
	return PDFHexString.of(hex.join(''))
}

/**
 * Draws a line: what the eye sees is the shaped glyph outlines (joined Arabic,
 * marks in place), drawn as paths; what a program reads is an invisible text
 * layer of the same characters in visual order, one glyph per character, so
 * extraction, search and copy give the exact name.
 */
function drawRuns(
	page: PDFPage,
	runs: TextRun[],
	x: number,
	y: number,
	size: number,
	color: RGB,
) {
	const ops: PDFOperator[] = [
		pushGraphicsState(),
		setFillingRgbColor(color.red, color.green, color.blue),
	]
	for (const run of runs) {
		const shaper = shaping(run.font)
		const scale = size / shaper.unitsPerEm
		const { glyphs, positions } = layoutOf(run.font, run.shaped)
		const width = runWidth(run, size)
		ops.push(
			beginText(),
			setFontAndSize(fontKey(page, run.font), size),
			setTextRenderingMode(TextRenderingMode.Invisible),
			setTextMatrix(1, 0, 0, 1, x, y),
			showText(encodeCharacters(run.font, run.visual)),
			endText(),
		)
		let penX = x
		glyphs.forEach((glyph, i) => {
			const p = positions[i]!
			const form = glyphForm(page, glyph)
			if (form)
				ops.push(
					pushGraphicsState(),
					// NOTE: numbers as written tokens: pdf-lib's general number
					// formatting, for every glyph of every certificate, cost more
					// than drawing them.
					PDFOperator.of(PDFOperatorNames.ConcatTransformationMatrix, [
						pdfNumber(scale),
						'0',
						'0',
						pdfNumber(scale),
						pdfNumber(penX + p.xOffset * scale),
						pdfNumber(y + p.yOffset * scale),
					]),
					drawObject(form),
					popGraphicsState(),
				)
			penX += p.xAdvance * scale
		})
		x += width
	}
	ops.push(popGraphicsState())
	page.pushOperators(...ops)
}

/** A PDF number token to 1/10,000 (never in exponent notation at that grid). */
function pdfNumber(n: number) {
	return String(Math.round(n * 10_000) / 10_000)
}

const INK = rgb(0.11, 0.14, 0.13)

function centered(
	page: PDFPage,
	text: string,
	y: number,
	faces: Faces,
	size: number,
	color = INK,
) {
	const runs = visualRuns(text, faces)
	let s = size
	while (runsWidth(runs, s) > page.getWidth() - 160 && s > 8) s -= 1
	drawRuns(page, runs, (page.getWidth() - runsWidth(runs, s)) / 2, y, s, color)
}

/** Left-aligned text wrapped to a width; returns the y below the last line. */
function paragraph(
	page: PDFPage,
	text: string,
	options: { x: number; y: number; width: number; size: number; faces: Faces },
) {
	const { x, width, size, faces } = options
	let y = options.y
	// Wrapped on the widths of words and spaces added up (shaping does not
	// cross a space), not by shaping every candidate line again: with a
	// certificate's code in it, each candidate line was new to the cache.
	const space = runsWidth(visualRuns(' ', faces), size)
	let line = ''
	let lineWidth = 0
	const lines: string[] = []
	for (const word of text.split(/\s+/)) {
		const wordWidth = runsWidth(visualRuns(word, faces), size)
		if (line && lineWidth + space + wordWidth > width) {
			lines.push(line)
			line = word
			lineWidth = wordWidth
		} else {
			lineWidth += (line ? space : 0) + wordWidth
			line = line ? `${line} ${word}` : word
		}
	}
	if (line) lines.push(line)
	for (const l of lines) {
		drawRuns(page, visualRuns(l, faces), x, y, size, INK)
		y -= size * 1.25
	}
	return y
}

/**
 * The QR code as filled rectangles, one per horizontal run of dark modules,
 * in module units (integers), as one Form XObject scaled to its place.
 * NOTE: written as raw PDF: pdf-lib's drawSvgPath took ~60 ms per
 * certificate, and its operators (numbers formatted one by one) several ms.
 */
function qrOperators(
	page: PDFPage,
	text: string,
	x: number,
	y: number,
	side: number,
) {
	// One byte segment: the link is a URL with a base64url payload, which byte
	// mode carries anyway; the library's search for a better split cost more
	// than the rest of the code.
	const qr = QRCode.create(
		[{ data: Buffer.from(text, 'utf8'), mode: 'byte' }],
		{
			errorCorrectionLevel: 'M',
		},
	)
	const n = qr.modules.size
	const runs: string[] = []
	for (let row = 0; row < n; row++) {
		let col = 0
		while (col < n) {
			if (!qr.modules.get(row, col)) {
				col++
				continue
			}
			const start = col
			while (col < n && qr.modules.get(row, col)) col++
			runs.push(`${start} ${n - row - 1} ${col - start} 1 re`)
		}
	}
	runs.push('f')
	const bytes = zlib.deflateSync(runs.join('\n'))
	const context = page.doc.context
	const form = page.node.newXObject(
		'QR',
		context.register(
			PDFRawStream.of(
				context.obj({
					Type: 'XObject',
					Subtype: 'Form',
					BBox: [0, 0, n, n],
					Filter: 'FlateDecode',
					Length: bytes.length,
				}),
				new Uint8Array(bytes),
			),
		),
	)
	const m = side / n
	return [
		pushGraphicsState(),
		setFillingRgbColor(0, 0, 0),
		concatTransformationMatrix(m, 0, 0, m, x, y),
		drawObject(form),
		popGraphicsState(),
	]
}

export async function renderCertificatePdf(
	text: CertificatePdfText,
	qrText: string,
	credentialJwt: string,
): Promise<Uint8Array> {
	const pdf = await PDFDocument.create()
	pdf.registerFontkit(cachingFontkit)
	pdf.setTitle(`${text.heading} — ${text.title}`)
	pdf.setSubject(`${text.holder} — ${text.code}`)
	// The signed credential rides in the metadata, so an uploaded PDF can be checked.
	pdf.setKeywords([text.code, `${CREDENTIAL_PREFIX}${credentialJwt}`])
	pdf.setProducer('Essor')
	pdf.setCreator('Essor')
	const page = pdf.addPage([841.89, 595.28])
	const files = loadFontFiles()
	// Arabic fonts only when the text has Arabic: every embedded font costs time and bytes.
	const needsArabic = ARABIC.test(Object.values(text).flat().join(' '))
	const embed = (name: FontName) => pdf.embedFont(files[name], { subset: true })
	const [sans, sansBold] = await Promise.all([embed('sans'), embed('sansBold')])
	const [arabic, arabicBold] = needsArabic
		? await Promise.all([embed('arabic'), embed('arabicBold')])
		: [sans, sansBold]
	const regular: Faces = { latin: sans, arabic }
	const bold: Faces = { latin: sansBold, arabic: arabicBold }
	const green = rgb(0.04, 0.43, 0.31)
	const W = page.getWidth()
	const H = page.getHeight()
	page.drawRectangle({
		x: 20,
		y: 20,
		width: W - 40,
		height: H - 40,
		borderColor: green,
		borderWidth: 3,
	})
	page.drawRectangle({
		x: 28,
		y: 28,
		width: W - 56,
		height: H - 56,
		borderColor: rgb(0.96, 0.79, 0.36),
		borderWidth: 1,
	})
	centered(page, 'ESSOR', H - 80, bold, 16, green)
	centered(page, text.heading, H - 130, bold, 32, green)
	centered(page, text.intro, H - 175, regular, 14)
	centered(page, text.holder, H - 222, bold, 30)
	centered(page, text.completed, H - 262, regular, 14)
	centered(page, text.title, H - 297, bold, 19)
	text.details.forEach((line, i) =>
		centered(page, line, H - 330 - i * 20, regular, 12),
	)
	const textWidth = W - 330
	drawRuns(
		page,
		visualRuns(`${text.issuer} — ${text.date}`, regular),
		70,
		122,
		12,
		INK,
	)
	paragraph(page, text.verifyLine, {
		x: 70,
		y: 104,
		width: textWidth,
		size: 10,
		faces: regular,
	})
	drawRuns(page, visualRuns(text.code, bold), 70, 56, 16, green)

	// The QR code and its caption stay inside the inner border (y > 28) with a margin.
	const qrSide = 132
	const qrX = W - 70 - qrSide
	const captionSize = 7
	const captionWidth = qrSide + 40
	const captionLines = Math.ceil(
		runsWidth(visualRuns(text.qrCaption, regular), captionSize) /
			(captionWidth * 0.9),
	)
	const qrY = 44 + captionLines * captionSize * 1.25 + 6
	page.drawRectangle({
		x: qrX - 6,
		y: qrY - 6,
		width: qrSide + 12,
		height: qrSide + 12,
		color: rgb(1, 1, 1),
	})
	page.pushOperators(...qrOperators(page, qrText, qrX, qrY, qrSide))
	paragraph(page, text.qrCaption, {
		x: qrX - 20,
		y: qrY - 6 - captionSize * 1.4,
		width: captionWidth,
		size: captionSize,
		faces: regular,
	})
	return pdf.save({ useObjectStreams: true, objectsPerTick: Infinity })
}

/** Reads back the signed credential embedded in a certificate PDF, if there is one. */
export async function credentialFromPdf(
	bytes: Uint8Array,
): Promise<string | null> {
	try {
		const pdf = await PDFDocument.load(bytes, { updateMetadata: false })
		const match = new RegExp(
			`${CREDENTIAL_PREFIX}([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)`,
		).exec(pdf.getKeywords() ?? '')
		return match?.[1] ?? null
	} catch {
		return null
	}
}
