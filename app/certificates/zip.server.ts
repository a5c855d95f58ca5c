import { Zip, ZipPassThrough } from 'fflate'
import { certificatePdf, type CertificateForPdf } from './documents.server.ts'

type ZipCertificate = CertificateForPdf

/*
 * PDFs under way at once. Drawing one is about 10 ms of CPU, but it also
 * waits: fontkit writes each font subset after a setTimeout(0), a millisecond
 * or more when nothing else runs. With two under way, one is drawn while the
 * other waits (a 500-certificate ZIP took 12% less time); more gains nothing.
 */
const PDFS_AHEAD = 2

/** `Aïcha Bennani` → `Aicha_Bennani-ESR-….pdf`: plain ASCII names every unzip tool accepts. */
export function zipEntryName(
	cert: Pick<ZipCertificate, 'holderName' | 'code'>,
) {
	const safeName = cert.holderName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\w-]+/g, '_')
	return `${safeName}-${cert.code}.pdf`
}

/**
 * A ZIP of the certificates' PDFs, made as it is read: when the reader asks
 * for more, the next `ahead` PDFs are under way and no others (a pull stream
 * with no queue of its own), so a slow connection holds back the work instead
 * of piling PDFs up in memory, and a cancelled download stops it. The server
 * side of that backpressure is server/remix-handler.ts.
 */
export function certificatesZip(
	certificates: readonly ZipCertificate[],
	{
		makePdf = certificatePdf,
		ahead = PDFS_AHEAD,
	}: {
		makePdf?: (cert: ZipCertificate) => Promise<Uint8Array>
		ahead?: number
	} = {},
): ReadableStream<Uint8Array> {
	let next = 0
	let cancelled = false
	let zip: Zip
	const making: Array<{ cert: ZipCertificate; pdf: Promise<Uint8Array> }> = []
	const makeAhead = () => {
		while (making.length < Math.max(1, ahead) && next < certificates.length) {
			const cert = certificates[next++]!
			const pdf = makePdf(cert)
			// Awaited in order below; a cancelled download leaves the rest unread.
			pdf.catch(() => {})
			making.push({ cert, pdf })
		}
	}
	return new ReadableStream<Uint8Array>(
		{
			start(controller) {
				zip = new Zip((error, chunk, final) => {
					if (cancelled) return
					if (error) return controller.error(error)
					controller.enqueue(chunk)
					if (final) controller.close()
				})
			},
			async pull() {
				makeAhead()
				const made = making.shift()
				if (!made) return zip.end()
				const { cert } = made
				const pdf = await made.pdf
				if (cancelled) return
				// Stored, not deflated: PDFs are compressed already.
				const entry = new ZipPassThrough(zipEntryName(cert))
				zip.add(entry)
				entry.push(pdf, true)
			},
			cancel() {
				cancelled = true
			},
		},
		{ highWaterMark: 0 },
	)
}
