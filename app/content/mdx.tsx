import { getMDXComponent } from 'mdx-bundler/client'
import { useMemo } from 'react'
import { mdxComponents } from './mdx-components.tsx'

type MdxComponent = ReturnType<typeof getMDXComponent>

// Evaluating compiled MDX creates a new component: keep one per lesson text,
// so the server does it once per lesson, not once per request.
const cache = new Map<string, MdxComponent>()

function componentFor(code: string, key: string): MdxComponent {
	let component = cache.get(key)
	if (!component) {
		component = getMDXComponent(code)
		cache.set(key, component)
	}
	return component
}

export function MdxContent({
	code,
	cacheKey,
}: {
	code: string
	cacheKey: string
}) {
	const Component = useMemo(
		() => componentFor(code, cacheKey),
		[code, cacheKey],
	)
	return <Component components={mdxComponents} />
}
