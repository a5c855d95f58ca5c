import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { defaultNS, fallbackLanguage, isLanguage } from './i18n/config.ts'

// Only the page's language is downloaded: each locale is its own chunk.
const locales = {
	fr: () => import('./i18n/locales/fr.ts'),
	en: () => import('./i18n/locales/en.ts'),
}

async function hydrate() {
	const htmlLang = document.documentElement.lang
	const lng = isLanguage(htmlLang) ? htmlLang : fallbackLanguage
	const messages = (await locales[lng]()).default
	await i18next.use(initReactI18next).init({
		lng,
		resources: { [lng]: { [defaultNS]: messages } },
		defaultNS,
		fallbackLng: false,
		interpolation: { escapeValue: false },
	})
	startTransition(() => {
		hydrateRoot(
			document,
			<I18nextProvider i18n={i18next}>
				<StrictMode>
					<RemixBrowser />
				</StrictMode>
			</I18nextProvider>,
		)
	})
}

void hydrate()
