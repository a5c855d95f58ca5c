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
				resolve(withoutNulBytes(Buffer.concat(chunks)))
				callback()
			},
		})
		sink.on('error', reject)
		pipe(sink)
	})
}

/**
 * The page without its 0x00 bytes, copied in spans between them.
 * NOTE: not `filter()`: a callback per byte of a 40 KB page was a tenth of a
 * signed-in page's CPU time, and most French pages have such a byte.
 */
function withoutNulBytes(page: Buffer): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(page.length)
	let length = 0
	let from = 0
	for (let nul = page.indexOf(0); nul !== -1; nul = page.indexOf(0, from)) {
		out.set(page.subarray(from, nul), length)
		length += nul - from
		from = nul + 1
	}
	out.set(page.subarray(from), length)
	length += page.length - from
	return length === page.length ? out : out.slice(0, length)
}
