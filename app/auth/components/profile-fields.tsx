import { getInputProps, type FieldMetadata } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import {
	CheckboxField,
	ErrorList,
	SelectField,
	TextField,
} from '#app/components/form-fields.tsx'
import { supportedLanguages } from '#app/i18n/config.ts'
import {
	countries,
	genders,
	migrations,
	regionSuggestions,
	situations,
} from '../profile.ts'

type Field<T> = FieldMetadata<T>

export type ProfileFieldsMeta = {
	gender: Field<string | undefined>
	birthYear: Field<number | undefined>
	country: Field<string | undefined>
	region: Field<string | undefined>
	commune: Field<string | undefined>
	situation: Field<string | undefined>
	migration: Field<string | undefined>
	language: Field<string | undefined>
	consent: Field<boolean | undefined>
}

/** The optional profile questions, with the consent that explains why they are asked. */
export function ProfileFields({
	fields,
	idPrefix,
}: {
	fields: ProfileFieldsMeta
	idPrefix: string
}) {
	const { t } = useTranslation()
	const options = (list: readonly string[], group: string) =>
		list.map((value) => ({ value, label: t(`auth.profile.${group}.${value}`) }))
	const noAnswer = t('auth.profile.noAnswer')
	const regionsId = `${idPrefix}-regions`
	const { key: regionKey, ...regionProps } = getInputProps(fields.region, {
		type: 'text',
	})
	return (
		<fieldset className="stack">
			<legend>{t('auth.profile.legend')}</legend>
			<p className="field-help">{t('auth.profile.why')}</p>
			<SelectField
				meta={fields.gender}
				label={t('auth.fields.gender')}
				options={options(genders, 'gender')}
				emptyLabel={noAnswer}
			/>
			<TextField
				meta={fields.birthYear}
				label={t('auth.fields.birthYear')}
				type="number"
				help={t('auth.profile.birthYearHelp')}
				input={{ inputMode: 'numeric', autoComplete: 'bday-year' }}
			/>
			<SelectField
				meta={fields.country}
				label={t('auth.fields.country')}
				options={options(countries, 'country')}
				emptyLabel={noAnswer}
			/>
			<div className="field">
				<label htmlFor={fields.region.id}>{t('auth.fields.region')}</label>
				<input
					key={regionKey}
					{...regionProps}
					list={regionsId}
					autoComplete="address-level1"
					aria-describedby={[
						`${fields.region.id}-help`,
						fields.region.valid ? '' : fields.region.errorId,
					]
						.join(' ')
						.trim()}
				/>
				<datalist id={regionsId}>
					{[...regionSuggestions.CM, ...regionSuggestions.MA].map((region) => (
						<option key={region} value={region} />
					))}
				</datalist>
				<p id={`${fields.region.id}-help`} className="field-help">
					{t('auth.profile.regionHelp')}
				</p>
				<ErrorList id={fields.region.errorId} errors={fields.region.errors} />
			</div>
			<TextField
				meta={fields.commune}
				label={t('auth.fields.commune')}
				input={{ autoComplete: 'address-level2' }}
			/>
			<SelectField
				meta={fields.situation}
				label={t('auth.fields.situation')}
				options={options(situations, 'situation')}
				emptyLabel={noAnswer}
			/>
			<SelectField
				meta={fields.migration}
				label={t('auth.fields.migration')}
				options={options(migrations, 'migration')}
				emptyLabel={noAnswer}
			/>
			<CheckboxField
				meta={fields.consent}
				label={t('auth.profile.consentLabel')}
			/>
			<SelectField
				meta={fields.language}
				label={t('auth.fields.language')}
				options={supportedLanguages.map((lng) => ({
					value: lng,
					label: t(`languages.${lng}`),
				}))}
				help={t('auth.profile.languageHelp')}
			/>
		</fieldset>
	)
}
