import { defineConfig } from 'prisma/config'

// NOTE: the app resolves DATABASE_URL itself (app/env.server.ts); this file only
// serves Prisma's CLI on machines where it can download its engine.
export default defineConfig({
	schema: 'prisma/schema.prisma',
	migrations: { path: 'prisma/migrations' },
	datasource: { url: process.env.DATABASE_URL ?? 'file:./data/essor.db' },
})
