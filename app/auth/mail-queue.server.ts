import { prisma } from '#app/db.server.ts'
import { getEnv } from '#app/env.server.ts'
import { sendMail, type Mail } from './mail.server.ts'

/**
 * Mail that may come in bulk (import invitations) or must not delay a page
 * (sign-up notices) waits in the OutboundMail table. Every server process
 * runs a small loop that claims due rows one by one (a conditional update, so
 * two processes never send the same row) and sends them, keeping each
 * sender's hourly limit: a 5,000-row import is queued in one insert and goes
 * out at MAIL_INVITES_PER_HOUR per trainer while pages keep answering.
 */

const BATCH = 20
const MAX_ATTEMPTS = 5
// A claim older than this belongs to a process that died while sending.
const CLAIM_TIMEOUT_MS = 5 * 60_000
const HOUR_MS = 60 * 60_000
const RETRY_BASE_MS = 60_000

export type QueuedMail = Mail & { quotaKey?: string | null }

/** Quota key for the invitations a trainer's imports send. */
export const inviteQuotaKey = (trainerId: string) => `invite:${trainerId}`

export async function enqueueMails(mails: QueuedMail[]): Promise<number> {
	if (mails.length === 0) return 0
	const { count } = await prisma.outboundMail.createMany({
		data: mails.map((m) => ({
			to: m.to,
			subject: m.subject,
			text: m.text,
			quotaKey: m.quotaKey ?? null,
		})),
	})
	kickMailWorker()
	return count
}

function hourlyLimit(quotaKey: string): number {
	return quotaKey.startsWith('invite:')
		? getEnv().MAIL_INVITES_PER_HOUR
		: Number.POSITIVE_INFINITY
}

export type QueueRun = { sent: number; failed: number; deferred: number }

/** Sends what is due now (at most `batch` messages); safe to run in several processes at once. */
export async function processMailQueue({
	now = new Date(),
	batch = BATCH,
}: { now?: Date; batch?: number } = {}): Promise<QueueRun> {
	const run: QueueRun = { sent: 0, failed: 0, deferred: 0 }
	const due = await prisma.outboundMail.findMany({
		where: {
			sentAt: null,
			failedAt: null,
			sendAfter: { lte: now },
			OR: [
				{ claimedAt: null },
				{ claimedAt: { lt: new Date(now.getTime() - CLAIM_TIMEOUT_MS) } },
			],
		},
		orderBy: { createdAt: 'asc' },
		take: batch,
		select: { id: true, quotaKey: true, claimedAt: true, attempts: true },
	})
	const used = new Map<string, number>()
	for (const mail of due) {
		if (mail.quotaKey) {
			let count = used.get(mail.quotaKey)
			if (count === undefined) {
				count = await prisma.outboundMail.count({
					where: {
						quotaKey: mail.quotaKey,
						OR: [
							{ sentAt: { gt: new Date(now.getTime() - HOUR_MS) } },
							{ sentAt: null, claimedAt: { not: null } },
						],
					},
				})
			}
			if (count >= hourlyLimit(mail.quotaKey)) {
				run.deferred++
				used.set(mail.quotaKey, count)
				continue
			}
			used.set(mail.quotaKey, count + 1)
		}
		const claimed = await prisma.outboundMail.updateMany({
			where: { id: mail.id, sentAt: null, claimedAt: mail.claimedAt },
			data: { claimedAt: now },
		})
		if (claimed.count !== 1) continue
		const row = await prisma.outboundMail.findUniqueOrThrow({
			where: { id: mail.id },
		})
		try {
			await sendMail({ to: row.to, subject: row.subject, text: row.text })
			await prisma.outboundMail.update({
				where: { id: row.id },
				data: { sentAt: new Date(), attempts: row.attempts + 1 },
			})
			run.sent++
		} catch (error) {
			const attempts = row.attempts + 1
			const message = error instanceof Error ? error.message : String(error)
			await prisma.outboundMail.update({
				where: { id: row.id },
				data: {
					attempts,
					claimedAt: null,
					lastError: message.slice(0, 500),
					sendAfter: new Date(Date.now() + RETRY_BASE_MS * 2 ** (attempts - 1)),
					failedAt: attempts >= MAX_ATTEMPTS ? new Date() : null,
				},
			})
			console.error(`[mail] Sending queued message ${row.id} failed:`, message)
			run.failed++
		}
	}
	return run
}

/** Messages of one sender still waiting (for the trainer's import page). */
export async function pendingMailCount(quotaKey: string): Promise<number> {
	return prisma.outboundMail.count({
		where: { quotaKey, sentAt: null, failedAt: null },
	})
}

let timer: NodeJS.Timeout | undefined
let running: Promise<unknown> | undefined

function tick() {
	running ??= processMailQueue()
		.catch((error: unknown) => console.error('[mail] Queue run failed:', error))
		.finally(() => (running = undefined))
	return running
}

/** Starts the queue loop of this process (server start; never in tests that do not ask). */
export function startMailWorker(intervalMs = 2_000) {
	if (timer) return
	timer = setInterval(tick, intervalMs)
	timer.unref()
	void tick()
}

export function stopMailWorker() {
	if (timer) clearInterval(timer)
	timer = undefined
}

export function kickMailWorker() {
	if (timer) setImmediate(tick)
}
