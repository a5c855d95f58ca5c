import {
	getInputProps,
	getSelectProps,
	getTextareaProps,
	type FieldMetadata,
	type FormMetadata,
} from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { cohortKinds } from '../constants.ts'
import type { CohortForm } from '../cohort-form.ts'

type Fields = ReturnType<FormMetadata<CohortForm>['getFieldset']>

function Errors({ field }: { field: FieldMetadata<unknown> }) {
	const { t } = useTranslation()
	if (!field.errors?.length) return null
	return (
		<span className="field-error" id={field.errorId}>
			{field.errors.map((e) => t(e)).join(' ')}
		</span>
	)
}

export function CohortFields({
	fields,
	courses,
	defaultCourses,
	defaultTrainedCourses,
}: {
	fields: Fields
	courses: { slug: string; title: string }[]
	defaultCourses: string[]
	/** The cohort's courses that count for "trained" (none ticked: all count). */
	defaultTrainedCourses: string[]
}) {
	const { t } = useTranslation()
	return (
		<>
			<div className="field">
				<label htmlFor={fields.name.id}>{t('cohorts.form.name')}</label>
				<input {...getInputProps(fields.name, { type: 'text' })} />
				<Errors field={fields.name} />
			</div>
			<div className="field">
				<label htmlFor={fields.programme.id}>
					{t('cohorts.form.programme')}
				</label>
				<input
					{...getInputProps(fields.programme, { type: 'text' })}
					aria-describedby={`${fields.programme.descriptionId} ${fields.programme.errorId}`}
				/>
				<span className="field-help" id={fields.programme.descriptionId}>
					{t('cohorts.form.programmeHelp')}
				</span>
				<Errors field={fields.programme} />
			</div>
			<div className="field">
				<label htmlFor={fields.kind.id}>{t('cohorts.form.kind')}</label>
				<select {...getSelectProps(fields.kind)}>
					{cohortKinds.map((k) => (
						<option key={k} value={k}>
							{t(`labels.kind.${k}`)}
						</option>
					))}
				</select>
				<Errors field={fields.kind} />
			</div>
			<fieldset aria-describedby={fields.courses.errorId}>
				<legend>{t('cohorts.form.courses')}</legend>
				{courses.map((c) => (
					<label key={c.slug} className="choice">
						<input
							type="checkbox"
							name={fields.courses.name}
							value={c.slug}
							defaultChecked={defaultCourses.includes(c.slug)}
						/>
						<span>{c.title}</span>
					</label>
				))}
				<Errors field={fields.courses} />
			</fieldset>
			<fieldset aria-describedby="trained-courses-help">
				<legend>{t('cohorts.form.trainedCourses')}</legend>
				<p className="field-help" id="trained-courses-help">
					{t('cohorts.form.trainedCoursesHelp')}
				</p>
				{courses.map((c) => (
					<label key={c.slug} className="choice">
						<input
							type="checkbox"
							name={fields.trainedCourses.name}
							value={c.slug}
							defaultChecked={defaultTrainedCourses.includes(c.slug)}
						/>
						<span>{c.title}</span>
					</label>
				))}
				<Errors field={fields.trainedCourses} />
			</fieldset>
			<div className="field">
				<label htmlFor={fields.country.id}>{t('cohorts.form.country')}</label>
				<input
					{...getInputProps(fields.country, { type: 'text' })}
					maxLength={2}
					aria-describedby={`${fields.country.descriptionId} ${fields.country.errorId}`}
				/>
				<span className="field-help" id={fields.country.descriptionId}>
					{t('cohorts.form.countryHelp')}
				</span>
				<Errors field={fields.country} />
			</div>
			<div className="field">
				<label htmlFor={fields.region.id}>{t('cohorts.form.region')}</label>
				<input {...getInputProps(fields.region, { type: 'text' })} />
				<Errors field={fields.region} />
			</div>
			<div className="field">
				<label htmlFor={fields.communes.id}>{t('cohorts.form.communes')}</label>
				<textarea {...getTextareaProps(fields.communes)} rows={2} />
				<span className="field-help">{t('cohorts.form.communesHelp')}</span>
				<Errors field={fields.communes} />
			</div>
			<div className="grid-2">
				<div className="field">
					<label htmlFor={fields.startDate.id}>
						{t('cohorts.form.startDate')}
					</label>
					<input {...getInputProps(fields.startDate, { type: 'date' })} />
					<Errors field={fields.startDate} />
				</div>
				<div className="field">
					<label htmlFor={fields.endDate.id}>{t('cohorts.form.endDate')}</label>
					<input {...getInputProps(fields.endDate, { type: 'date' })} />
					<Errors field={fields.endDate} />
				</div>
			</div>
			<div className="field">
				<label htmlFor={fields.capacity.id}>{t('cohorts.form.capacity')}</label>
				<input
					{...getInputProps(fields.capacity, { type: 'number' })}
					min={1}
				/>
				<Errors field={fields.capacity} />
			</div>
		</>
	)
}
