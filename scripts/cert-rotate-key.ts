import {
	createIssuerKey,
	loadIssuerKeys,
} from '#app/certificates/keys.server.ts'

// Creates a new signing key. Older keys stay published, so certificates they signed stay valid.
await loadIssuerKeys()
const key = await createIssuerKey()
console.log(
	`New issuer key ${key.kid} created; it signs from the next start of the server.`,
)
