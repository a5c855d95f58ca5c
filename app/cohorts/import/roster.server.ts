// The parsing layer of a trainer's bulk import of learners into a cohort:
// bytes of a CSV or .xlsx file in, learners and every problem (row, column,
// why) out. Pure: no database, no request; the route shows the preview and
// enrolls `rows` in one transaction.
//
// Choices worth knowing:
// - Row numbers are the spreadsheet's: header row 1 (or wherever the header
//   is, below a title), blank rows counted. A quoted CSV field holding a line
//   break is one row in Excel and LibreOffice, so it counts as one row, not
//   as several lines of text.
// - The header is, among the first 10 non-blank rows, the one where the most
//   columns are recognised: a title line above it is tolerated.
// - A row whose recognised columns are all empty is blank (skipped); "-",
//   "N/A", "néant"… in a contact or optional column count as empty.
// - A row with any problem (an unknown country too) is left out of `rows`;
//   all its problems are reported. An unrecognised country is not used to
//   read the phone number: the default country is.
// - An "âge" column gives birthYear = current year − age (may be a year early).
// - Duplicates are checked against earlier valid rows, by email then phone:
//   at most one duplicateInFile per row.
import { createHash } from 'node:crypto'
import { Unzip, UnzipInflate } from 'fflate'
import Papa from 'papaparse'
import readXlsxFile from 'read-excel-file/node'
import type { RosterColumn } from './columns.ts'
import {
	VALUE_SHOWN,
	type FileProblem,
	type RowProblem,
	type RowProblemCode,
} from './problems.ts'
import { mapHeader, type ColumnMapping } from './roster-headers.ts'
import {
	cellText,
	parseBirthYear,
	parseCountry,
	parseEmail,
	parseGender,
	parseMigration,
	parsePhone,
	parseSituation,
	phoneOfOtherCountry,
	isBlankValue,
	type Cell,
	type Gender,
	type Migration,
	type Situation,
} from './roster-values.ts'
import { decodeText } from './text-decoding.ts'

export { ROSTER_COLUMNS, type RosterColumn } from './columns.ts'

export type RosterRow = {
	/** 1-based row number as the trainer sees it in Excel or LibreOffice: the header is row 1, blank rows count. */
	row: number
	name: string
	email: string | null
	/** E.164, e.g. +237677123456 */
	phone: string | null
	gender: Gender | null
	birthYear: number | null
	/** ISO 3166 alpha-2, e.g. CM, MA */
	country: string | null
	region: string | null
	commune: string | null
	situation: Situation | null
	migration: Migration | null
}

export type { FileProblem, RowProblem, RowProblemCode } from './problems.ts'
export { problemMessageKey } from './problems.ts'

export type RosterParseResult =
	| {
			ok: true
			/** The valid rows, in file order: a row with any problem is not here. */
			rows: RosterRow[]
			problems: RowProblem[]
			/** Detected mapping: field -> the header as written in the file. */
			columns: Partial<Record<RosterColumn, string>>
			ignoredHeaders: string[]
			encoding: 'utf-8' | 'windows-1252' | 'xlsx'
			delimiter: ',' | ';' | '\t' | null
			/** Non-blank data rows in the file, valid or not. */
			totalRows: number
	  }
	| { ok: false; problem: FileProblem }

export type RosterParseOptions = {
	/** Country for phone numbers typed the local way, when the row has no country. Default CM. */
	defaultCountry?: 'CM' | 'MA'
	/** Default 5000. */
	maxRows?: number
}

export const DEFAULT_MAX_ROWS = 5000

/** Columns read from each row: a header is searched for, and data read, in these only (a row of a million cells is not). */
export const MAX_COLUMNS = 200

/** The longest texts kept, as the profile form allows them (a longer cell is a row problem, tooLong). */
export const MAX_TEXT: Partial<Record<RosterColumn, number>> = {
	name: 100,
	firstName: 100,
	lastName: 100,
	region: 80,
	commune: 80,
}

/** What the XML parts of an .xlsx may weigh once unpacked: 5000 rows take a few MB; a zip bomb is stopped here. */
export const MAX_XLSX_UNPACKED_MB = 20

/** sha256 of the file's bytes, hex: to recognise a file already imported. */
export function rosterFileHash(data: Uint8Array): string {
	return createHash('sha256').update(data).digest('hex')
}

/**
 * The i18n key of a problem's message: t(key, { row, column: t(`import.columns.${column}`), value })
 * for a row problem, t(key, { detail }) for a file problem.
 */

type Delimiter = ',' | ';' | '\t'
type Sheet = {
	records: Cell[][]
	encoding: 'utf-8' | 'windows-1252' | 'xlsx'
	delimiter: Delimiter | null
}

const TEXT_EXTENSIONS = new Set(['csv', 'txt', 'tsv', 'tab', ''])
const XLSX_EXTENSIONS = new Set(['xlsx', 'xlsm'])

function extensionOf(fileName: string): string {
	const base = fileName.split(/[/\\]/).pop() ?? ''
	const dot = base.lastIndexOf('.')
	return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase()
}

function startsWith(data: Uint8Array, bytes: number[]): boolean {
	return bytes.every((b, i) => data[i] === b)
}

const ZIP_MAGIC = [0x50, 0x4b] // "PK"
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] // .xls, .doc (Office 97–2003)

export async function parseRoster(
	data: Uint8Array,
	fileName: string,
	options: RosterParseOptions = {},
): Promise<RosterParseResult> {
	const sheet = await readSheet(data, fileName)
	if ('code' in sheet) return { ok: false, problem: sheet }
	return buildRoster(sheet, options)
}

async function readSheet(
	data: Uint8Array,
	fileName: string,
): Promise<Sheet | FileProblem> {
	const extension = extensionOf(fileName)
	if (data.length === 0) return { code: 'empty', detail: 'zero bytes' }
	// Office 97–2003: an .xls, whatever it was renamed to (or a .doc/.ppt).
	if (startsWith(data, OLE2_MAGIC)) {
		return {
			code: 'unsupportedType',
			detail: ['doc', 'ppt'].includes(extension) ? `.${extension}` : '.xls',
		}
	}
	// Named .xls: only a renamed .xlsx (a zip) can be read.
	if (extension === 'xls' && !startsWith(data, ZIP_MAGIC))
		return { code: 'unsupportedType', detail: '.xls' }
	if (startsWith(data, ZIP_MAGIC)) {
		// A zip is an .xlsx, or an .ods, .docx, .numbers… which are not.
		if (
			!XLSX_EXTENSIONS.has(extension) &&
			!TEXT_EXTENSIONS.has(extension) &&
			extension !== 'xls'
		) {
			return { code: 'unsupportedType', detail: `.${extension}` }
		}
		return readXlsx(data)
	}
	if (XLSX_EXTENSIONS.has(extension))
		return { code: 'unreadable', detail: 'an .xlsx file must be a zip archive' }
	if (!TEXT_EXTENSIONS.has(extension))
		return { code: 'unsupportedType', detail: `.${extension}` }
	return readCsv(data)
}

/**
 * What the XML parts of a zip inflate to, counted without keeping them, and
 * given up past `limit` bytes ('over'); null when fflate cannot read the zip
 * (the xlsx reader then says what is wrong). Fed in small pieces: inflating
 * 16 KB yields at most ~16 MB, whatever the archive claims.
 */
function unpackedXmlBytes(
	data: Uint8Array,
	limit: number,
): number | 'over' | null {
	let total = 0
	let over = false
	const unzip = new Unzip((file) => {
		if (!/\.(xml|rels)$/i.test(file.name)) return
		file.ondata = (error, chunk) => {
			if (error || over) return
			total += chunk.length
			if (total > limit) {
				over = true
				file.terminate()
			}
		}
		file.start()
	})
	unzip.register(UnzipInflate)
	const PIECE = 16 * 1024
	try {
		for (let i = 0; i < data.length && !over; i += PIECE)
			unzip.push(data.subarray(i, i + PIECE), i + PIECE >= data.length)
	} catch {
		return over ? 'over' : null
	}
	return over ? 'over' : total
}

async function readXlsx(data: Uint8Array): Promise<Sheet | FileProblem> {
	if (unpackedXmlBytes(data, MAX_XLSX_UNPACKED_MB * 1024 * 1024) === 'over') {
		return { code: 'tooLargeUnpacked', detail: String(MAX_XLSX_UNPACKED_MB) }
	}
	let sheets: { sheet: string; data: unknown[][] }[]
	try {
		sheets = (await readXlsxFile(
			Buffer.from(data.buffer, data.byteOffset, data.byteLength),
		)) as typeof sheets
	} catch (error) {
		const code = (error as { code?: unknown }).code
		if (code === 'XLS_FILE_NOT_SUPPORTED')
			return { code: 'unsupportedType', detail: '.xls' }
		return {
			code: 'unreadable',
			detail: `xlsx: ${error instanceof Error ? error.message : String(error)}`,
		}
	}
	// The first sheet; when it is empty, the first one that is not.
	const hasData = (rows: unknown[][]) =>
		rows.some((row) => row.some((cell) => cellText(cell as Cell) !== ''))
	const sheet = sheets.find((s) => hasData(s.data)) ?? sheets[0]
	if (!sheet) return { code: 'empty', detail: 'no sheet' }
	return { records: sheet.data as Cell[][], encoding: 'xlsx', delimiter: null }
}

function readCsv(data: Uint8Array): Sheet | FileProblem {
	const decoded = decodeText(data)
	if (!decoded.ok) {
		return {
			code: 'unreadable',
			detail:
				decoded.reason === 'utf-16'
					? 'UTF-16 text: save as CSV UTF-8'
					: 'binary content, not text',
		}
	}
	let text = decoded.text
	if (text.trim() === '') return { code: 'empty', detail: 'blank text' }
	// Excel's "sep=;" first line says which delimiter follows; Excel does not show it as a row.
	let delimiter: Delimiter | undefined
	const sep = /^sep=([,;\t])[ \t]*(?:\r\n|\n|\r)/i.exec(text)
	if (sep) {
		delimiter = sep[1] as Delimiter
		text = text.slice(sep[0].length)
	}
	delimiter ??= detectDelimiter(text)
	const parsed = Papa.parse<string[]>(text, {
		delimiter,
		header: false,
		skipEmptyLines: false,
		quoteChar: '"',
	})
	const unterminated = parsed.errors.find((e) => e.code === 'MissingQuotes')
	if (unterminated) {
		return {
			code: 'unreadable',
			detail: `quoted field never closed (row ${(unterminated.row ?? 0) + 1})`,
		}
	}
	return { records: parsed.data, encoding: decoded.encoding, delimiter }
}

/**
 * The delimiter among ; , and tab: the one that occurs most often, outside
 * quotes, on one of the first lines (the header, and a title line above it
 * when there is one). Ties go to ";", what Excel writes in French.
 */
export function detectDelimiter(text: string): Delimiter {
	const candidates: Delimiter[] = [';', ',', '\t']
	const best: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0 }
	const lines = text
		.split(/\r\n|\n|\r/)
		.filter((line) => line.trim() !== '')
		.slice(0, 10)
	for (const line of lines) {
		const counts: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0 }
		let quoted = false
		for (const ch of line) {
			if (ch === '"') quoted = !quoted
			else if (!quoted && (ch === ';' || ch === ',' || ch === '\t'))
				counts[ch]++
		}
		for (const d of candidates) best[d] = Math.max(best[d], counts[d])
	}
	return candidates.reduce((a, b) => (best[b] > best[a] ? b : a))
}

const HEADER_SEARCH_ROWS = 10

function buildRoster(
	sheet: Sheet,
	options: RosterParseOptions,
): RosterParseResult {
	const { records } = sheet
	const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS
	const defaultCountry = options.defaultCountry ?? 'CM'
	const currentYear = new Date().getFullYear()
	const texts = (record: Cell[]) =>
		record.slice(0, MAX_COLUMNS).map((cell) => cellText(cell))

	// The header is the first non-blank row, unless a title ("Liste des
	// participants – Douala 2025") stands above it: among the first rows, the
	// one where the most columns are recognised.
	let header: { index: number; mapping: ColumnMapping } | undefined
	let seen = 0
	for (let i = 0; i < records.length && seen < HEADER_SEARCH_ROWS; i++) {
		const cells = texts(records[i] ?? [])
		if (cells.every((c) => c === '')) continue
		seen++
		const mapping = mapHeader(cells)
		if (mapping.recognised > (header?.mapping.recognised ?? 0))
			header = { index: i, mapping }
	}
	if (seen === 0)
		return { ok: false, problem: { code: 'empty', detail: 'no non-blank row' } }
	if (!header)
		return {
			ok: false,
			problem: {
				code: 'noHeader',
				detail: 'no recognisable column name in the first rows',
			},
		}
	const { index: col, headers, ignored, birthYearKind } = header.mapping
	if (
		col.name === undefined &&
		col.firstName === undefined &&
		col.lastName === undefined
	) {
		return { ok: false, problem: { code: 'missingNameColumn' } }
	}
	if (col.email === undefined && col.phone === undefined)
		return { ok: false, problem: { code: 'missingContactColumn' } }

	// Data rows: after the header; a row whose recognised columns are all
	// empty is blank (a template's "N°" column numbering empty lines does not count).
	const mappedIndexes = Object.values(col)
	const dataRows: { row: number; record: Cell[] }[] = []
	for (let i = header.index + 1; i < records.length; i++) {
		const record = records[i] ?? []
		if (mappedIndexes.every((c) => cellText(record[c]) === '')) continue
		dataRows.push({ row: i + 1, record })
	}
	if (dataRows.length === 0)
		return { ok: false, problem: { code: 'empty', detail: 'header only' } }
	if (dataRows.length > maxRows)
		return {
			ok: false,
			problem: { code: 'tooManyRows', detail: String(maxRows) },
		}

	const rows: RosterRow[] = []
	const problems: RowProblem[] = []
	const rowOfEmail = new Map<string, number>()
	const rowOfPhone = new Map<string, number>()

	for (const { row, record } of dataRows) {
		const cell = (field: RosterColumn): Cell =>
			col[field] === undefined ? null : record[col[field]]
		const text = (field: RosterColumn): string => cellText(cell(field))
		const rowProblems: RowProblem[] = []
		const problem = (
			code: RowProblemCode,
			column: RosterColumn | null,
			value: string,
			extra: Pick<
				RowProblem,
				'max' | 'country' | 'expected' | 'expectedFrom' | 'suggestion'
			> = {},
		) =>
			rowProblems.push({
				row,
				column,
				code,
				value:
					value.length > VALUE_SHOWN
						? `${value.slice(0, VALUE_SHOWN)}…`
						: value,
				...extra,
			})
		for (const [column, max] of Object.entries(MAX_TEXT) as [
			RosterColumn,
			number,
		][]) {
			if (text(column).length > max)
				problem('tooLong', column, text(column), { max })
		}

		// Name: the full-name column, else "Prénom Nom".
		const name =
			text('name') ||
			[text('firstName'), text('lastName')]
				.filter((part) => part !== '')
				.join(' ')
		if (name === '')
			problem(
				'missingName',
				col.name !== undefined
					? 'name'
					: col.lastName !== undefined
						? 'lastName'
						: 'firstName',
				'',
			)
		// "Prénom Nom" joined may exceed what each column allows.
		else if (
			name.length > MAX_TEXT.name! &&
			!rowProblems.some((p) => p.code === 'tooLong')
		)
			problem('tooLong', col.name !== undefined ? 'name' : 'lastName', name, {
				max: MAX_TEXT.name,
			})
		// Separate first- and last-name columns: a last name is needed, a first name alone is not a name.
		else if (
			text('name') === '' &&
			col.firstName !== undefined &&
			col.lastName !== undefined &&
			text('lastName') === ''
		)
			problem('missingLastName', 'lastName', text('firstName'))

		const countryText = text('country')
		const country = parseCountry(countryText)

		const emailText = isBlankValue(text('email')) ? '' : text('email')
		const email = emailText === '' ? null : (parseEmail(emailText) ?? null)
		if (emailText !== '' && email === null)
			problem('invalidEmail', 'email', emailText)

		const phoneText = isBlankValue(text('phone')) ? '' : text('phone')
		const phoneCountry = country ?? defaultCountry
		const phone =
			phoneText === ''
				? null
				: (parsePhone(cell('phone'), phoneCountry) ?? null)
		const otherCountry =
			phoneText !== '' && phone === null
				? phoneOfOtherCountry(cell('phone'), phoneCountry)
				: undefined
		if (otherCountry)
			problem('phoneOtherCountry', 'phone', phoneText, {
				country: otherCountry.country,
				expected: phoneCountry,
				expectedFrom: country ? 'row' : 'cohort',
				suggestion: otherCountry.international,
			})
		else if (phoneText !== '' && phone === null)
			problem('invalidPhone', 'phone', phoneText)

		if (emailText === '' && phoneText === '')
			problem('missingContact', null, '')

		const gender = parseGender(text('gender'))
		if (gender === undefined) problem('invalidGender', 'gender', text('gender'))

		const birthYear = parseBirthYear(
			cell('birthYear'),
			birthYearKind,
			currentYear,
		)
		if (birthYear === undefined)
			problem('invalidBirthYear', 'birthYear', text('birthYear'))

		if (country === undefined) problem('unknownCountry', 'country', countryText)

		const situation = parseSituation(text('situation'))
		if (situation === undefined)
			problem('invalidSituation', 'situation', text('situation'))

		const migration = parseMigration(text('migration'))
		if (migration === undefined)
			problem('invalidMigration', 'migration', text('migration'))

		// The same person twice: the later row is the duplicate.
		if (email !== null && rowOfEmail.has(email))
			problem('duplicateInFile', 'email', emailText)
		else if (phone !== null && rowOfPhone.has(phone))
			problem('duplicateInFile', 'phone', phoneText)

		if (rowProblems.length > 0) {
			problems.push(...rowProblems)
			continue
		}
		if (email !== null) rowOfEmail.set(email, row)
		if (phone !== null) rowOfPhone.set(phone, row)
		rows.push({
			row,
			name,
			email,
			phone,
			gender: gender ?? null,
			birthYear: birthYear ?? null,
			country: country ?? null,
			region: isBlankValue(text('region')) ? null : text('region'),
			commune: isBlankValue(text('commune')) ? null : text('commune'),
			situation: situation ?? null,
			migration: migration ?? null,
		})
	}

	return {
		ok: true,
		rows,
		problems,
		columns: headers,
		ignoredHeaders: ignored,
		encoding: sheet.encoding,
		delimiter: sheet.delimiter,
		totalRows: dataRows.length,
	}
}
