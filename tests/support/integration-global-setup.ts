import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { applyMigrations } from '#app/db/migrate.server.ts'

/** Builds the template database from the migrations once per run. */
export default async function setup(project: TestProject) {
	const dir = path.resolve(import.meta.dirname, '../../.cache/test')
	fs.mkdirSync(dir, { recursive: true })
	const template = path.join(dir, `template-${process.pid}.db`)
	for (const suffix of ['', '-wal', '-shm'])
		fs.rmSync(template + suffix, { force: true })
	await applyMigrations(template)
	project.provide('templateDb', template)
	return () => {
		for (const suffix of ['', '-wal', '-shm'])
			fs.rmSync(template + suffix, { force: true })
	}
}

declare module 'vitest' {
	export interface ProvidedContext {
		templateDb: string
	}
}
