// Generates the Prisma client offline. Prisma's CLI insists on a schema-engine
// binary path even though `generate` never runs it; where the binary cannot be
// downloaded (no access to Prisma's host) any existing file satisfies the check.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const env = { ...process.env }
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url)
env.PRISMA_HIDE_UPDATE_MESSAGE = '1'
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], {
	stdio: 'inherit',
	env,
})
process.exit(result.status ?? 1)
