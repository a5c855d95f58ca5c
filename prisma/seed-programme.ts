import type { Prisma, PrismaClient } from '#app/.server/prisma/client.ts'
import { getCatalog, type Catalog } from '#app/content/catalog.server.ts'
import { generateJoinCode } from '#app/cohorts/cohorts.server.ts'
import { stages, type Stage } from '#app/cohorts/constants.ts'
import { prng } from '#app/utils/prng.ts'

/**
 * Generates a realistic programme: cohorts of learners with profiles,
 * progress, quiz attempts, completions and pre-creation stages. Deterministic
 * (seeded PRNG) so that demos and benchmarks see the same data each time.
 * Names are invented combinations; communes are real places.
 */

const FIRST_WOMEN = [
	'Hélène',
	'Aïcha',
	'Mireille',
	'Fatima-Zahra',
	'Éloïse',
	'Clarisse',
	'Salma',
	'Nadège',
	'Khadija',
	'Bernadette',
	'Awa',
	'Yasmine',
	'Odile',
	'Rachida',
	'Carine',
	'Zineb',
]
const FIRST_MEN = [
	'Abdoulaye',
	'Samuel',
	'Yassine',
	'Jean-Paul',
	'Hamadou',
	'Youssef',
	'Serge',
	'Ibrahim',
	'Thierry',
	'Omar',
	'Boris',
	'Mehdi',
	'Alain',
	'Moussa',
	'Hicham',
	'Patrice',
]
const LAST = [
	'Ngo Biyong',
	'Bakari',
	'El Amrani',
	'Mbarga',
	'Tchoua',
	'Bennani',
	'Fotso',
	'Oumarou',
	'Alaoui',
	'Ebongue',
	'Nkodo',
	'Tazi',
	'Djoumessi',
	'Abega',
	'Berrada',
	'Mvondo',
	'Haddad',
	'Kamga',
	'Ndiaye',
	'Essomba',
]
const PLACES = [
	{ country: 'CM', region: 'Nord', commune: 'Garoua 1er' },
	{ country: 'CM', region: 'Centre', commune: 'Akonolinga' },
	{ country: 'CM', region: 'Centre', commune: 'Yaoundé 4e' },
	{ country: 'CM', region: 'Littoral', commune: 'Douala 3e' },
	{ country: 'CM', region: 'Ouest', commune: 'Bafoussam 1er' },
	{ country: 'CM', region: 'Extrême-Nord', commune: 'Maroua 1er' },
	{ country: 'CM', region: 'Adamaoua', commune: 'Ngaoundéré 1er' },
	{ country: 'MA', region: 'Souss-Massa', commune: 'Agadir' },
	{ country: 'MA', region: 'Oriental', commune: 'Oujda' },
	{ country: 'MA', region: 'Fès-Meknès', commune: 'Fès' },
]
const SITUATIONS = [
	'young_project',
	'young_project',
	'entrepreneur',
	'sse_member',
	'other',
	null,
]
const MIGRATION = [
	'none',
	'none',
	'none',
	'returnee',
	'migrant',
	'refugee',
	'idp',
	'undisclosed',
	null,
]
const LEGAL_FORMS = [
	'auto_entrepreneur',
	'sole_trader',
	'cooperative',
	'gic',
	'company',
]

export type ProgrammeOptions = {
	cohorts: number
	learnersPerCohort: number
	trainerId: string
	seed?: number
	catalog?: Catalog
	emailDomain?: string
	now?: Date
}

async function inChunks<T>(
	items: T[],
	size: number,
	run: (chunk: T[]) => Promise<unknown>,
) {
	for (let i = 0; i < items.length; i += size)
		await run(items.slice(i, i + size))
}

export async function seedProgramme(
	prisma: PrismaClient,
	options: ProgrammeOptions,
) {
	const random = prng(options.seed ?? 2026)
	const pick = <T>(list: readonly T[]) =>
		list[Math.floor(random() * list.length)] as T
	const catalog = options.catalog ?? (await getCatalog())
	const now = options.now ?? new Date()
	const domain = options.emailDomain ?? 'exemple.essor.demo'
	const courseBySlug = new Map(catalog.courses.map((c) => [c.slug, c]))
	const created: { cohortId: string; learners: number }[] = []

	for (let c = 0; c < options.cohorts; c++) {
		const entrepreneurship = c % 2 === 0
		const place = PLACES[c % PLACES.length]!
		const courseSlugs = entrepreneurship
			? ['creer-son-entreprise', 'genre-et-inclusion']
			: ['loi-cadre-economie-sociale', 'genre-et-inclusion']
		const start = new Date(now.getTime() - (120 - c * 5) * 86400_000)
		const cohort = await prisma.cohort.create({
			data: {
				name: entrepreneurship
					? `Bootcamp ${place.commune} ${now.getFullYear()} — ${c + 1}`
					: `Maires et élus — ${place.region} ${now.getFullYear()} — ${c + 1}`,
				programme: entrepreneurship
					? place.country === 'MA'
						? 'REMESS Jeunes'
						: 'Jeunes entrepreneurs Cameroun'
					: 'REMCESS Élus locaux',
				kind: entrepreneurship ? 'entrepreneurship' : 'course',
				country: place.country,
				region: place.region,
				communes: place.commune,
				startDate: start,
				endDate: new Date(start.getTime() + 180 * 86400_000),
				joinCode: generateJoinCode(),
				createdById: options.trainerId,
				demo: true,
				trainers: { create: { userId: options.trainerId } },
				// The first course is the programme's own: the one that counts for "trained".
				courses: {
					create: courseSlugs.map((courseSlug, i) => ({
						courseSlug,
						countsForTrained: i === 0,
					})),
				},
			},
		})

		const users = Array.from({ length: options.learnersPerCohort }, (_, i) => {
			const woman = random() < 0.52
			const n = c * options.learnersPerCohort + i
			const age = entrepreneurship
				? 18 + Math.floor(random() * 12)
				: 28 + Math.floor(random() * 35)
			const where =
				random() < 0.8
					? place
					: pick(PLACES.filter((p) => p.country === place.country))
			return {
				id: `demo-${options.seed ?? 2026}-${n}`,
				name: `${pick(woman ? FIRST_WOMEN : FIRST_MEN)} ${pick(LAST)}`,
				email:
					random() < 0.7
						? `apprenant-${options.seed ?? 2026}-${n}@${domain}`
						: null,
				phone: null as string | null,
				gender: random() < 0.05 ? 'undisclosed' : woman ? 'woman' : 'man',
				birthYear: random() < 0.93 ? now.getFullYear() - age : null,
				country: where.country,
				region: where.region,
				commune: where.commune,
				situation: entrepreneurship
					? pick(SITUATIONS)
					: pick([
							'elected',
							'elected',
							'municipal_staff',
							'municipal_staff',
							'other',
						]),
				migration: pick(MIGRATION),
				consentAt: now,
				role: 'learner',
				demo: true,
			}
		})
		for (const u of users) {
			if (!u.email)
				u.phone =
					place.country === 'CM'
						? `+2376${String(70000000 + Math.floor(random() * 9999999))}`
						: `+2126${String(10000000 + Math.floor(random() * 89999999))}`
		}
		await inChunks(users, 500, (chunk) =>
			prisma.user.createMany({ data: chunk }),
		)

		const enrollments: Prisma.EnrollmentCreateManyInput[] = []
		const lessons: {
			userId: string
			courseSlug: string
			lessonSlug: string
			via: string
			contentVersion: string
			completedAt: Date
		}[] = []
		const attempts: {
			userId: string
			courseSlug: string
			lessonSlug: string
			number: number
			correct: number
			total: number
			score: number
			passed: boolean
			answers: string
			createdAt: Date
		}[] = []
		const stageChanges: Prisma.StageChangeCreateManyInput[] = []
		const followUps: Prisma.FollowUpCreateManyInput[] = []
		const completions: {
			userId: string
			courseSlug: string
			contentVersion: string
			completedAt: Date
		}[] = []
		const activity: {
			userId: string
			courseSlug: string
			lessonSlug: string
			lastSeenAt: Date
		}[] = []

		for (const [index, u] of users.entries()) {
			const engagement = random()
			let completedMain: Date | null = null
			for (const slug of courseSlugs) {
				const course = courseBySlug.get(slug)
				if (!course) continue
				const share =
					slug === courseSlugs[0]
						? engagement
						: engagement * (0.7 + 0.4 * random())
				const done =
					share > 0.75
						? course.lessons.length
						: Math.floor(share * course.lessons.length * 1.2)
				let t = start.getTime() + Math.floor(random() * 20) * 86400_000
				for (const lesson of course.lessons.slice(
					0,
					Math.min(done, course.lessons.length),
				)) {
					t += Math.floor(random() * 3 + 1) * 86400_000
					const when = new Date(Math.min(t, now.getTime()))
					const total = lesson.quizSize ?? lesson.i18n.fr.quiz.length
					const correct = Math.max(0, total - Math.floor(random() * 3))
					const score = Math.round((correct / total) * 100)
					const attempt = {
						userId: u.id,
						courseSlug: slug,
						lessonSlug: lesson.slug,
						answers: '{}',
						createdAt: when,
					}
					attempts.push({
						...attempt,
						number: 1,
						correct,
						total,
						score,
						passed: score >= course.passMark,
					})
					// A lesson is done only through its quiz: a failed first attempt is retaken and passed.
					if (score < course.passMark)
						attempts.push({
							...attempt,
							number: 2,
							correct: total,
							total,
							score: 100,
							passed: true,
							createdAt: new Date(when.getTime() + 3600_000),
						})
					lessons.push({
						userId: u.id,
						courseSlug: slug,
						lessonSlug: lesson.slug,
						via: 'quiz',
						contentVersion: lesson.version,
						completedAt: when,
					})
				}
				if (done > 0) {
					const last =
						course.lessons[Math.min(done, course.lessons.length) - 1]!
					activity.push({
						userId: u.id,
						courseSlug: slug,
						lessonSlug: last.slug,
						lastSeenAt: new Date(Math.min(t, now.getTime())),
					})
				}
				if (done >= course.lessons.length) {
					completions.push({
						userId: u.id,
						courseSlug: slug,
						contentVersion: course.version,
						completedAt: new Date(Math.min(t, now.getTime())),
					})
					if (slug === courseSlugs[0])
						completedMain = new Date(Math.min(t, now.getTime()))
				}
			}
			// Stages are milestones, each on its own date: selection by the
			// trainer, "trained" when the programme's course is complete, then a
			// created activity and follow-ups.
			const selected = entrepreneurship ? random() < 0.75 : false
			const trained = entrepreneurship && completedMain !== null
			const createdActivity = trained && selected && random() < 0.7
			const followed = createdActivity && random() < 0.5
			const enrollmentId = `enr-${options.seed ?? 2026}-${c * options.learnersPerCohort + index}`
			const selectedAt = selected
				? new Date(start.getTime() + 14 * 86400_000)
				: null
			const trainedAt = trained
				? new Date(Math.max(completedMain!.getTime(), start.getTime()))
				: null
			const activityCreatedAt = createdActivity
				? new Date(
						Math.max(
							trainedAt!.getTime(),
							now.getTime() - Math.floor(random() * 30) * 86400_000,
						),
					)
				: null
			const followUpAt = followed
				? new Date(
						Math.min(
							activityCreatedAt!.getTime() + 14 * 86400_000,
							now.getTime(),
						),
					)
				: null
			const milestones: [string, Date | null, 'trainer' | 'completion'][] = [
				['selected', selectedAt, 'trainer'],
				['trained', trainedAt, 'completion'],
				['created', activityCreatedAt, 'trainer'],
				['followed_up', followUpAt, 'trainer'],
			]
			let current = 'identified'
			for (const [stage, at, source] of milestones
				.filter(([, at]) => at)
				.sort((a, b) => a[1]!.getTime() - b[1]!.getTime())) {
				const next =
					stages.indexOf(stage as Stage) > stages.indexOf(current as Stage)
						? stage
						: current
				stageChanges.push({
					enrollmentId,
					stage,
					fromStage: current,
					toStage: next,
					reachedAt: at,
					source,
					actorId: source === 'trainer' ? options.trainerId : null,
					detail:
						source === 'completion'
							? JSON.stringify({ courses: [courseSlugs[0]] })
							: '{}',
					createdAt: at!,
				})
				current = next
			}
			if (followUpAt)
				followUps.push({
					enrollmentId,
					date: followUpAt,
					notes: 'Visite de suivi',
					createdById: options.trainerId,
				})
			enrollments.push({
				id: enrollmentId,
				cohortId: cohort.id,
				userId: u.id,
				source: random() < 0.6 ? 'import' : 'join',
				stage: current,
				identifiedAt: start,
				selectedAt,
				trainedAt,
				activityCreatedAt,
				legalForm: createdActivity ? pick(LEGAL_FORMS) : null,
			})
		}
		await prisma.$transaction(async (tx) => {
			await inChunks(enrollments, 1000, (chunk) =>
				tx.enrollment.createMany({ data: chunk }),
			)
			await inChunks(lessons, 2000, (chunk) =>
				tx.lessonProgress.createMany({ data: chunk }),
			)
			await inChunks(attempts, 2000, (chunk) =>
				tx.quizAttempt.createMany({ data: chunk }),
			)
			await inChunks(completions, 2000, (chunk) =>
				tx.courseCompletion.createMany({ data: chunk }),
			)
			await inChunks(activity, 2000, (chunk) =>
				tx.courseActivity.createMany({ data: chunk }),
			)
			await inChunks(stageChanges, 2000, (chunk) =>
				tx.stageChange.createMany({ data: chunk }),
			)
			await inChunks(followUps, 2000, (chunk) =>
				tx.followUp.createMany({ data: chunk }),
			)
		})
		created.push({ cohortId: cohort.id, learners: users.length })
	}
	return created
}
