import { PassThrough, type Readable } from 'node:stream'
import { createElement } from 'react'
import { renderToPipeableStream, renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { collectPage } from './html-stream.server.ts'

async function bytesOf(stream: Readable) {
	const chunks: Buffer[] = []
	for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
	return Buffer.concat(chunks)
}

/** React's stream as it comes (raw), or as entry.server collects a page (collectPage). */
function render(element: ReturnType<typeof createElement>, collected = false) {
	return new Promise<Buffer>((resolve, reject) => {
		const { pipe } = renderToPipeableStream(element, {
			onAllReady() {
				if (collected) {
					collectPage(pipe).then((page) => resolve(Buffer.from(page)), reject)
					return
				}
				const out = new PassThrough()
				bytesOf(out).then(resolve, reject)
				pipe(out)
			},
			onShellError: reject,
		})
	})
}

/** Paragraphs of French text, one of whose "é" straddles React's 2048-byte buffer boundary for some padding. */
const page = (padding: number) =>
	createElement(
		'main',
		null,
		createElement('p', null, 'x'.repeat(padding)),
		...Array.from({ length: 40 }, (_, i) =>
			createElement(
				'p',
				{ key: i },
				`Discrimination fondée sur le sexe, leçon ${i} : « égalité ».`,
			),
		),
	)

describe('collectPage', () => {
	test('React 18 streams a NUL where a multi-byte character meets its 2 KB buffer end; the collected page drops it and nothing else', async () => {
		let reproduced = 0
		for (let padding = 0; padding < 64; padding++) {
			const element = page(padding)
			const expected = renderToStaticMarkup(element)
			const [raw, cleaned] = await Promise.all([
				render(element),
				render(element, true),
			])
			if (raw.includes(0)) reproduced++
			expect(cleaned.includes(0), `padding ${padding}`).toBe(false)
			expect(cleaned.toString('utf8'), `padding ${padding}`).toBe(expected)
		}
		// If React stops producing the NUL (an upgrade), this test says so: the filter can then go.
		expect(
			reproduced,
			'paddings for which React 18 emitted a NUL',
		).toBeGreaterThan(0)
	})
})

test('collectPage drops NUL bytes wherever they fall: first, last, several in a row, across chunks', async () => {
	const cases: Array<[string[], string]> = [
		[['\0abc'], 'abc'],
		[['abc\0'], 'abc'],
		[['a\0\0\0b', '\0c'], 'abc'],
		[['\0', '\0'], ''],
		[['é\0à', '', '«\0»'], 'éà«»'],
		[['nothing to drop'], 'nothing to drop'],
	]
	for (const [chunks, expected] of cases) {
		const page = await collectPage((sink) => {
			for (const chunk of chunks) sink.write(Buffer.from(chunk, 'utf8'))
			sink.end()
		})
		expect(Buffer.from(page).toString('utf8'), JSON.stringify(chunks)).toBe(
			expected,
		)
	}
})
