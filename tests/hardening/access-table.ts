/**
 * Who may do what: the expected outcome of every route for every role.
 *
 * Read a row left to right as
 *
 *     visitor  learner  otherLearner  trainer  otherTrainer  admin  invited  joined
 *
 * where "learner" and "trainer" belong to cohort A, whose records fill the
 * URL ({cohortId}, {enrollmentId}, the learner's certificate {code}…), and
 * "otherLearner" and "otherTrainer" belong to cohort B. "invited" and
 * "joined" had accounts of their own when cohort A's trainer imported a list
 * naming them: "invited" has not answered the invitation (not in cohort A),
 * "joined" accepted it (in cohort A, with no records of their own yet).
 *
 * Outcomes: 200, 400 (allowed, but the form is incomplete), 403, 404,
 * 405 (method not allowed), 409, login (redirect to the sign-in page),
 * redirect (any other redirect: the action went through, or a signed-in
 * person is sent away from a sign-in form).
 *
 * POST rows are per form intent ("-" means the form sends no intent);
 * `fields` are sent with the intent, with {params} filled in.
 * tests/hardening/access-matrix.test.ts fails when a route of the app is not here.
 */

export type Outcome =
	'200' | '400' | '403' | '404' | '405' | '409' | 'login' | 'redirect'

export type RouteAccess =
	| 'layout'
	| {
			url: string
			get: string
			post?: Record<string, string>
			fields?: Record<string, Record<string, string>>
			multipart?: boolean
			/** Facts of cohort A this page may show to outsiders (see `secretsOf` in the test). */
			reveals?: Array<'cohortName' | 'joinCode'>
			/**
			 * The page names a person to whoever holds its link, visitors too: no
			 * browser or proxy keeps it and no search engine lists it (its loader's
			 * headers must reach the response).
			 */
			personal?: true
	  }

//                        visitor learner otherL trainer otherT admin invited joined
export const ACCESS: Record<string, RouteAccess> = {
	// The root layout has no URL of its own; every page below goes through it.
	root: 'layout',

	// Public reading pages.
	'routes/_index': { url: '/', get: '200 200 200 200 200 200 200 200' },
	'routes/$': { url: '/nulle-part', get: '404 404 404 404 404 404 404 404' },
	'routes/healthz': { url: '/healthz', get: '200 200 200 200 200 200 200 200' },
	'routes/courses._index': {
		url: '/courses',
		get: '200 200 200 200 200 200 200 200',
	},
	'routes/courses.$course._index': {
		url: '/courses/{course}',
		get: '200 200 200 200 200 200 200 200',
	},
	'routes/courses.$course.$lesson': {
		url: '/courses/{course}/{lesson}',
		get: '200 200 200 200 200 200 200 200',
		post: {
			// Anyone may check their answers; only signed-in people keep a record.
			quiz: '400 400 400 400 400 400 400 400',
			read: 'login redirect redirect redirect redirect redirect redirect redirect',
			worksheet: 'login 400 400 400 400 400 400 400',
		},
	},
	// Offline use (app/offline): the page the service worker shows for a page
	// not saved on the phone, and what saving a course downloads.
	'routes/offline': { url: '/offline', get: '200 200 200 200 200 200 200 200' },
	'routes/courses.$course.offline-pack[.]json': {
		url: '/courses/{course}/offline-pack.json',
		get: '200 200 200 200 200 200 200 200',
	},
	'routes/issuer._index': {
		url: '/issuer',
		get: '200 200 200 200 200 200 200 200',
	},
	'routes/issuer.jwks[.]json': {
		url: '/issuer/jwks.json',
		get: '200 200 200 200 200 200 200 200',
	},
	// What a verifier dereferences: the profile as JSON-LD, a key by its kid URL, the revocation status list.
	'routes/issuer.profile[.]json': {
		url: '/issuer/profile.json',
		get: '200 200 200 200 200 200 200 200',
	},
	'routes/issuer.keys.$kid': {
		url: '/issuer/keys/cle-inconnue',
		get: '404 404 404 404 404 404 404 404',
	},
	'routes/issuer.status.$list': {
		url: '/issuer/status/1',
		get: '200 200 200 200 200 200 200 200',
	},
	'routes/verify._index': {
		url: '/verify',
		get: '200 200 200 200 200 200 200 200',
		post: { '-': '400 400 400 400 400 400 400 400' },
		fields: { '-': { token: 'pas-un-jeton' } },
		multipart: true,
	},
	'routes/verify.$code': {
		url: '/verify/{code}',
		get: '200 200 200 200 200 200 200 200',
		personal: true,
	},

	// Accounts.
	'routes/login': {
		url: '/login',
		get: '200 redirect redirect redirect redirect redirect redirect redirect',
		post: {
			'-': '400 redirect redirect redirect redirect redirect redirect redirect',
		},
	},
	'routes/signup': {
		url: '/signup',
		get: '200 redirect redirect redirect redirect redirect redirect redirect',
		post: {
			'-': '400 redirect redirect redirect redirect redirect redirect redirect',
		},
	},
	'routes/forgot-password': {
		url: '/forgot-password',
		get: '200 200 200 200 200 200 200 200',
		post: { '-': '400 400 400 400 400 400 400 400' },
	},
	'routes/reset-password.$token': {
		url: '/reset-password/{token}',
		get: '200 200 200 200 200 200 200 200',
		post: { '-': '400 400 400 400 400 400 400 400' },
		personal: true,
	},
	'routes/logout': {
		url: '/logout',
		get: 'redirect redirect redirect redirect redirect redirect redirect redirect',
		post: {
			'-': 'redirect redirect redirect redirect redirect redirect redirect redirect',
		},
	},
	'routes/language': {
		url: '/language',
		get: 'redirect redirect redirect redirect redirect redirect redirect redirect',
		post: {
			'-': 'redirect redirect redirect redirect redirect redirect redirect redirect',
		},
		fields: { '-': { lng: 'en', redirectTo: '/courses' } },
	},
	// The account page: a layout (who is signed in, the sections) around the
	// overview and one section per form, each with its own action.
	'routes/account': 'layout',
	'routes/account._index': {
		url: '/account',
		get: 'login 200 200 200 200 200 200 200',
	},
	'routes/account.profile': {
		url: '/account/profile',
		get: 'login 200 200 200 200 200 200 200',
		post: { '-': 'login 400 400 400 400 400 400 400' },
	},
	'routes/account.contact': {
		url: '/account/contact',
		get: 'login 200 200 200 200 200 200 200',
		post: { '-': 'login 400 400 400 400 400 400 400' },
	},
	'routes/account.password': {
		url: '/account/password',
		get: 'login 200 200 200 200 200 200 200',
		post: { '-': 'login 400 400 400 400 400 400 400' },
	},
	'routes/account.delete': {
		url: '/account/delete',
		get: 'login 200 200 200 200 200 200 200',
		post: { '-': 'login 400 400 400 400 400 400 400' },
	},
	'routes/account.sessions': {
		url: '/account/sessions',
		get: 'login 200 200 200 200 200 200 200',
		post: {
			'end-session': 'login 404 404 404 404 404 404 404',
			'end-others':
				'login redirect redirect redirect redirect redirect redirect redirect',
			// Ending every session, this one included, leads back to the sign-in page.
			'end-all': 'login login login login login login login login',
		},
	},
	// The learner's own page: cohorts, next lesson, sessions, certificates.
	'routes/training': {
		url: '/training',
		get: 'login 200 200 200 200 200 200 200',
	},
	'routes/account.export[.]json': {
		url: '/account/export.json',
		get: 'login 200 200 200 200 200 200 200',
	},
	'routes/account_.certificates': {
		url: '/account/certificates',
		get: 'login 200 200 200 200 200 200 200',
		// Only the holder decides whether verifiers see their name.
		post: { '-': 'login redirect 404 404 404 404 404 404' },
		fields: { '-': { code: '{code}', showName: '1' } },
	},
	'routes/admin.users': {
		url: '/admin/users',
		// Trainers see the people of their own cohorts (to hand a phone-only
		// learner a reset link); only admins change roles.
		get: 'login 403 403 200 200 200 403 403',
		post: {
			role: 'login 403 403 403 403 redirect 403 403',
			'reset-link': 'login 403 403 200 404 200 403 403',
		},
		fields: {
			role: { userId: '{learnerId}', role: 'trainer' },
			'reset-link': { userId: '{learnerId}' },
		},
	},

	// Certificates: the holder, the trainers of the cohort and admins.
	'routes/certificates.$code[.]pdf': {
		url: '/certificates/{code}.pdf',
		get: 'login 200 404 200 404 200 404 404',
	},
	'routes/certificates.$code[.]json': {
		url: '/certificates/{code}.json',
		get: 'login 200 404 200 404 200 404 404',
	},
	'routes/certificates.$code[.]jwt': {
		url: '/certificates/{code}.jwt',
		get: 'login 200 404 200 404 200 404 404',
	},

	// Invitations (an import named someone who already had an account): only
	// the invited person may answer theirs; the page names the cohort to them.
	'routes/invitations': {
		url: '/invitations',
		get: 'login 200 200 200 200 200 200 200',
		post: {
			accept: 'login 404 404 404 404 404 redirect 404',
			decline: 'login 404 404 404 404 404 redirect 404',
		},
		fields: {
			accept: { invitationId: '{invitationId}' },
			decline: { invitationId: '{invitationId}' },
		},
		reveals: ['cohortName'],
	},

	// Joining a cohort: anyone signed in who has the code.
	'routes/join._index': {
		url: '/join',
		get: '200 200 200 200 200 200 200 200',
		post: {
			'-': 'redirect redirect redirect redirect redirect redirect redirect redirect',
		},
		fields: { '-': { code: '{joinCode}' } },
	},
	// Whoever holds the code may see which cohort it opens.
	'routes/join.$code': {
		url: '/join/{joinCode}',
		get: '200 200 200 200 200 200 200 200',
		// Joined (or already in): on to "my training".
		post: {
			'-': 'login redirect redirect redirect redirect redirect redirect redirect',
		},
		reveals: ['cohortName', 'joinCode'],
	},

	// Cohorts: their trainers and admins; another trainer does not learn the cohort exists.
	'routes/cohorts._index': {
		url: '/cohorts',
		get: 'login 403 403 200 200 200 403 403',
	},
	'routes/cohorts.new': {
		url: '/cohorts/new',
		get: 'login 403 403 200 200 200 403 403',
		post: { '-': 'login 403 403 400 400 400 403 403' },
	},
	'routes/cohorts.$cohortId._index': {
		url: '/cohorts/{cohortId}',
		get: 'login 403 403 200 404 200 403 403',
		post: {
			'rotate-code': 'login 403 403 redirect 404 redirect 403 403',
			close: 'login 403 403 redirect 404 redirect 403 403',
			open: 'login 403 403 redirect 404 redirect 403 403',
		},
	},
	'routes/cohorts.$cohortId.settings': {
		url: '/cohorts/{cohortId}/settings',
		get: 'login 403 403 200 404 200 403 403',
		post: {
			'-': 'login 403 403 400 404 400 403 403',
			'add-trainer': 'login 403 403 400 404 400 403 403',
		},
		fields: {
			'-': { name: 'Renommée' },
			'add-trainer': { identifier: 'personne@example.test' },
		},
	},
	'routes/cohorts.$cohortId.import': {
		url: '/cohorts/{cohortId}/import',
		get: 'login 403 403 200 404 200 403 403',
		post: { '-': 'login 403 403 redirect 404 redirect 403 403' },
		fields: { '-': { batchId: '{batchId}' } },
	},
	'routes/cohorts.$cohortId.export[.]csv': {
		url: '/cohorts/{cohortId}/export.csv',
		get: 'login 403 403 200 404 200 403 403',
	},
	'routes/cohorts.$cohortId.export[.]json': {
		url: '/cohorts/{cohortId}/export.json',
		get: 'login 403 403 200 404 200 403 403',
	},
	'routes/cohorts.$cohortId.certificates': {
		url: '/cohorts/{cohortId}/certificates',
		get: 'login 403 403 200 404 200 403 403',
		post: {
			bulk: 'login 403 403 200 404 200 403 403',
			'in-person': 'login 403 403 400 404 400 403 403',
			revoke: 'login 403 403 200 404 200 403 403',
			reissue: 'login 403 403 200 404 200 403 403',
		},
		fields: {
			revoke: {
				code: '{code}',
				category: 'issuedInError',
				reason: 'Erreur de saisie',
			},
			reissue: { code: '{revokedCode}' },
		},
	},
	'routes/cohorts.$cohortId.certificates[.]zip': {
		url: '/cohorts/{cohortId}/certificates.zip',
		get: 'login 403 403 200 404 200 403 403',
	},
	'routes/cohorts.$cohortId.learners.$enrollmentId': {
		url: '/cohorts/{cohortId}/learners/{enrollmentId}',
		get: 'login 403 403 200 404 200 403 403',
		post: {
			stage: 'login 403 403 redirect 404 redirect 403 403',
			'clear-stage': 'login 403 403 redirect 404 redirect 403 403',
			created: 'login 403 403 redirect 404 redirect 403 403',
			followup: 'login 403 403 redirect 404 redirect 403 403',
			remove: 'login 403 403 redirect 404 redirect 403 403',
		},
		fields: {
			stage: { stage: 'selected', date: '2026-03-01' },
			'clear-stage': { stage: 'selected' },
			created: { legalForm: 'cooperative', date: '2026-06-01' },
			followup: { date: '2026-07-01', notes: 'Visite' },
		},
	},
	'routes/cohorts.$cohortId.sessions._index': {
		url: '/cohorts/{cohortId}/sessions',
		get: 'login 403 403 200 404 200 403 403',
		post: { '-': 'login 403 403 redirect 404 redirect 403 403' },
		fields: {
			'-': {
				kind: 'workshop',
				title: 'Atelier 2',
				date: '2026-04-01',
				notes: '',
			},
		},
	},
	'routes/cohorts.$cohortId.sessions.$sessionId': {
		url: '/cohorts/{cohortId}/sessions/{sessionId}',
		get: 'login 403 403 200 404 200 403 403',
		post: { '-': 'login 403 403 200 404 200 403 403' },
		fields: { '-': { present: '{learnerId}' } },
	},

	// Programme reports: each trainer over their own cohorts, admins over all.
	'routes/reports._index': {
		url: '/reports',
		get: 'login 403 403 200 200 200 403 403',
	},
	'routes/reports.export[.]csv': {
		url: '/reports/export.csv',
		get: 'login 403 403 200 200 200 403 403',
	},
	'routes/reports.tables[.]csv': {
		url: '/reports/tables.csv',
		get: 'login 403 403 200 200 200 403 403',
	},
	'routes/reports.export[.]json': {
		url: '/reports/export.json',
		get: 'login 403 403 200 200 200 403 403',
	},
}
