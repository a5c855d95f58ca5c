import fs from 'node:fs'
import path from 'node:path'
import { SMTPServer } from 'smtp-server'

/** A real SMTP server on 127.0.0.1 for tests: keeps every message, and writes it to `dir` as .eml if given. */

export type ReceivedMail = {
	to: string[]
	subject: string
	text: string
	raw: string
}

function decodeQuotedPrintable(text: string): string {
	const binary = text
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
			String.fromCharCode(parseInt(hex, 16)),
		)
	return Buffer.from(binary, 'latin1').toString('utf8')
}

function decodeEncodedWords(header: string): string {
	return header.replace(
		/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi,
		(_, encoding: string, data: string) =>
			encoding.toUpperCase() === 'B'
				? Buffer.from(data, 'base64').toString('utf8')
				: decodeQuotedPrintable(data.replace(/_/g, ' ')),
	)
}

/** Enough of RFC 5322/MIME for the single-part text messages the app sends. */
export function parseMail(raw: string): ReceivedMail {
	const split = raw.search(/\r?\n\r?\n/)
	const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ')
	const body = raw.slice(split).replace(/^\r?\n\r?\n/, '')
	const headers = new Map<string, string>()
	for (const line of head.split(/\r?\n/)) {
		const colon = line.indexOf(':')
		if (colon > 0)
			headers.set(
				line.slice(0, colon).trim().toLowerCase(),
				line.slice(colon + 1).trim(),
			)
	}
	const encoding = headers.get('content-transfer-encoding')?.toLowerCase()
	const text =
		encoding === 'quoted-printable'
			? decodeQuotedPrintable(body)
			: encoding === 'base64'
				? Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8')
				: body
	const to = (headers.get('to') ?? '')
		.split(',')
		.map((a) => (/<([^>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase())
	return {
		to,
		subject: decodeEncodedWords(headers.get('subject') ?? ''),
		text,
		raw,
	}
}

export function findResetLink(text: string): string | null {
	return /https?:\/\/[^\s]+\/reset-password\/[a-z2-7]+/.exec(text)?.[0] ?? null
}

export type TestSmtpServer = {
	url: string
	messages: ReceivedMail[]
	waitForMail: (
		to: string,
		options?: { timeoutMs?: number; after?: number },
	) => Promise<ReceivedMail>
	stop: () => Promise<void>
}

async function poll<T>(
	find: () => T | undefined,
	timeoutMs: number,
	what: string,
): Promise<T> {
	const deadline = Date.now() + timeoutMs
	for (;;) {
		const found = find()
		if (found !== undefined) return found
		if (Date.now() > deadline)
			throw new Error(`No mail ${what} within ${timeoutMs} ms`)
		await new Promise((r) => setTimeout(r, 50))
	}
}

export async function startSmtpServer({
	dir,
}: { dir?: string } = {}): Promise<TestSmtpServer> {
	const messages: ReceivedMail[] = []
	let count = 0
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['AUTH', 'STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			const chunks: Buffer[] = []
			stream.on('data', (chunk: Buffer) => chunks.push(chunk))
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8')
				messages.push(parseMail(raw))
				if (dir)
					fs.writeFileSync(
						path.join(dir, `${String(++count).padStart(4, '0')}.eml`),
						raw,
					)
				callback()
			})
		},
	})
	const port = await new Promise<number>((resolve, reject) => {
		server.once('error', reject)
		server.listen(0, '127.0.0.1', () => {
			const address = server.server.address()
			resolve(typeof address === 'object' && address ? address.port : 0)
		})
	})
	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		waitForMail: (to, { timeoutMs = 10_000, after = 0 } = {}) =>
			poll(
				() =>
					messages.slice(after).find((m) => m.to.includes(to.toLowerCase())),
				timeoutMs,
				`to ${to}`,
			),
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}
}

/** For end-to-end tests, whose SMTP server runs in the global setup: the messages it wrote to `dir`. */
export function readMailDir(dir: string): ReceivedMail[] {
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.eml'))
		.sort()
		.map((f) => parseMail(fs.readFileSync(path.join(dir, f), 'utf8')))
}

export function waitForMailInDir(
	dir: string,
	to: string,
	{ timeoutMs = 15_000, after = 0 } = {},
): Promise<ReceivedMail> {
	return poll(
		() =>
			readMailDir(dir)
				.slice(after)
				.find((m) => m.to.includes(to.toLowerCase())),
		timeoutMs,
		`to ${to} in ${dir}`,
	)
}
