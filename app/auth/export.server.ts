import { demographicSelect } from './profile.ts'
import { prisma } from '#app/db.server.ts'

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text)
	} catch {
		return text
	}
}

/**
 * Everything the database holds about one person, for them to download.
 * Secrets stay out: the password hash, session ids (hashes of cookie tokens)
 * and reset-link hashes.
 */
export async function exportUserData(userId: string) {
	const user = await prisma.user.findUniqueOrThrow({
		where: { id: userId },
		select: {
			id: true,
			email: true,
			phone: true,
			name: true,
			role: true,
			language: true,
			...demographicSelect,
			consentAt: true,
			createdAt: true,
			updatedAt: true,
			sessions: {
				select: {
					createdAt: true,
					lastSeenAt: true,
					expiresAt: true,
					userAgent: true,
				},
				orderBy: { createdAt: 'asc' },
			},
			passwordTokens: {
				select: {
					purpose: true,
					createdAt: true,
					expiresAt: true,
					usedAt: true,
				},
				orderBy: { createdAt: 'asc' },
			},
			lessonProgress: {
				select: {
					courseSlug: true,
					lessonSlug: true,
					via: true,
					contentVersion: true,
					completedAt: true,
				},
				orderBy: { completedAt: 'asc' },
			},
			lessonReads: {
				select: { courseSlug: true, lessonSlug: true, readAt: true },
				orderBy: { readAt: 'asc' },
			},
			courseActivity: {
				select: { courseSlug: true, lessonSlug: true, lastSeenAt: true },
			},
			quizAttempts: {
				select: {
					courseSlug: true,
					lessonSlug: true,
					number: true,
					correct: true,
					total: true,
					score: true,
					passed: true,
					answers: true,
					createdAt: true,
				},
				orderBy: { createdAt: 'asc' },
			},
			worksheetEntries: {
				select: {
					courseSlug: true,
					worksheetId: true,
					data: true,
					updatedAt: true,
				},
			},
			completions: {
				select: {
					courseSlug: true,
					contentVersion: true,
					completedAt: true,
					readOnlyLessons: true,
				},
			},
			enrollments: {
				select: {
					cohort: {
						select: {
							name: true,
							programme: true,
							country: true,
							region: true,
						},
					},
					source: true,
					stage: true,
					identifiedAt: true,
					selectedAt: true,
					trainedAt: true,
					activityCreatedAt: true,
					legalForm: true,
					createdAt: true,
					followUps: { select: { date: true, notes: true, createdAt: true } },
					stageChanges: {
						select: {
							stage: true,
							removed: true,
							reachedAt: true,
							source: true,
							createdAt: true,
						},
						orderBy: { createdAt: 'asc' },
					},
				},
			},
			attendance: {
				select: {
					present: true,
					session: { select: { title: true, kind: true, date: true } },
				},
			},
			cohortsTrained: {
				select: {
					addedAt: true,
					cohort: { select: { name: true, programme: true } },
				},
			},
			certificates: {
				select: {
					code: true,
					kind: true,
					courseSlug: true,
					title: true,
					holderName: true,
					cohortName: true,
					language: true,
					hours: true,
					issuedAt: true,
					revokedAt: true,
					revokedReason: true,
				},
				orderBy: { issuedAt: 'asc' },
			},
		},
	})
	const {
		sessions,
		passwordTokens,
		lessonProgress,
		lessonReads,
		courseActivity,
		quizAttempts,
		worksheetEntries,
		completions,
		enrollments,
		attendance,
		cohortsTrained,
		certificates,
		...profile
	} = user
	return {
		format: 'essor-user-export',
		version: 1,
		exportedAt: new Date().toISOString(),
		profile,
		sessions,
		passwordResetLinks: passwordTokens,
		lessonProgress,
		lessonReads,
		courseActivity,
		quizAttempts: quizAttempts.map((a) => ({
			...a,
			answers: parseJson(a.answers),
		})),
		worksheetEntries: worksheetEntries.map((w) => ({
			...w,
			data: parseJson(w.data),
		})),
		completions,
		enrollments,
		attendance,
		cohortsTrained,
		certificates,
	}
}
