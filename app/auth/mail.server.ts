import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import { getEnv } from '#app/env.server.ts'

/**
 * Account messages. With SMTP_URL they go over SMTP; without it, each one is
 * written to DATA_DIR/outbox/ as an .eml file and printed to the log, so a
 * demo works without a mail server.
 */

export type Mail = { to: string; subject: string; text: string }
export type MailReceipt =
	{ via: 'smtp'; messageId: string } | { via: 'outbox'; file: string }

let smtp: { url: string; transport: Transporter } | undefined

function smtpTransport(url: string): Transporter {
	if (smtp?.url !== url)
		smtp = { url, transport: nodemailer.createTransport(url) }
	return smtp.transport
}

export function outboxDir(): string {
	return path.resolve(getEnv().DATA_DIR, 'outbox')
}

async function writeToOutbox(
	message: Mail & { from: string },
): Promise<string> {
	const { message: raw } = await nodemailer
		.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
		.sendMail(message)
	const dir = outboxDir()
	await fs.mkdir(dir, { recursive: true })
	const stamp = new Date().toISOString().replace(/[:.]/g, '-')
	const file = path.join(
		dir,
		`${stamp}-${crypto.randomBytes(4).toString('hex')}.eml`,
	)
	await fs.writeFile(file, raw as Buffer)
	return file
}

export async function sendMail(mail: Mail): Promise<MailReceipt> {
	const env = getEnv()
	const message = { ...mail, from: env.MAIL_FROM }
	if (env.SMTP_URL) {
		const info = await smtpTransport(env.SMTP_URL).sendMail(message)
		return { via: 'smtp', messageId: info.messageId }
	}
	const file = await writeToOutbox(message)
	console.log(
		`[mail] No SMTP_URL: message to ${mail.to} saved to ${file}\nSubject: ${mail.subject}\n\n${mail.text}\n[/mail]`,
	)
	return { via: 'outbox', file }
}
