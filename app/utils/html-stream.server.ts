import { Writable } from 'node:stream'

/**
 * React 18's streaming renderer flushes its whole 2 KB buffer when the next
 * multi-byte character (é, ’, «…) does not fit, zero bytes included
 * (facebook/react#24985, fixed in React 19 by #26228): French pages got a NUL
 * in the middle of a word wherever a character landed on a 2 KB boundary.
 * A 0x00 byte is never part of another UTF-8 character and never meant in
 * HTML, so dropping every one of them restores the page exactly.
 *
 * The whole page is collected into one buffer, NUL bytes dropped. Pages are
 * sent only once complete anyway; one buffer is one write and one gzip pass,
 * where React's stream of small chunks cost a tenth of a page's CPU time in
 * the compression middleware.
 */
export function collectPage(
	pipe: (destination: Writable) => void,
): Promise<Uint8Array<ArrayBuffer>> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = []
		const sink = new Writable({
			write(chunk: Buffer, _encoding, callback) {
				chunks.push(chunk)
				callback()
			},
			final(callback) {
				const page = new Uint8Array(Buffer.concat(chunks))
				resolve(page.includes(0) ? page.filter((byte) => byte !== 0) : page)
				callback()
			},
		})
		sink.on('error', reject)
		pipe(sink)
	})
}
