import fs from 'node:fs'
import {
	verifyCode,
	verifyPdf,
	verifyToken,
	type Verification,
} from '#app/certificates/verify.server.ts'
import { prisma } from '#app/db.server.ts'

// npm run cert:verify -- <PDF file | credential file (.jwt/.json) | code | token>
// Exit 0: valid. Exit 1: revoked, forged, altered or unknown. Exit 2: usage.
const input = process.argv.slice(2).find((a) => !a.startsWith('--'))
if (!input) {
	console.error(
		'Usage: npm run cert:verify -- <certificate.pdf | credential.jwt | credential.json | ESR-XXXX-XXXX>',
	)
	process.exit(2)
}

let result: Verification
if (fs.existsSync(input) && fs.statSync(input).isFile()) {
	const bytes = fs.readFileSync(input)
	result =
		bytes.subarray(0, 5).toString('latin1') === '%PDF-'
			? await verifyPdf(new Uint8Array(bytes))
			: await verifyToken(bytes.toString('utf8'))
} else if (/^ESR-[A-Z0-9]{4}-[A-Z0-9]{4}$/i.test(input.trim())) {
	result = await verifyCode(input)
} else {
	result = await verifyToken(input)
}

const messages: Record<Verification['status'], string> = {
	valid:
		'VALID: recorded by Essor and not revoked (see what was checked below).',
	revoked: 'REVOKED: this certificate was withdrawn by its issuer.',
	altered:
		'ALTERED: this credential differs from the certificate recorded under its code.',
	forged: 'FORGED OR ALTERED: the signature does not match the content.',
	unknownKey: 'NOT OURS: signed with a key this issuer never published.',
	malformed: 'UNREADABLE: not an Essor certificate or credential.',
	noCredential: 'NO CREDENTIAL: this PDF carries no signed Essor credential.',
	notFound: 'UNKNOWN CODE: no certificate has this code.',
	mismatch:
		'MISMATCH: validly signed, but differs from the certificate recorded under this code.',
	missing: 'NOTHING TO CHECK: give a PDF, a credential or a code.',
	notPdf: 'NOT A PDF: this file is not a PDF document.',
	tooLarge: 'TOO LARGE: the file is over the upload limit.',
}
const categories: Record<string, string> = {
	issuedInError: 'issued in error',
	replaced: 'replaced by a new certificate',
	misconduct: "breach of the training's rules",
	other: 'other reason',
}
console.log(messages[result.status])
if (result.status === 'altered')
	console.log(`  first difference: ${result.field}`)
if (result.status === 'valid' || result.status === 'revoked') {
	console.log(
		`  code: ${result.code}\n  holder: ${result.holderName ?? '(hidden)'}\n  course: ${result.title}\n  issued: ${result.issuedAt.slice(0, 10)}`,
	)
	if (result.status === 'revoked')
		console.log(
			`  revoked: ${result.revokedAt?.slice(0, 10)} — ${categories[result.revokedCategory ?? 'other']}`,
		)
	console.log('Checked:')
	console.log(
		result.checked.includes('signature')
			? `  signature: issuer's signature holds (key ${result.kid})`
			: '  signature: NOT checked (what was given carries no signature)',
	)
	console.log(
		result.source === 'code'
			? '  record: a certificate exists under this code (database look-up only)'
			: '  record: identical, field by field, to the certificate recorded under its code',
	)
	console.log("  status: revocation read from Essor's database now")
}
await prisma.$disconnect()
process.exit(result.status === 'valid' ? 0 : 1)
