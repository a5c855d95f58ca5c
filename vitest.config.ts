import { defineConfig } from 'vitest/config'
import { applyHermeticEnv } from './tests/support/test-env.ts'

// Before any project starts: workers, global setups and the servers and
// commands tests start inherit fixed settings, not the caller's shell.
applyHermeticEnv()

export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: [
						'app/**/*.test.{ts,tsx}',
						'server/**/*.test.ts',
						'scripts/**/*.test.ts',
						'tests/support/**/*.test.ts',
					],
					environment: 'node',
				},
			},
			{
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					globalSetup: ['tests/support/integration-global-setup.ts'],
					setupFiles: ['tests/support/integration-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
				},
			},
			{
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/support/e2e-global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false,
				},
			},
			{
				// Misuse of the production server: access matrix, hostile input, accessibility.
				test: {
					name: 'hardening',
					include: ['tests/hardening/**/*.test.ts'],
					globalSetup: ['tests/support/e2e-global-setup.ts'],
					setupFiles: ['tests/support/server-db-setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					fileParallelism: false,
				},
			},
			{
				// Crashes, load and backups; quick by default, long with `npm run test:stress`.
				test: {
					name: 'stress',
					include: ['tests/stress/**/*.test.ts'],
					testTimeout: 600_000,
					hookTimeout: 180_000,
					fileParallelism: false,
					// After the other suites, alone: a load test competing with them for two cores measures them, not the app.
					sequence: { groupOrder: 1 },
				},
			},
			{
				test: {
					name: 'bench',
					include: ['tests/bench/**/*.test.ts'],
					testTimeout: 300_000,
					sequence: { groupOrder: 2 },
				},
			},
		],
	},
})
