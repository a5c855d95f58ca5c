import { z } from 'zod'

// Shared by the forms (checked in the browser too) and the server.
export const PASSWORD_MIN_LENGTH = 10
// argon2 hashes any length, but a cap keeps a request from costing too much.
export const PASSWORD_MAX_LENGTH = 200

export const passwordSchema = z
	.string()
	.min(PASSWORD_MIN_LENGTH)
	.max(PASSWORD_MAX_LENGTH)
