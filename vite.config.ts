import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import { offlinePlugin } from './app/offline/vite-plugin.ts'

declare module '@remix-run/node' {
	interface Future {
		v3_singleFetch: true
	}
}

export default defineConfig({
	build: { cssMinify: true, target: 'es2020' },
	server: { watch: { ignored: ['**/data/**', '**/.cache/**'] } },
	plugins: [
		remix({
			ignoredRouteFiles: ['**/*.test.*'],
			future: {
				v3_fetcherPersist: true,
				v3_relativeSplatPath: true,
				v3_throwAbortReason: true,
				v3_singleFetch: true,
				v3_lazyRouteDiscovery: true,
				v3_routeConfig: true,
			},
		}),
		offlinePlugin(),
	],
})
