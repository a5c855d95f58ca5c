/** Prisma's error for a unique constraint (P2002): another request wrote the same record first. */
export function isUniqueViolation(error: unknown): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		(error as { code?: string }).code === 'P2002'
	)
}
