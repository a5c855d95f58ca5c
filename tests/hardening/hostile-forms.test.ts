import fc from 'fast-check'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { roles } from '#app/auth/permissions.ts'
import {
	countries,
	genders,
	migrations,
	situations,
} from '#app/auth/profile.ts'
import {
	cohortKinds,
	legalForms,
	sessionKinds,
	stages,
} from '#app/cohorts/constants.ts'
import en from '#app/i18n/locales/en.ts'
import fr from '#app/i18n/locales/fr.ts'
import { createUser } from '#tests/support/factories.ts'
import {
	createWorld,
	WORLD_COURSE,
	type World,
	type WorldRole,
} from '#tests/support/world.ts'
import {
	anyDate,
	cookieHeader,
	encodeBody,
	encodings,
	expectHandled,
	formEntries,
	fuzzParams,
	hostileBytes,
	hostileString,
	langs,
	multipartBody,
	post,
	SEED,
	unknownIntentEntries,
	type Entry,
	type Fields,
	type Lang,
} from './hostile.ts'

/**
 * Every form of the app, posted to the production server with generated
 * hostile bodies (fast-check): overlong, control and invalid UTF-8 text,
 * markup and SQL, numbers and repeated keys where text is expected, missing
 * fields, unknown intents, in urlencoded, raw-byte and multipart encodings.
 * Whatever the body, the answer is never a 5xx, and a 4xx names the problem
 * in the request's language (see expectHandled in hostile.ts).
 *
 * The sign-in forms come last: they are rate limited per client address, and
 * every request here comes from 127.0.0.1 (a 429 is a valid answer there).
 */

const baseURL = inject('baseURL')
let world: World
let spare: { id: string }
let cases = 0
const started = Date.now()

beforeAll(async () => {
	world = await createWorld()
	// Role changes in the admin fuzz land on this person, not on the world's.
	spare = await createUser({ role: 'learner', name: 'Cible des rôles' })
})

afterAll(() => {
	console.log(
		`hostile forms: fuzz cases: ${cases} (seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
	)
})

const pick = <T extends string>(values: readonly T[]) =>
	fc.constantFrom(...values)
const text = (...samples: string[]) => fc.constantFrom(...samples)

function describeEntries(entries: Entry[]) {
	const shown = entries.map(
		([k, v]) =>
			`${JSON.stringify(k.slice(0, 40))}=${typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v) : `0x${Buffer.from(v).toString('hex').slice(0, 60)}`}`,
	)
	return shown.join(' & ')
}

type Variant = { intent?: string; fields: Fields }
type FormSpec = {
	role: WorldRole
	url: (w: World) => string
	variants: (w: World) => Variant[]
	/** Also posts unknown intents with arbitrary fields. */
	unknownIntents?: boolean
	runs: number
}

let offset = 0
async function fuzzForm(label: string, spec: FormSpec) {
	const seedOffset = offset++
	const variants = spec
		.variants(world)
		.map((v) => formEntries(v.fields, { intent: v.intent }))
	if (spec.unknownIntents) variants.push(unknownIntentEntries)
	await fc.assert(
		fc.asyncProperty(
			fc.oneof(...variants),
			langs,
			encodings,
			async (entries, lang, encoding) => {
				cases++
				const { body, contentType } = encodeBody(entries, encoding)
				const url = spec.url(world)
				const response = await post(baseURL, url, {
					body,
					contentType,
					cookie: cookieHeader(world.cookies[spec.role], lang),
				})
				await expectHandled(
					response,
					lang,
					`POST ${url} as ${spec.role} [${encoding}, ${lang}] ${describeEntries(entries)}`,
				)
			},
		),
		fuzzParams(spec.runs, seedOffset),
	)
}

const profileFields: Fields = {
	name: text('Awa Mbarga', 'Jean-Pierre N’Diaye', 'Fatima Zahra El Idrissi'),
	gender: pick(genders),
	birthYear: fc.integer({ min: 1900, max: 2030 }).map(String),
	country: pick(countries),
	region: text('Centre', 'Souss-Massa', ''),
	commune: text('Yaoundé 1', 'Agadir', ''),
	situation: pick(situations),
	migration: pick(migrations),
	language: text('fr', 'en'),
	consent: text('on', 'true', '1'),
}

const cohortFields: Fields = {
	name: text('Cohorte de Douala', 'Promo 2026'),
	programme: text('PAJER-U', 'Programme communes'),
	kind: pick(cohortKinds),
	courses: text(WORLD_COURSE, 'creer-son-entreprise', 'genre-et-inclusion'),
	country: text('CM', 'MA', 'cm'),
	region: text('Littoral', ''),
	communes: text('Douala 1, Douala 3', 'Agadir;Inezgane', ''),
	startDate: anyDate,
	endDate: anyDate,
	capacity: fc.oneof(
		fc.integer({ min: -5, max: 200_000 }).map(String),
		text(''),
	),
}

test('account: profile, contact, password, delete, sessions, unknown intents', async () => {
	// One form per section of the account page, each posted to its own URL.
	const sections: [string, number, Variant[], boolean?][] = [
		['profile', 25, [{ fields: profileFields }]],
		[
			'contact',
			20,
			[
				{
					fields: {
						email: text('awa@example.cm', ''),
						phone: text('6 77 12 34 56', '+212612345678', ''),
						password: text('Correct-Horse-Battery-9'),
					},
				},
			],
		],
		[
			'password',
			15,
			[
				{
					fields: {
						currentPassword: text('Correct-Horse-Battery-9'),
						newPassword: text('Un-Nouveau-Mot-2-Passe'),
						confirmPassword: text('Un-Nouveau-Mot-2-Passe'),
					},
				},
			],
		],
		['delete', 10, [{ fields: { password: text('Correct-Horse-Battery-9') } }]],
		[
			'sessions',
			20,
			[
				{
					intent: 'end-session',
					fields: { sessionId: text('clx0000000000000000000000') },
				},
			],
			true,
		],
	]
	for (const [section, runs, variants, unknownIntents] of sections)
		await fuzzForm(`account ${section}`, {
			role: 'learner',
			url: () => `/account/${section}`,
			unknownIntents,
			runs,
			variants: () => variants,
		})
})

test('my certificates: show or hide my name', async () => {
	await fuzzForm('account certificates', {
		role: 'learner',
		url: () => '/account/certificates',
		runs: 30,
		variants: (w) => [
			{
				fields: {
					code: text(w.params.code!, 'ESR-0000-0000'),
					showName: text('0', '1'),
				},
			},
		],
	})
})

test('people: role changes (admin) and reset links (admin, trainer)', async () => {
	const variants = () => [
		{ intent: 'role', fields: { userId: text(spare.id), role: pick(roles) } },
		{
			intent: 'reset-link',
			fields: { userId: text(spare.id, world.params.learnerId!) },
		},
	]
	await fuzzForm('admin users', {
		role: 'admin',
		url: () => '/admin/users?q=a&page=2',
		unknownIntents: true,
		runs: 50,
		variants,
	})
	await fuzzForm('trainer users', {
		role: 'trainer',
		url: () => '/admin/users',
		unknownIntents: true,
		runs: 20,
		variants,
	})
})

test('cohorts: new cohort and settings', async () => {
	await fuzzForm('new cohort', {
		role: 'trainer',
		url: () => '/cohorts/new',
		runs: 60,
		variants: () => [{ fields: cohortFields }],
	})
	await fuzzForm('cohort settings', {
		role: 'trainer',
		url: (w) => `/cohorts/${w.params.cohortId}/settings`,
		unknownIntents: true,
		runs: 60,
		variants: () => [
			{ fields: cohortFields },
			{
				intent: 'add-trainer',
				fields: {
					identifier: text(
						'personne@example.test',
						'6 77 12 34 56',
						world.users.otherTrainer.email!,
					),
				},
			},
		],
	})
})

test('cohort dashboard: join code and enrolment', async () => {
	await fuzzForm('cohort dashboard', {
		role: 'trainer',
		url: (w) => `/cohorts/${w.params.cohortId}`,
		unknownIntents: true,
		runs: 30,
		variants: () => [
			{ intent: 'rotate-code', fields: {} },
			{ intent: 'close', fields: {} },
			{ intent: 'open', fields: {} },
		],
	})
})

test('cohort import: confirming a preview', async () => {
	await fuzzForm('import confirm', {
		role: 'trainer',
		url: (w) => `/cohorts/${w.params.cohortId}/import`,
		runs: 20,
		variants: (w) => [{ fields: { batchId: text(w.params.batchId!) } }],
	})
})

test('learner in a cohort: stage, activity created, follow-up, unknown intents', async () => {
	await fuzzForm('learner detail', {
		role: 'trainer',
		url: (w) =>
			`/cohorts/${w.params.cohortId}/learners/${w.params.enrollmentId}`,
		unknownIntents: true,
		runs: 60,
		variants: () => [
			{ intent: 'stage', fields: { stage: pick(stages), date: anyDate } },
			{
				intent: 'created',
				fields: { legalForm: pick(legalForms), date: anyDate },
			},
			{
				intent: 'followup',
				fields: { date: anyDate, notes: text('Visite sur site', '') },
			},
		],
	})
})

test('training sessions and attendance', async () => {
	await fuzzForm('new session', {
		role: 'trainer',
		url: (w) => `/cohorts/${w.params.cohortId}/sessions`,
		runs: 40,
		variants: () => [
			{
				fields: {
					kind: pick(sessionKinds),
					title: text('Atelier 2', 'Bootcamp'),
					date: anyDate,
					notes: text('', 'Salle municipale'),
				},
			},
		],
	})
	await fuzzForm('attendance', {
		role: 'trainer',
		url: (w) => `/cohorts/${w.params.cohortId}/sessions/${w.params.sessionId}`,
		runs: 30,
		variants: (w) => [
			{
				fields: {
					present: text(w.params.learnerId!, w.params.otherLearnerId!),
				},
			},
		],
	})
})

test('cohort certificates: bulk, in person, revoke, reissue, unknown intents', async () => {
	await fuzzForm('cohort certificates', {
		role: 'trainer',
		url: (w) => `/cohorts/${w.params.cohortId}/certificates`,
		unknownIntents: true,
		runs: 60,
		variants: (w) => [
			{ intent: 'bulk', fields: {} },
			{
				intent: 'in-person',
				fields: {
					title: text('Atelier comptabilité'),
					hours: text('3', '0,5', '1000', '12.5'),
					date: anyDate,
					userIds: text(w.params.learnerId!),
				},
			},
			{
				intent: 'revoke',
				fields: {
					code: text(w.params.code!, 'ESR-0000-0000'),
					reason: text('Erreur de saisie'),
				},
			},
			{
				intent: 'reissue',
				fields: { code: text(w.params.revokedCode!, w.params.code!) },
			},
		],
	})
})

test('lessons: quiz (anyone), read and worksheets (signed in)', async () => {
	const quiz = {
		attempt: text('1', '2', '0', '99999', 'x'),
		'q-q1': text('a', 'b', 'c'),
		'q-q2': text('a', 'b'),
		'q-q3': text('c'),
		'q-q4': text('a'),
		'q-q5': text('d', 'a'),
	}
	await fuzzForm('quiz (visitor)', {
		role: 'visitor',
		url: () => `/courses/${WORLD_COURSE}/pourquoi-une-loi-cadre`,
		runs: 30,
		variants: () => [{ intent: 'quiz', fields: quiz }],
	})
	await fuzzForm('lesson (learner)', {
		role: 'learner',
		url: () => '/courses/creer-son-entreprise/couts-et-seuil-de-rentabilite',
		unknownIntents: true,
		runs: 50,
		variants: () => [
			{ intent: 'quiz', fields: quiz },
			{ intent: 'read', fields: {} },
			{
				intent: 'worksheet',
				fields: {
					worksheetId: text('seuil-de-rentabilite', 'plan-de-financement'),
					'f-product': text('Savon artisanal'),
					'f-fixedCosts': text('150 000', '1e308', '0'),
					'f-unitPrice': text('1 500', '0,0000001'),
					'f-unitVariableCost': text('900', '-1'),
				},
			},
		],
	})
})

test('joining a cohort by code', async () => {
	await fuzzForm('join', {
		role: 'learner',
		url: () => '/join',
		runs: 20,
		variants: (w) => [
			{ fields: { code: text(w.params.joinCode!, 'abcd-1234') } },
		],
	})
	await fuzzForm('join by link', {
		role: 'otherLearner',
		url: (w) => `/join/${w.params.joinCode}`,
		runs: 15,
		variants: () => [{ fields: { code: text('x') } }],
	})
})

test('verification: pasted attestation or uploaded PDF (multipart)', async () => {
	await fc.assert(
		fc.asyncProperty(
			formEntries({
				token: fc.oneof(
					text(
						world.certificate.compact ?? 'x',
						world.certificate.credential ?? 'x',
						`${baseURL}/verify?t=abc.def.ghi`,
					),
					hostileString,
				),
			}),
			fc.option(
				fc.tuple(
					fc.oneof(hostileBytes, fc.constant(new Uint8Array())),
					fc.oneof(hostileString, text('certificat.pdf', 'a.png')),
				),
			),
			langs,
			async (entries, file, lang) => {
				cases++
				const files = file
					? [
							{
								name: 'pdf',
								filename: file[1],
								type: 'application/pdf',
								bytes: file[0],
							},
						]
					: []
				const { body, contentType } = multipartBody(entries, files)
				const response = await post(baseURL, '/verify', {
					body,
					contentType,
					cookie: cookieHeader(null, lang),
				})
				await expectHandled(
					response,
					lang,
					`POST /verify [${lang}] ${describeEntries(entries)} file=${file ? Buffer.from(file[0]).toString('hex').slice(0, 40) : '-'}`,
				)
			},
		),
		fuzzParams(40, offset++),
	)
})

test('language and sign-out', async () => {
	await fuzzForm('language', {
		role: 'visitor',
		url: () => '/language',
		runs: 30,
		variants: () => [
			{
				fields: {
					lng: text('fr', 'en'),
					redirectTo: text(
						'/courses',
						'/verify?code=1',
						'//evil.example',
						'javascript:alert(1)',
					),
				},
			},
		],
	})
	await fuzzForm('logout', {
		role: 'visitor',
		url: () => '/logout',
		runs: 10,
		variants: () => [{ fields: {} }],
	})
})

/** A path segment or query value with hostile bytes, percent-encoded (invalid UTF-8 included). */
const hostileSegment = fc
	.oneof(hostileString, hostileBytes)
	.map((v) =>
		[...(typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v))]
			.map((b) =>
				/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
					? String.fromCharCode(b)
					: `%${b.toString(16).padStart(2, '0')}`,
			)
			.join(''),
	)

test('hostile URLs: path segments and query strings, GET and POST', async () => {
	const paths = [
		'/cohorts/{x}',
		'/cohorts/{x}/settings',
		'/cohorts/{cohortId}/learners/{x}',
		'/cohorts/{cohortId}/sessions/{x}',
		'/cohorts/{cohortId}/import?batch={x}&again={x}',
		'/cohorts/{cohortId}/certificates?{x}={x}',
		'/verify/{x}',
		'/verify?code={x}',
		'/verify?t={x}',
		'/join/{x}',
		'/courses/{x}',
		'/courses/{x}/{x}',
		'/reset-password/{x}',
		'/admin/users?q={x}&page={x}',
		'/reports?programme={x}&country={x}&from={x}&to={x}',
		'/login?redirectTo={x}',
		'/certificates/{x}.pdf',
		'/{x}',
	]
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...paths),
			hostileSegment,
			hostileSegment,
			fc.constantFrom<'GET' | 'POST'>('GET', 'POST'),
			langs,
			async (template, a, b, method, lang) => {
				cases++
				let n = 0
				const url = template.replace(/\{(\w+)\}/g, (_, k: string) =>
					k === 'x' ? (n++ % 2 ? b : a) : world.params[k]!,
				)
				const headers: Record<string, string> = {
					Cookie: cookieHeader(world.cookies.trainer, lang),
					Origin: baseURL,
				}
				const init: RequestInit = {
					method,
					headers,
					redirect: 'manual',
					signal: AbortSignal.timeout(60_000),
				}
				if (method === 'POST') {
					headers['Content-Type'] = 'application/x-www-form-urlencoded'
					init.body = 'intent=x'
				}
				const response = await fetch(`${baseURL}${url}`, init)
				// A GET of a page with hostile parameters may well succeed; a resource route may answer 404 in plain text.
				const body = await response.clone().text()
				expect(
					response.status,
					`${method} ${url}: ${body.slice(0, 300)}`,
				).toBeLessThan(500)
				if (
					response.status >= 400 &&
					response.status !== 405 &&
					(response.headers.get('Content-Type') ?? '').includes('text/html')
				) {
					await expectHandled(response, lang, `${method} ${url}`)
				}
			},
		),
		fuzzParams(80, offset++),
	)
})

test('hostile cookies and headers on pages and forms', async () => {
	// What a client can send in a header: printable ASCII (fetch refuses the rest, as browsers do).
	const cookieValue = fc.oneof(
		hostileString.map((s) =>
			s
				.replace(/[^\x20-\x7e]|;/g, '')
				.trim()
				.slice(0, 4000),
		),
		hostileSegment.map((s) => s.slice(0, 4000)),
	)
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(
				'/',
				'/courses',
				'/account',
				'/account/sessions',
				'/forgot-password',
				'/verify',
			),
			fc.record({
				lng: cookieValue,
				essor_session: fc.option(cookieValue),
				extra: fc.option(cookieValue),
			}),
			fc.option(
				fc.oneof(
					hostileString.map((s) =>
						s
							.replace(/[^\x20-\x7e]/g, '')
							.trim()
							.slice(0, 2000),
					),
					text('en-US,en;q=0.9', '*', 'xx;q=abc', 'fr;q=NaN, en;q=-1'),
				),
			),
			async (path, cookies, acceptLanguage) => {
				cases++
				const cookie = [
					`lng=${cookies.lng}`,
					cookies.essor_session !== null
						? `essor_session=${cookies.essor_session}`
						: '',
					cookies.extra !== null ? `x=${cookies.extra}` : '',
				]
					.filter(Boolean)
					.join('; ')
				const headers: Record<string, string> = {}
				try {
					// fetch refuses header values that are not ByteStrings: those cannot reach a server from a browser either.
					new Headers({
						Cookie: cookie,
						...(acceptLanguage !== null
							? { 'Accept-Language': acceptLanguage }
							: {}),
					})
					headers.Cookie = cookie
					if (acceptLanguage !== null)
						headers['Accept-Language'] = acceptLanguage
				} catch {
					headers.Cookie = 'lng=%FF%FE'
				}
				const response = await fetch(`${baseURL}${path}`, {
					headers,
					redirect: 'manual',
				})
				const body = await response.text()
				expect(
					response.status,
					`GET ${path} with Cookie: ${headers.Cookie?.slice(0, 200)}: ${body.slice(0, 200)}`,
				).toBeLessThan(500)
			},
		),
		fuzzParams(40, offset++),
	)
})

test('bodies that are not forms: other content types, no content type, empty bodies', async () => {
	const targets = [
		'/forgot-password',
		'/language',
		'/logout',
		'/account',
		'/account/profile',
		'/verify',
		'/cohorts/new',
		'/join',
		`/courses/${WORLD_COURSE}/pourquoi-une-loi-cadre`,
	]
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...targets),
			fc.option(
				fc.constantFrom(
					'application/json',
					'text/plain',
					'text/plain;charset=UTF-8',
					'application/xml',
					'multipart/form-data',
					'multipart/form-data; boundary=',
					'multipart/mixed; boundary=x',
					'application/x-www-form-urlencoded; charset=ISO-8859-1',
					'image/png',
					'x/y',
					';;;',
				),
			),
			fc.oneof(
				fc.constant(''),
				hostileString.map((s) => s.slice(0, 2000)),
				text(
					'{"intent":"profile","name":"<script>"}',
					'lng=en',
					'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
				),
			),
			langs,
			async (url, contentType, body, lang) => {
				cases++
				// Signed in, but not on /logout: the learner's session serves the tests that follow.
				const response = await post(baseURL, url, {
					body,
					contentType: contentType ?? undefined,
					cookie: cookieHeader(
						url === '/logout' ? null : world.cookies.learner,
						lang,
					),
				})
				await expectHandled(
					response,
					lang,
					`POST ${url} Content-Type: ${contentType} body ${JSON.stringify(body.slice(0, 80))}`,
				)
			},
		),
		fuzzParams(40, offset++),
	)
})

// Found with other seeds (FUZZ_SEED=19697, 17720), kept so that every run checks them.
test('cases other seeds found: a 100,000-character join code, a broken multipart body on a resource route', async () => {
	for (const lang of ['fr', 'en'] as Lang[]) {
		cases++
		const join = await post(baseURL, '/join', {
			body: `code=${'0'.repeat(100_000)}`,
			contentType: 'application/x-www-form-urlencoded',
			cookie: cookieHeader(world.cookies.learner, lang),
		})
		await expectHandled(join, lang, 'POST /join with a 100,000-character code')
		expect(
			join.headers.get('location')?.length ?? 0,
			'a short Location header',
		).toBeLessThan(64)
		for (const contentType of [
			'multipart/form-data',
			'multipart/form-data; boundary=',
		]) {
			cases++
			const language = await post(baseURL, '/language', {
				body: '--x\r\nContent-Disposition: form-data; name="lng"\r\n\r\nen',
				contentType,
				cookie: cookieHeader(null, lang),
			})
			await expectHandled(
				language,
				lang,
				`POST /language, ${contentType} without its parts`,
			)
			expect(
				language.headers.get('set-cookie'),
				'the language did not change',
			).toBeNull()
		}
	}
})

test('messages name the problem in the request’s language', async () => {
	const cases_: {
		url: string
		role: WorldRole
		fields: Record<string, string>
		fr: string
		en: string
	}[] = [
		{
			url: '/cohorts/new',
			role: 'trainer',
			fields: {},
			fr: fr.cohorts.errors.required,
			en: en.cohorts.errors.required,
		},
		{
			url: `/cohorts/${world.params.cohortId}/sessions`,
			role: 'trainer',
			fields: { kind: 'workshop', title: 'x'.repeat(201), date: '2026-01-01' },
			fr: fr.cohorts.errors.tooLong,
			en: en.cohorts.errors.tooLong,
		},
		{
			url: `/cohorts/${world.params.cohortId}/certificates`,
			role: 'trainer',
			fields: {
				intent: 'in-person',
				title: 'Atelier',
				hours: 'beaucoup',
				date: '2026-01-01',
				userIds: world.params.learnerId!,
			},
			fr: fr.certificates.cohort.errors.hours,
			en: en.certificates.cohort.errors.hours,
		},
		{
			url: '/account/profile',
			role: 'learner',
			fields: { name: 'A', language: 'fr' },
			fr: ' : au moins 2 caractères.',
			en: ': at least 2 characters.',
		},
		{
			url: '/forgot-password',
			role: 'visitor',
			fields: { identifier: 'x'.repeat(300) },
			fr: ': 254 caractères au maximum.',
			en: ': 254 characters at most.',
		},
		{
			url: '/account/sessions',
			role: 'learner',
			fields: { intent: 'nonsense' },
			fr: fr.errors.unknownAction,
			en: en.errors.unknownAction,
		},
		{
			url: `/cohorts/${world.params.cohortId}/learners/${world.params.enrollmentId}`,
			role: 'trainer',
			fields: { intent: 'stage', stage: 'trained', date: '50000-01-01' },
			fr: fr.cohorts.errors.date,
			en: en.cohorts.errors.date,
		},
	]
	for (const c of cases_) {
		for (const lang of ['fr', 'en'] as Lang[]) {
			cases++
			const response = await post(baseURL, c.url, {
				body: new URLSearchParams(c.fields).toString(),
				contentType: 'application/x-www-form-urlencoded',
				cookie: cookieHeader(world.cookies[c.role], lang),
			})
			const { status, messages } = await expectHandled(
				response,
				lang,
				`POST ${c.url} ${JSON.stringify(c.fields).slice(0, 100)} [${lang}]`,
			)
			expect(status, `POST ${c.url} [${lang}]`).toBeGreaterThanOrEqual(400)
			expect(messages.join(' | '), `POST ${c.url} [${lang}]`).toContain(c[lang])
		}
	}
})

test('a new password through a reset link', async () => {
	await fuzzForm('reset password', {
		role: 'visitor',
		url: (w) => `/reset-password/${w.params.token}`,
		runs: 40,
		variants: () => [
			{
				fields: {
					newPassword: text('Le-Manguier-De-Bafoussam-1', 'short'),
					confirmPassword: text('Le-Manguier-De-Bafoussam-1'),
				},
			},
		],
	})
})

// Rate-limited forms last (per account and per client address: a 429 is a valid answer).

test('forgotten password', async () => {
	await fuzzForm('forgot password', {
		role: 'visitor',
		url: () => '/forgot-password',
		runs: 30,
		variants: () => [
			{
				fields: { identifier: text('personne@example.test', '6 77 12 34 56') },
			},
		],
	})
})

test('sign-up', async () => {
	await fuzzForm('signup', {
		role: 'visitor',
		url: () => '/signup',
		runs: 30,
		variants: () => [
			{
				fields: {
					...profileFields,
					identifier: fc
						.uuid()
						.map((u) => `fuzz-${u.slice(0, 8)}@example.test`),
					password: text('Le-Manguier-De-Bafoussam-1'),
					confirmPassword: text('Le-Manguier-De-Bafoussam-1'),
					redirectTo: text('/courses', '//evil.example'),
				},
			},
		],
	})
})

test('sign-in', async () => {
	await fuzzForm('login', {
		role: 'visitor',
		url: () => '/login',
		runs: 30,
		variants: (w) => [
			{
				fields: {
					identifier: text(w.users.learner.email!, '6 77 12 34 56'),
					password: text('Correct-Horse-Battery-9'),
					redirectTo: text('/courses', 'https://evil.example'),
				},
			},
		],
	})
	// The server is still well after all this.
	const health = await fetch(`${baseURL}/healthz`)
	expect(health.status).toBe(200)
})
