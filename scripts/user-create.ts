import { parseArgs } from 'node:util'
import { normalizeEmail, normalizePhone } from '#app/auth/identifier.ts'
import {
	generateReadablePassword,
	isCommonPassword,
} from '#app/auth/password.server.ts'
import {
	PASSWORD_MAX_LENGTH,
	PASSWORD_MIN_LENGTH,
} from '#app/auth/password-rules.ts'
import { isRole, roles } from '#app/auth/permissions.ts'
import { applyMigrations } from '#app/db/migrate.server.ts'
import { databasePath } from '#app/env.server.ts'

// npm run user:create -- --role admin --email awa@example.cm [--phone 677123456] [--name "Awa Ndiaye"] [--password ...]
// Never prompts (works in scripts and CI); without --password, prints a generated one once.

const USAGE = `Usage: npm run user:create -- --role ${roles.join('|')} (--email EMAIL | --phone PHONE) [--name NAME] [--password PASSWORD]`

function fail(message: string): never {
	console.error(`${message}\n${USAGE}`)
	process.exit(2)
}

let values
try {
	;({ values } = parseArgs({
		options: {
			role: { type: 'string' },
			email: { type: 'string' },
			phone: { type: 'string' },
			name: { type: 'string' },
			password: { type: 'string' },
		},
	}))
} catch (error) {
	fail(error instanceof Error ? error.message : String(error))
}

if (!isRole(values.role)) fail(`--role must be one of: ${roles.join(', ')}.`)
const email = values.email ? normalizeEmail(values.email) : null
if (values.email && !email)
	fail(`--email: "${values.email}" is not a valid email address.`)
const phone = values.phone ? normalizePhone(values.phone) : null
if (values.phone && !phone)
	fail(
		`--phone: "${values.phone}" is not a valid phone number (Cameroon 6XXXXXXXX, Morocco 0XXXXXXXXX, or +country code).`,
	)
if (!email && !phone) fail('Give --email or --phone (or both).')
const name = values.name?.trim() || (email ? email.split('@')[0]! : phone!)
const generated = values.password === undefined
const password = values.password ?? generateReadablePassword()
if (
	password.length < PASSWORD_MIN_LENGTH ||
	password.length > PASSWORD_MAX_LENGTH
) {
	fail(
		`--password must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`,
	)
}
if (isCommonPassword(password))
	fail('--password is one of the most common passwords: choose another one.')

await applyMigrations(databasePath())
const { prisma } = await import('#app/db.server.ts')
const { createUser } = await import('#app/auth/users.server.ts')
try {
	const taken = await prisma.user.findFirst({
		where: {
			OR: [...(email ? [{ email }] : []), ...(phone ? [{ phone }] : [])],
		},
	})
	if (taken) {
		console.error(
			`An account already uses ${taken.email === email && email ? email : phone}: nothing created.`,
		)
		process.exitCode = 1
	} else {
		const user = await createUser({
			name,
			email,
			phone,
			role: values.role,
			password,
		})
		console.log(
			`Created ${user.role} "${user.name}" (${[user.email, user.phone].filter(Boolean).join(', ')}).`,
		)
		if (generated)
			console.log(
				`Password: ${password}\n(shown once: sign in and change it on /account)`,
			)
	}
} finally {
	await prisma.$disconnect()
}
