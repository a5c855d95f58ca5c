import type { TestProject } from 'vitest/node'
import { startAppServer } from './server.ts'

export default async function setup(project: TestProject) {
	const server = await startAppServer()
	project.provide('baseURL', server.url)
	project.provide('serverDataDir', server.dataDir)
	return () => server.stop()
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string
		serverDataDir: string
	}
}
