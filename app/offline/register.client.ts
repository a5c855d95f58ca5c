import { client as en } from '../i18n/locales/en/offline.json'
import { client as fr } from '../i18n/locales/fr/offline.json'
import {
	CLIENT_ID_FIELD,
	LESSON_PATH,
	type OfflinePack,
	type OfflineState,
	type PageMessage,
	type SaveFailed,
	type SaveProgress,
} from './protocol.ts'

/**
 * The page side of offline use (bundled to /offline.js, loaded by every page,
 * the pages without JavaScript included: nothing here is needed to read or
 * answer). Registers the service worker, gives quiz and read forms the id the
 * phone makes for them, shows what waits to be sent, offers "save this
 * course" and warns before a sign-out would drop unsent answers. The service
 * worker holds the data; this script only asks it.
 */

type Entry = OfflineState['queue'][number]

const sw = navigator.serviceWorker as ServiceWorkerContainer | undefined
const lang = document.documentElement.lang === 'en' ? 'en' : 'fr'
const text = lang === 'en' ? en : fr
const timeZone = document.currentScript?.dataset.tz
let current: OfflineState | null = null

function t(key: keyof typeof fr, values: Record<string, string | number> = {}) {
	return text[key].replace(/\{\{(\w+)\}\}/g, (_, k: string) =>
		String(values[k] ?? ''),
	)
}
const when = (ms: number) =>
	new Date(ms).toLocaleString(lang, {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone,
	})
const size = (bytes: number) =>
	new Intl.NumberFormat(lang, {
		style: 'unit',
		unit: 'kilobyte',
		maximumFractionDigits: 0,
	}).format(Math.max(1, Math.round(bytes / 1000)))

function el(
	tag: string,
	props: Record<string, string> = {},
	...children: (Node | string | null)[]
) {
	const node = document.createElement(tag)
	for (const [k, v] of Object.entries(props)) node.setAttribute(k, v)
	node.append(...children.filter((c) => c !== null))
	return node
}

const isWaiting = (e: Entry) => e.state === 'waiting' || e.state === 'signin'

/** Quiz answers and read marks carry an id made here, so that sending them twice records them once. */
function addClientIds() {
	for (const input of document.querySelectorAll<HTMLInputElement>(
		'form input[name=intent]',
	)) {
		const form = input.form
		if (!form || !['quiz', 'read'].includes(input.value)) continue
		if (form.elements.namedItem(CLIENT_ID_FIELD)) continue
		const bytes = crypto.getRandomValues(new Uint8Array(16))
		const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
		form.append(
			el('input', {
				type: 'hidden',
				name: CLIENT_ID_FIELD,
				value: id.join(''),
			}),
		)
	}
}

async function worker(): Promise<ServiceWorker | null> {
	if (!sw) return null
	if (sw.controller) return sw.controller
	await sw.ready
	return (
		sw.controller ??
		new Promise((resolve) =>
			sw.addEventListener('controllerchange', () => resolve(sw.controller), {
				once: true,
			}),
		)
	)
}

/** Asks the service worker; resolves to its answer (null without one). */
async function ask(
	message: PageMessage,
	onProgress?: (p: SaveProgress) => void,
): Promise<OfflineState | SaveFailed | null> {
	const target = message.type === 'save' ? await worker() : sw?.controller
	if (!target) return null
	return new Promise((resolve) => {
		const channel = new MessageChannel()
		channel.port1.onmessage = (e: MessageEvent<SaveProgress | OfflineState>) =>
			e.data.type === 'progress' ? onProgress?.(e.data) : resolve(e.data)
		target.postMessage(message, [channel.port2])
	})
}

/**
 * A page hydrated by React must not change under it before hydration is done
 * (a node it did not render would make it render the page anew): the panels
 * wait for Remix's router. Pages without JavaScript have none.
 */
const hydrated: Promise<unknown> =
	'__remixContext' in window
		? new Promise<void>((resolve) => {
				const started = Date.now()
				const check = () =>
					'__remixRouter' in window || Date.now() - started > 10_000
						? resolve()
						: setTimeout(check, 50)
				check()
			})
		: Promise.resolve()

async function refresh(type: 'state' | 'flush' = 'state') {
	const [answer] = await Promise.all([ask({ type }), hydrated])
	if (answer?.type !== 'state') return
	current = answer
	renderQueue(answer.queue)
	renderLesson(answer.queue)
	renderSaved(answer)
}

function entryLabel(e: Entry) {
	return e.intent === 'quiz'
		? t('quizItem', { title: e.title, attempt: e.attempt ?? '' })
		: t('readItem', { title: e.title })
}

function entryState(e: Entry) {
	if (e.state === 'waiting') return t('waiting', { date: when(e.madeAt) })
	if (e.state === 'signin') return t('signin')
	return t(e.state, { date: when(e.sentAt ?? e.madeAt) })
}

/** On every page: what waits to be sent from this phone, and what was sent when. */
function renderQueue(queue: Entry[]) {
	document.getElementById('offline-queue')?.remove()
	if (!queue.length) return
	const waiting = queue.filter(isWaiting).length
	const items = queue.map((e) =>
		el(
			'li',
			{ 'data-state': e.state },
			`${entryLabel(e)} : ${entryState(e)}`,
			isWaiting(e) ? null : ' ',
			isWaiting(e)
				? null
				: el('a', { href: e.resultUrl ?? e.url }, t('result')),
		),
	)
	const dismiss =
		waiting < queue.length
			? el('button', { type: 'button', class: 'link-button' }, t('dismiss'))
			: null
	dismiss?.addEventListener('click', () =>
		ask({ type: 'dismiss' }).then(() => refresh()),
	)
	const panel = el(
		'details',
		{ id: 'offline-queue', class: 'offline-queue' },
		el('summary', {}, t('summary', { waiting, sent: queue.length - waiting })),
		el('ul', {}, ...items),
		dismiss,
	)
	document.querySelector('main')?.prepend(panel)
}

/** On a lesson page: answers kept or sent for the attempt this page shows replace its form. */
function renderLesson(queue: Entry[]) {
	if (!LESSON_PATH.test(location.pathname)) return
	const mine = queue.filter((e) => e.url === location.pathname)
	const quiz = document.querySelector<HTMLFormElement>('#quiz form')
	const attempt = quiz?.querySelector<HTMLInputElement>('[name=attempt]')?.value
	const answered = mine.find(
		(e) => e.intent === 'quiz' && String(e.attempt) === attempt,
	)
	show(
		quiz,
		'offline-quiz',
		answered &&
			(isWaiting(answered)
				? [t('quizWaiting', { attempt: attempt!, date: when(answered.madeAt) })]
				: [
						t('quizSent', {
							attempt: attempt!,
							date: when(answered.sentAt ?? answered.madeAt),
						}),
						' ',
						el(
							'a',
							{ href: answered.resultUrl ?? location.pathname },
							t('result'),
						),
					]),
	)
	const read = document
		.querySelector('form input[name=intent][value=read]')
		?.closest('form')
	const marked = mine.find((e) => e.intent === 'read' && isWaiting(e))
	show(
		read,
		'offline-read',
		marked && [t('readWaiting', { date: when(marked.madeAt) })],
	)
}

function show(
	form: HTMLFormElement | null | undefined,
	id: string,
	notice: (string | Node)[] | undefined,
) {
	if (!form) return
	document.getElementById(id)?.remove()
	form.hidden = Boolean(notice)
	if (notice)
		form.before(el('p', { id, class: 'notice', role: 'status' }, ...notice))
}

/** The offline page lists the courses saved on this phone; a course page says whether it is saved. */
function renderSaved(state: OfflineState) {
	const list = document.querySelector<HTMLElement>('[data-offline-saved]')
	if (list) {
		list.hidden = !state.saved.length
		list
			.querySelector('ul')
			?.replaceChildren(
				...state.saved.map((s) =>
					el('li', {}, el('a', { href: `/courses/${s.course}` }, s.title)),
				),
			)
	}
	renderSave()
}

let pack: OfflinePack | null | undefined

/** The course page's "save for offline use": its size first, then its progress, then when it was saved. */
function renderSave(message?: string) {
	const section = document.querySelector<HTMLElement>('[data-offline-pack]')
	if (!section) return
	section.hidden = false
	const status = section.querySelector('[role=status]')!
	const button = section.querySelector('button')!
	if (!sw) {
		status.textContent = t('unsupported')
		button.hidden = true
		return
	}
	const course = section.dataset.course
	const saved = current?.saved.find((s) => s.course === course)
	button.textContent = saved ? t('update') : t('save')
	button.hidden = pack === null && !saved
	status.textContent =
		message ??
		(saved
			? t('saved', { date: when(saved.savedAt), size: size(saved.bytes) })
			: pack
				? t('size', { size: size(pack.bytes) })
				: pack === null
					? t('sizeUnknown')
					: '')
}

function setupSave() {
	const section = document.querySelector<HTMLElement>('[data-offline-pack]')
	if (!section || !sw) return renderSave()
	const url = section.dataset.offlinePack!
	fetch(url)
		.then((r) => (r.ok ? (r.json() as Promise<OfflinePack>) : null))
		.catch(() => null)
		.then((p) => {
			pack = p
			renderSave()
		})
	const button = section.querySelector('button')!
	button.addEventListener('click', async () => {
		button.disabled = true
		const total = pack?.items.length ?? 0
		renderSave(t('saving', { done: 0, total }))
		const answer = await ask({ type: 'save', pack: url }, (p) =>
			renderSave(t('saving', { done: p.done, total: p.total })),
		)
		button.disabled = false
		if (answer?.type === 'state') {
			current = answer
			renderSave()
		} else renderSave(t('failed'))
	})
	renderSave()
}

/** Signing out drops this person's unsent answers from the phone: try to send them, then ask. */
function guardSignOut() {
	document.addEventListener(
		'submit',
		(event) => {
			const form = event.target as HTMLFormElement
			if (new URL(form.action).pathname !== '/logout' || form.dataset.confirmed)
				return
			const waiting = current?.queue.filter(isWaiting).length ?? 0
			if (!waiting) return
			event.preventDefault()
			void ask({ type: 'flush' }).then((after) => {
				const left =
					after?.type === 'state'
						? after.queue.filter(isWaiting).length
						: waiting
				if (left && !confirm(t('logoutConfirm', { count: left }))) return
				form.dataset.confirmed = '1'
				form.submit()
			})
		},
		true,
	)
}

/**
 * Without a connection, a link of a hydrated page is followed as a plain
 * link: the service worker answers with the kept page or the offline page,
 * where Remix would first fetch the page's data and code, and fail.
 */
function followLinksOffline() {
	document.addEventListener(
		'click',
		(event) => {
			const link = (event.target as Element).closest?.('a')
			if (
				navigator.onLine ||
				!link ||
				link.origin !== location.origin ||
				link.target ||
				event.defaultPrevented ||
				event.button !== 0 ||
				event.metaKey ||
				event.ctrlKey ||
				event.shiftKey
			)
				return
			event.preventDefault()
			event.stopImmediatePropagation()
			location.href = link.href
		},
		true,
	)
}

if (sw) {
	addClientIds()
	followLinksOffline()
	addEventListener('load', () => {
		sw.register('/sw.js').catch(() => undefined)
	})
	sw.addEventListener('message', (e: MessageEvent<{ type?: string }>) => {
		if (e.data?.type === 'changed') void refresh()
	})
	sw.addEventListener('controllerchange', () => void refresh())
	addEventListener('online', () => void refresh('flush'))
	guardSignOut()
	void refresh(navigator.onLine ? 'flush' : 'state')
}
setupSave()
