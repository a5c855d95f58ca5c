import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startAppServer } from './server.ts'
import { startSmtpServer } from './smtp.ts'

export default async function setup(project: TestProject) {
	// Account messages go through a real SMTP server; tests read them from mailDir.
	const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'essor-e2e-mail-'))
	const smtp = await startSmtpServer({ dir: mailDir })
	let server
	try {
		server = await startAppServer({ SMTP_URL: smtp.url })
	} catch (error) {
		await smtp.stop()
		throw error
	}
	project.provide('baseURL', server.url)
	project.provide('serverDataDir', server.dataDir)
	project.provide('mailDir', mailDir)
	return async () => {
		await server.stop()
		await smtp.stop()
		fs.rmSync(mailDir, { recursive: true, force: true })
	}
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string
		serverDataDir: string
		mailDir: string
	}
}
