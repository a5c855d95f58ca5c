import { createPrismaClient } from '#app/db.server.ts'
import { seedIfEmpty } from '../prisma/seed.ts'

const prisma = createPrismaClient()
console.log(
	(await seedIfEmpty(prisma))
		? 'Seeded the demo data.'
		: 'The database already has users: nothing seeded.',
)
await prisma.$disconnect()
