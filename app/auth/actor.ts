/** Who asks: every query that a person's role limits takes one (the role as stored; permissions.ts reads it). */
export type Actor = { id: string; role: string }
