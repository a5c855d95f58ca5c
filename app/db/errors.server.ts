type MaybeUniqueViolation = {
	code?: unknown
	meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }
}

/**
 * A unique constraint refused the write: another request wrote the same
 * record first. Prisma reports it as P2002 from its own queries and as P2010
 * (raw query failed) from `$executeRaw`; a direct transaction
 * (`writeTransaction`) gets better-sqlite3's error.
 */
export function isUniqueViolation(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false
	const { code, meta } = error as MaybeUniqueViolation
	return (
		code === 'P2002' ||
		code === 'SQLITE_CONSTRAINT_UNIQUE' ||
		code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
		(code === 'P2010' &&
			meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation')
	)
}
