import { createInstance } from 'i18next'
import { expect, test } from 'vitest'
import { z } from 'zod'
import en from '#app/i18n/locales/en.ts'
import fr from '#app/i18n/locales/fr.ts'
import { formErrorMap } from './form-errors.ts'
import { isCommonPassword } from './password.server.ts'
import { passwordSchema } from './password-rules.ts'
import { profileSchema } from './profile.ts'

async function translator(lng: 'fr' | 'en') {
	const i18n = createInstance()
	await i18n.init({
		lng,
		resources: { fr: { translation: fr }, en: { translation: en } },
		interpolation: { escapeValue: false },
	})
	return i18n.t.bind(i18n)
}

function messages(
	schema: z.ZodTypeAny,
	value: unknown,
	t: Awaited<ReturnType<typeof translator>>,
) {
	const result = schema.safeParse(value, { errorMap: formErrorMap(t) })
	return result.success ? {} : result.error.flatten().fieldErrors
}

test('zod messages are translated and name their field', async () => {
	const schema = z.object({
		password: passwordSchema,
		birthYear: z.number().int().min(1920),
		gender: z.enum(['woman', 'man']),
	})
	const value = { password: 'short', birthYear: 1800, gender: 'robot' }
	expect(messages(schema, value, await translator('fr'))).toEqual({
		password: ['Mot de passe : au moins 10 caractères.'],
		birthYear: ['Année de naissance : 1920 au minimum.'],
		gender: ['Genre : choisissez une des réponses proposées.'],
	})
	expect(messages(schema, value, await translator('en'))).toEqual({
		password: ['Password: at least 10 characters.'],
		birthYear: ['Year of birth: 1920 at least.'],
		gender: ['Gender: choose one of the answers offered.'],
	})
	expect(
		messages(z.object({ name: z.string() }), {}, await translator('fr')),
	).toEqual({ name: ['Nom et prénom : ce champ est obligatoire.'] })
})

test('profile answers need consent; leaving them all unanswered does not', async () => {
	const t = await translator('fr')
	expect(messages(profileSchema, { name: 'Awa', language: 'fr' }, t)).toEqual(
		{},
	)
	expect(
		messages(
			profileSchema,
			{ name: 'Awa', language: 'fr', migration: 'refugee' },
			t,
		),
	).toEqual({
		consent: [
			'Consentement : cochez la case pour que nous enregistrions vos réponses au profil, ou laissez ces questions sans réponse.',
		],
	})
	expect(
		messages(
			profileSchema,
			{ name: 'Awa', language: 'fr', migration: 'refugee', consent: true },
			t,
		),
	).toEqual({})
})

test('the common-password list is shipped and checked in any letter case', () => {
	expect(isCommonPassword('qwertyuiop')).toBe(true)
	expect(isCommonPassword('QwertyUIOP')).toBe(true)
	expect(isCommonPassword('1234567890')).toBe(true)
	expect(isCommonPassword('Le-Baobab-De-Garoua-2026')).toBe(false)
})
