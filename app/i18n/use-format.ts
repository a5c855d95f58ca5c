import { useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_TIME_ZONE, getFormatter, type Formatter } from './format.ts'

type Translate = (key: string, options?: Record<string, unknown>) => string

/** "25 sur 40, 62,5 %" / "25 of 40, 62.5%": a count with its base and its share. */
export function shareText(
	t: Translate,
	format: Formatter,
	count: number,
	base: number,
): string {
	const percent = format.percent(count, base)
	const values = { n: format.integer(count), base: format.integer(base) }
	return percent === null
		? t('format.shareNoBase', values)
		: t('format.share', { ...values, percent })
}

/** The formatter of the page's language in the programme's time zone (from the root loader). */
export function useFormat() {
	const { t, i18n } = useTranslation()
	const root = useRouteLoaderData('root') as { timeZone?: string } | undefined
	const format = getFormatter(
		i18n.language,
		root?.timeZone ?? DEFAULT_TIME_ZONE,
	)
	return {
		...format,
		share: (count: number, base: number) => shareText(t, format, count, base),
	}
}
