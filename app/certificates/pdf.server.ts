import {
	fill,
	PDFDocument,
	popGraphicsState,
	pushGraphicsState,
	rectangle,
	rgb,
	setFillingRgbColor,
	StandardFonts,
	type PDFFont,
	type PDFPage,
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
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'

// NOTE: the standard PDF fonts only encode Windows-1252; other characters are
// transliterated for the printed copy (the signed credential keeps the exact text).
export function printable(text: string) {
	return [...text]
		.map((ch) => {
			const code = ch.codePointAt(0)!
			if (
				(code >= 0x20 && code <= 0x7e) ||
				(code >= 0xa0 && code <= 0xff) ||
				CP1252_EXTRAS.includes(ch)
			)
				return ch
			const stripped = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
			return stripped && [...stripped].every((c) => c.codePointAt(0)! < 0x7f)
				? stripped
				: '?'
		})
		.join('')
}

function centered(
	page: PDFPage,
	text: string,
	y: number,
	font: PDFFont,
	size: number,
	color = rgb(0.11, 0.14, 0.13),
) {
	const safe = printable(text)
	let s = size
	while (font.widthOfTextAtSize(safe, s) > page.getWidth() - 160 && s > 8)
		s -= 1
	page.drawText(safe, {
		x: (page.getWidth() - font.widthOfTextAtSize(safe, s)) / 2,
		y,
		size: s,
		font,
		color,
	})
}

/**
 * The QR code as filled rectangles, one per horizontal run of dark modules.
 * NOTE: drawn with raw PDF operators: pdf-lib's drawSvgPath took ~60 ms per
 * certificate on this path, which made a cohort's PDFs take minutes.
 */
function qrOperators(text: string, x: number, y: number, side: number) {
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
	const n = qr.modules.size
	const m = side / n
	const ops = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)]
	for (let row = 0; row < n; row++) {
		let col = 0
		while (col < n) {
			if (!qr.modules.get(row, col)) {
				col++
				continue
			}
			const start = col
			while (col < n && qr.modules.get(row, col)) col++
			ops.push(
				rectangle(
					x + start * m,
					y + side - (row + 1) * m,
					(col - start) * m,
					m,
				),
			)
		}
	}
	ops.push(fill(), popGraphicsState())
	return ops
}

export async function renderCertificatePdf(
	text: CertificatePdfText,
	qrText: string,
	credentialJwt: string,
): Promise<Uint8Array> {
	const pdf = await PDFDocument.create()
	pdf.setTitle(printable(`${text.heading} — ${text.title}`))
	pdf.setSubject(printable(`${text.holder} — ${text.code}`))
	// The signed credential rides in the metadata, so an uploaded PDF can be checked.
	pdf.setKeywords([text.code, `${CREDENTIAL_PREFIX}${credentialJwt}`])
	pdf.setProducer('Essor')
	pdf.setCreator('Essor')
	const page = pdf.addPage([841.89, 595.28])
	const regular = await pdf.embedFont(StandardFonts.Helvetica)
	const bold = await pdf.embedFont(StandardFonts.HelveticaBold)
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
	centered(page, text.heading, H - 130, bold, 34, green)
	centered(page, text.intro, H - 175, regular, 14)
	centered(page, text.holder, H - 220, bold, 30)
	centered(page, text.completed, H - 260, regular, 14)
	centered(page, text.title, H - 295, bold, 20)
	text.details.forEach((line, i) =>
		centered(page, line, H - 330 - i * 20, regular, 12),
	)
	page.drawText(printable(`${text.issuer} — ${text.date}`), {
		x: 70,
		y: 110,
		size: 12,
		font: regular,
	})
	page.drawText(printable(text.verifyLine), {
		x: 70,
		y: 90,
		size: 10,
		font: regular,
		maxWidth: W - 320,
	})
	page.drawText(printable(text.code), {
		x: 70,
		y: 62,
		size: 16,
		font: bold,
		color: green,
	})

	const qrSide = 150
	const qrX = W - 70 - qrSide
	const qrY = 70
	page.drawRectangle({
		x: qrX - 6,
		y: qrY - 6,
		width: qrSide + 12,
		height: qrSide + 12,
		color: rgb(1, 1, 1),
	})
	page.pushOperators(...qrOperators(qrText, qrX, qrY, qrSide))
	page.drawText(printable(text.qrCaption), {
		x: qrX - 6,
		y: qrY - 20,
		size: 8,
		font: regular,
		maxWidth: qrSide + 12,
	})
	return pdf.save({ useObjectStreams: true })
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
