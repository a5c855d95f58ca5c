import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import {
	acceptedEncoding,
	encodePage,
	pageEncoding,
} from './page-encoding.server.ts'

const KB = 1024
const get = (acceptEncoding?: string, method = 'GET') =>
	new Request('http://x/courses', {
		method,
		headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {},
	})
const none = new Headers()

test('a page is compressed as the compression middleware would: brotli first, then gzip, as the client accepts them', () => {
	// What browsers send.
	expect(pageEncoding(get('gzip, deflate, br, zstd'), none, 20 * KB)).toBe('br')
	expect(pageEncoding(get('gzip, deflate'), none, 20 * KB)).toBe('gzip')
	expect(pageEncoding(get('gzip'), none, 20 * KB)).toBe('gzip')
	// Qualities count; among equals, brotli.
	expect(pageEncoding(get('br;q=0.5, gzip'), none, 20 * KB)).toBe('gzip')
	expect(pageEncoding(get('*'), none, 20 * KB)).toBe('br')
	expect(pageEncoding(get('br;q=0, *'), none, 20 * KB)).toBe('gzip')
	// Nothing here: the client refuses both, or asks for deflate alone (left to the middleware).
	expect(pageEncoding(get('gzip;q=0, br;q=0'), none, 20 * KB)).toBeNull()
	expect(pageEncoding(get('identity'), none, 20 * KB)).toBeNull()
	expect(pageEncoding(get('deflate'), none, 20 * KB)).toBeNull()
	expect(pageEncoding(get(), none, 20 * KB)).toBeNull()
})

test('small, very large and HEAD answers, and no-transform ones, are not compressed here', () => {
	expect(pageEncoding(get('gzip'), none, 1023)).toBeNull()
	expect(pageEncoding(get('gzip'), none, 1024)).toBe('gzip')
	expect(pageEncoding(get('gzip'), none, 256 * KB)).toBe('gzip')
	expect(pageEncoding(get('gzip'), none, 256 * KB + 1)).toBeNull()
	expect(pageEncoding(get('gzip', 'HEAD'), none, 20 * KB)).toBeNull()
	expect(
		pageEncoding(
			get('gzip'),
			new Headers({ 'Cache-Control': 'private, no-transform' }),
			20 * KB,
		),
	).toBeNull()
})

test('a compressed page decodes to the same bytes', () => {
	const page = new Uint8Array(
		Buffer.from(
			`<!DOCTYPE html><html lang="fr">${'<p>Économie sociale et solidaire</p>'.repeat(100)}</html>`,
		),
	)
	const gzipped = encodePage(page, 'gzip')
	expect(gzipped.length).toBeLessThan(page.length / 5)
	expect(new Uint8Array(gunzipSync(gzipped))).toEqual(page)
	const brotli = encodePage(page, 'br')
	expect(brotli.length).toBeLessThan(page.length / 5)
	expect(new Uint8Array(brotliDecompressSync(brotli))).toEqual(page)
})

test('the header alone, as the page cache reads it: the same choice and size limits', () => {
	expect(acceptedEncoding('gzip, deflate, br', 20 * KB)).toBe('br')
	expect(acceptedEncoding('*', 20 * KB)).toBe('br')
	expect(acceptedEncoding('gzip', 20 * KB)).toBe('gzip')
	expect(acceptedEncoding('br, gzip;q=0.8', 20 * KB)).toBe('br')
	expect(acceptedEncoding('gzip;q=0, identity', 20 * KB)).toBeNull()
	expect(acceptedEncoding('br', 20 * KB)).toBe('br')
	expect(acceptedEncoding(undefined, 20 * KB)).toBeNull()
	expect(acceptedEncoding('gzip', 1023)).toBeNull()
	expect(acceptedEncoding('gzip', 256 * KB + 1)).toBeNull()
})
