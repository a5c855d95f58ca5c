import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { launchBrowser, newPage } from '#tests/support/browser.ts'
import { passCourse } from '#tests/support/learner-browser.ts'

const baseURL = inject('baseURL')
const roster = path.resolve(
	import.meta.dirname,
	'../fixtures/roster/cohorte-20-3-erreurs.csv',
)
let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})
afterAll(async () => {
	await browser?.close()
})

async function signIn(page: Page, identifier: string, password: string) {
	await page.goto(`${baseURL}/login`)
	await page
		.getByLabel('Adresse e-mail ou numéro de téléphone')
		.fill(identifier)
	await page.getByLabel('Mot de passe', { exact: true }).fill(password)
	await page.getByRole('button', { name: 'Se connecter' }).last().click()
	await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

test('a trainer creates a cohort and imports a list; a learner joins, completes, gets a verifiable certificate; the dashboard shows it', async () => {
	// The trainer creates a pre-creation cohort.
	const trainer = await newPage(browser)
	await signIn(trainer.page, 'formatrice@essor.demo', 'Essor-Demo-2026')
	await trainer.page.goto(`${baseURL}/cohorts/new`)
	await trainer.page
		.getByLabel('Nom de la cohorte')
		.fill('Bootcamp Maroua 2026')
	await trainer.page
		.getByLabel('Programme', { exact: true })
		.fill('Jeunes entrepreneurs Cameroun')
	await trainer.page.getByLabel('Type').selectOption('entrepreneurship')
	await trainer.page
		.getByRole('group', { name: 'Formation(s) suivie(s)' })
		.getByLabel('Égalité femmes-hommes', { exact: false })
		.check()
	await trainer.page.getByLabel('Pays').fill('CM')
	await trainer.page.getByLabel('Région').fill('Extrême-Nord')
	await trainer.page.getByLabel('Date de début').fill('2026-09-01')
	await trainer.page.getByLabel('Date de fin').fill('2027-03-31')
	await trainer.page.getByRole('button', { name: 'Créer la cohorte' }).click()
	await trainer.page.waitForURL((url) =>
		/^\/cohorts\/(?!new$)[a-z0-9]+$/.test(url.pathname),
	)
	const dashboardUrl = trainer.page.url()
	await expect
		.poll(() => trainer.page.locator('h1').textContent())
		.toBe('Bootcamp Maroua 2026')

	// Import 20 people, 3 of them with problems: exactly those 3 are named.
	await trainer.page.getByRole('link', { name: 'Importer une liste' }).click()
	await trainer.page.getByLabel('Fichier (.xlsx ou .csv)').setInputFiles(roster)
	await trainer.page.getByRole('button', { name: "Voir l'aperçu" }).click()
	await trainer.page.waitForURL(/import\?batch=/)
	const problems = await trainer.page
		.locator('[data-testid=import-problems] li')
		.allInnerTexts()
	expect(problems).toHaveLength(3)
	expect(problems[0]).toMatch(/^Ligne 7 : ni téléphone ni courriel/)
	expect(problems[1]).toMatch(
		/^Ligne 12, colonne « .+ » : le numéro « 6 77 12 34 » n'est pas un numéro de téléphone valide\.$/,
	)
	expect(problems[2]).toMatch(
		/^Ligne 18, colonne « .+ » : « pelagie\.ngono@example » n'est pas une adresse électronique valide\.$/,
	)
	await trainer.page
		.getByRole('button', { name: /Confirmer et inscrire 17 personne/ })
		.click()
	await trainer.page.waitForURL(/import\?done=/)
	expect(
		await trainer.page.getByTestId('import-enrolled').textContent(),
	).toContain('17 personne(s) inscrite(s)')
	// The rows left out are still listed, to be fixed.
	expect(
		await trainer.page
			.locator('[data-testid=import-rejected] li')
			.allInnerTexts(),
	).toEqual(problems)

	await trainer.page.goto(dashboardUrl)
	const code = (await trainer.page
		.getByTestId('join-code')
		.textContent())!.trim()
	expect(code).toMatch(/^[A-Z0-9]{8}$/)

	// A young person signs up, joins by code and completes the course.
	const learner = await newPage(browser)
	const email = `e2e-${Date.now()}@exemple.cm`
	await learner.page.goto(`${baseURL}/join/${code}`)
	await learner.page
		.getByRole('link', { name: 'Créer un compte' })
		.last()
		.click()
	await learner.page.getByLabel('Nom et prénom').fill('Zineb Haddad')
	await learner.page
		.getByLabel('Adresse e-mail ou numéro de téléphone')
		.fill(email)
	await learner.page
		.getByLabel('Mot de passe', { exact: true })
		.fill('Une-phrase-facile-2026')
	await learner.page
		.getByLabel('Confirmation du mot de passe')
		.fill('Une-phrase-facile-2026')
	await learner.page.getByRole('button', { name: 'Créer mon compte' }).click()
	// Then sign in (sign-up alone signs nobody in), back to the join page.
	await learner.page.waitForURL((url) => url.pathname === '/login')
	await learner.page
		.getByLabel('Mot de passe', { exact: true })
		.fill('Une-phrase-facile-2026')
	await learner.page.getByRole('button', { name: 'Se connecter' }).click()
	await learner.page.waitForURL(`${baseURL}/join/${code}`)
	await learner.page.getByRole('button', { name: /Rejoindre/ }).click()
	await learner.page.waitForURL(/\/training\?joined=/)
	await expect
		.poll(() => learner.page.locator('[role=status]').textContent())
		.toContain('Vous avez rejoint la cohorte')

	// Each lesson is completed by passing its quiz.
	await passCourse(learner.page, baseURL, 'genre-et-inclusion')
	await learner.page.goto(`${baseURL}/courses/genre-et-inclusion`)
	expect(await learner.page.locator('.notice').first().textContent()).toMatch(
		/^Formation terminée le/,
	)

	// The certificate: download the PDF, then check it on /verify/<code>.
	await learner.page.goto(`${baseURL}/account/certificates`)
	const certCode = await learner.page
		.locator('[data-code]')
		.first()
		.getAttribute('data-code')
	expect(certCode).toMatch(/^ESR-/)
	const [download] = await Promise.all([
		learner.page.waitForEvent('download'),
		learner.page.getByRole('link', { name: 'Télécharger le PDF' }).click(),
	])
	const file = await download.path()
	expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
	await learner.page.goto(`${baseURL}/verify/${certCode}`)
	expect(
		await learner.page.locator('[data-status]').getAttribute('data-status'),
	).toBe('valid')
	expect(
		await learner.page.locator('[data-status] h2').textContent(),
	).toContain('Certificat authentique et valide')
	expect(await learner.page.locator('[data-status]').innerText()).toContain(
		'Zineb Haddad',
	)
	expect(await learner.page.locator('main').innerText()).not.toContain(email)

	// The trainer's dashboard shows the completion and the funnel, in French formats.
	await trainer.page.goto(dashboardUrl)
	// Intl's French spaces (no-break before "%", narrow between thousands) read as spaces here.
	const plain = (text: string | null) =>
		(text ?? '')
			.replace(/[\u00a0\u202f]/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
	expect(
		plain(await trainer.page.getByTestId('completion-rate').textContent()),
	).toBe('5,6 %')
	expect(plain(await trainer.page.locator('.stat-row').innerText())).toContain(
		'1 sur 18, 5,6 %',
	)
	const figure = (caption: string) =>
		trainer.page.locator('figure', {
			has: trainer.page.locator('figcaption', { hasText: caption }),
		})
	const stage = (label: string) =>
		figure('Parcours').locator('li', {
			has: trainer.page.locator('.bars__label', { hasText: label }),
		})
	expect(await stage('Identifié·e').locator('.bars__value').textContent()).toBe(
		'18',
	)
	// Completing the course made her "trained"; nobody was selected, and the funnel says so.
	expect(
		await stage('Sélectionné·e').locator('.bars__value').textContent(),
	).toBe('0')
	const trained = plain(await stage('Formé·e').innerText())
	expect(trained).toContain('1 sur 18, 5,6 % des identifié·es')
	expect(trained).toContain("1 sur 0 de l'étape « Sélectionné·e »")
	expect(trained).toContain('A terminé la formation désignée de la cohorte')
	expect(await figure('Parcours').locator('li').count()).toBe(5)
	for (const li of await figure('Parcours').locator('li').all())
		expect(await li.locator('.bars__definition').textContent()).not.toBe('')
	// Breakdowns: each count with its base and share; long names whole, at the body's size.
	expect(
		plain(
			await figure('Par sexe')
				.locator('li', { hasText: 'Non renseigné' })
				.innerText(),
		),
	).toMatch(/\d+ sur 18, [\d,]+ %/)
	const longLabel = figure('Par situation').locator('.bars__label', {
		hasText: "Membre d'une unité d'économie sociale",
	})
	expect(await longLabel.textContent()).toBe(
		"Membre d'une unité d'économie sociale",
	)
	const size = (selector: string) =>
		trainer.page.evaluate(
			(s) => parseFloat(getComputedStyle(document.querySelector(s)!).fontSize),
			selector,
		)
	expect(await size('.bars__label')).toBeGreaterThanOrEqual(await size('body'))
	expect(await size('.bars__value')).toBeGreaterThanOrEqual(await size('body'))
	const row = trainer.page.locator('tr', { hasText: 'Zineb Haddad' })
	expect(await row.innerText()).toContain('Terminée')
	await learner.context.close()
	await trainer.context.close()
})
