import { Zip, ZipPassThrough } from 'fflate'
import { certificatePdf } from './documents.server.ts'

type ZipCertificate = Parameters<typeof certificatePdf>[0]

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
 * A ZIP of the certificates' PDFs, made as it is read: the next PDF is drawn
 * only when the reader has taken what came before (a pull stream with no
 * queue of its own), so a slow connection holds back the work instead of
 * piling PDFs up in memory, and a cancelled download stops it. The server
 * side of that backpressure is server/remix-handler.ts.
 */
export function certificatesZip(
	certificates: readonly ZipCertificate[],
	{
		makePdf = certificatePdf,
	}: { makePdf?: (cert: ZipCertificate) => Promise<Uint8Array> } = {},
): ReadableStream<Uint8Array> {
	let next = 0
	let cancelled = false
	let zip: Zip
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
				const cert = certificates[next++]
				if (!cert) return zip.end()
				const pdf = await makePdf(cert)
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
