import { expect, test } from 'vitest'
import { describeQuery, slowQueryLogger } from './slow-query.server.ts'

test('a query at or above the threshold is logged with its duration and SQL; a faster one is not', () => {
	const lines: string[] = []
	const log = slowQueryLogger(200, (line) => lines.push(line))
	log({ duration: 199.9, query: 'SELECT 1' })
	log({ duration: 200, query: 'SELECT 2' })
	log({
		duration: 1234.56,
		query: 'UPDATE `main`.`User` SET `name` = ? WHERE `id` = ?',
	})
	expect(lines).toEqual([
		'slow query 200.0 ms: SELECT 2',
		'slow query 1234.6 ms: UPDATE `main`.`User` SET `name` = ? WHERE `id` = ?',
	])
})

test('a long column list is elided and the SQL bounded, whitespace folded', () => {
	const columns = Array.from(
		{ length: 20 },
		(_, i) => `\`main\`.\`User\`.\`c${i}\``,
	).join(', ')
	expect(
		describeQuery(
			`SELECT ${columns} FROM \`main\`.\`User\`\n  WHERE \`email\` = ? LIMIT ?`,
		),
	).toBe('SELECT … FROM `main`.`User` WHERE `email` = ? LIMIT ?')
	expect(describeQuery('SELECT a, b FROM t')).toBe('SELECT a, b FROM t')
	const long = describeQuery(
		`DELETE FROM t WHERE id IN (${'?, '.repeat(500)}?)`,
	)
	expect(long.length).toBe(401)
	expect(long.endsWith('…')).toBe(true)
})
