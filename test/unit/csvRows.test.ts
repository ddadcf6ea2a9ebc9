/**
 * A CSV file parsed in slices (snapshot/csvRows.ts): the event loop gets turns between slices,
 * and the rows are exactly what one parse of the whole file gives, characters split between
 * two slices included; an error in a later slice names its row.
 */
import { parse } from 'csv-parse/sync';

import { parseCsvRows } from '../../nodes/ActivTrakHrdc/snapshot/csvRows';

const rowsOf = (count: number) =>
	Array.from(
		{ length: count },
		(_, i) => `u${i}@x.com,"Ünïcødé ${'😀'.repeat(i % 7)}, Team",é${i}`,
	);

describe('a CSV file parsed in slices', () => {
	test('gives the rows of one whole parse, with turns for the event loop between slices', async () => {
		const text = `user_lookup_id,group,display_name\r\n${rowsOf(60_000).join('\r\n')}\r\n`;
		expect(Buffer.byteLength(text)).toBeGreaterThan(3 << 20);
		let turns = 0;
		const parsed = await parseCsvRows(text, async () => {
			turns++;
			await new Promise((resolve) => setImmediate(resolve));
		});
		expect(turns).toBeGreaterThanOrEqual(3);
		if (!parsed.ok) throw new Error(parsed.what);
		expect(parsed.rows).toEqual(parse(text, { bom: true, skip_empty_lines: true }));
		expect(parsed.rowNumbers.slice(0, 3)).toEqual([1, 2, 3]);
	});

	test('an unclosed quote in a later slice is named with its row', async () => {
		const rows = rowsOf(40_000);
		rows[30_000] = 'broken@x.com,"Sales,x';
		const parsed = await parseCsvRows(
			`user_lookup_id,group,display_name\n${rows.join('\n')}\n`,
			async () => {},
		);
		expect(parsed).toEqual({
			ok: false,
			what: 'a quote inside a field that is not doubled',
			where: expect.stringMatching(/^ in row 30002/),
		});
	});
});
