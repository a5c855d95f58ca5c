import { expect, test } from 'vitest'
import { subresources } from './pack.server.ts'
import { isClientId } from './protocol.ts'

test('a page’s own stylesheets, icons, scripts and images are taken along; other sites’ and the manifest are not', () => {
	const html = `<head><link rel="stylesheet" href="/assets/app-1.css"/><link rel="icon" href="/favicon.svg" type="image/svg+xml"/><link rel="manifest" href="/manifest.fr.webmanifest"/><link rel="stylesheet" href="//cdn.example/x.css"/></head><body><img src="/content/a.png?v=1&amp;w=2" alt=""/><img src="https://example.org/b.png" alt=""/><script src="/offline.js" defer=""></script></body>`
	expect(subresources(html)).toEqual([
		'/assets/app-1.css',
		'/favicon.svg',
		'/offline.js',
		'/content/a.png?v=1&w=2',
	])
})

test('a phone id is 16 to 64 letters, digits, dashes or underscores', () => {
	expect(isClientId('0123456789abcdef0123456789abcdef')).toBe(true)
	expect(isClientId(crypto.randomUUID())).toBe(true)
	for (const bad of [
		'',
		'short',
		'x'.repeat(65),
		'a"><script>aaaaaaaa',
		null,
		42,
	])
		expect(isClientId(bad), String(bad)).toBe(false)
})
