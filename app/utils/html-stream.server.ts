import { Transform } from 'node:stream'

/**
 * React 18's streaming renderer flushes its whole 2 KB buffer when the next
 * multi-byte character (é, ’, «…) does not fit, zero bytes included
 * (facebook/react#24985, fixed in React 19 by #26228): French pages got a NUL
 * in the middle of a word wherever a character landed on a 2 KB boundary.
 * A 0x00 byte is never part of another UTF-8 character and never meant in
 * HTML, so dropping every one of them restores the page exactly.
 */
export function withoutNulBytes() {
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			callback(
				null,
				chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk,
			)
		},
	})
}
