// Decoding the bytes of a CSV file as trainers really have them: UTF-8 with
// or without a BOM (Excel's "CSV UTF-8"), or Windows-1252 (Excel's plain
// "CSV" on a French or English Windows).

export type TextEncoding = 'utf-8' | 'windows-1252'

export type DecodedText =
	| { ok: true; text: string; encoding: TextEncoding }
	| { ok: false; reason: 'utf-16' | 'binary' }

// Windows-1252 differs from ISO-8859-1 in 0x80–0x9F only (’ “ ” € œ Œ – —…).
// Node's TextDecoder('windows-1252') decodes these bytes as ISO-8859-1 C1
// control characters (0x92 gives U+0092 instead of ’), so the table is applied
// here by hand. Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to
// themselves, as in the WHATWG Encoding standard.
const CP1252_80_9F = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030,
	0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
	0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e,
	0x178,
]

export function decodeWindows1252(bytes: Uint8Array): string {
	let out = ''
	const CHUNK = 8192
	for (let start = 0; start < bytes.length; start += CHUNK) {
		const codes: number[] = []
		const end = Math.min(bytes.length, start + CHUNK)
		for (let i = start; i < end; i++) {
			const b = bytes[i] as number
			codes.push(
				b >= 0x80 && b <= 0x9f ? (CP1252_80_9F[b - 0x80] as number) : b,
			)
		}
		out += String.fromCharCode(...codes)
	}
	return out
}

/** The inverse of decodeWindows1252, for building fixtures and tests. Throws on characters cp1252 lacks. */
export function encodeWindows1252(text: string): Uint8Array {
	const bytes: number[] = []
	for (const ch of text) {
		const code = ch.codePointAt(0) as number
		if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code)
		else {
			const index = CP1252_80_9F.indexOf(code)
			if (index < 0)
				throw new Error(`"${ch}" cannot be written in Windows-1252`)
			bytes.push(0x80 + index)
		}
	}
	return Uint8Array.from(bytes)
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

export function decodeText(data: Uint8Array): DecodedText {
	// UTF-16 ("Texte Unicode" in Excel) starts with a BOM: say so rather than
	// showing garbage.
	if (
		data.length >= 2 &&
		((data[0] === 0xff && data[1] === 0xfe) ||
			(data[0] === 0xfe && data[1] === 0xff))
	) {
		return { ok: false, reason: 'utf-16' }
	}
	let bytes = data
	if (
		bytes.length >= 3 &&
		bytes[0] === 0xef &&
		bytes[1] === 0xbb &&
		bytes[2] === 0xbf
	)
		bytes = bytes.subarray(3)
	// A NUL byte never occurs in a text file in either encoding: an image, a PDF…
	if (bytes.subarray(0, 8192).includes(0))
		return { ok: false, reason: 'binary' }
	try {
		return { ok: true, text: utf8.decode(bytes), encoding: 'utf-8' }
	} catch {
		return {
			ok: true,
			text: decodeWindows1252(bytes),
			encoding: 'windows-1252',
		}
	}
}
