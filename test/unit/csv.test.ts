import { type MappedRecord } from '../../nodes/ActivTrakHrdc/snapshot';
import { buildSnapshot, snapshotRows, snapshotToCsv, snapshotUsers } from '../support/snapshots';
import { rowsToCsv } from '../support/csvReference';
import { CSV_HEADER } from '../support/snapshots';

const HEADER = CSV_HEADER;

function csvOf(records: MappedRecord[], groupDelimiter = ''): string {
	const snapshot = buildSnapshot(records, { groupDelimiter });
	expect(snapshot.problems).toEqual([]);
	const csv = snapshotToCsv(snapshot).toString('utf8');
	// The node's writer gives the same text csv-stringify gives for the rows one by one.
	expect(csv).toBe(rowsToCsv(snapshotRows(snapshot)));
	return csv;
}

describe('snapshot CSV text', () => {
	test.each<[string, MappedRecord[], string]>([
		[
			'a user with no group gives one row with an empty group',
			[{ user_lookup_id: 'a@x.com' }],
			'a@x.com,,,,,,\r\n',
		],
		[
			'every column in the header order',
			[
				{
					delete_user: 'no',
					track: 'yes',
					group: 'Sales',
					display_name: 'Ana',
					email_address: 'ana@x.com',
					employee_id: 'E1',
					user_lookup_id: 'ana@x.com',
				},
			],
			'ana@x.com,E1,ana@x.com,Ana,Sales,,\r\n',
		],
		[
			'a comma is quoted',
			[{ user_lookup_id: 'a@x.com', display_name: 'García, Ana' }],
			'a@x.com,,,"García, Ana",,,\r\n',
		],
		[
			'a quote is doubled inside quotes',
			[{ user_lookup_id: 'a@x.com', display_name: 'Ana "AJ" Ruiz' }],
			'a@x.com,,,"Ana ""AJ"" Ruiz",,,\r\n',
		],
		[
			'Unicode passes through as UTF-8 text',
			[{ user_lookup_id: 'zoë@x.com', display_name: 'Zoë Ødegård 山田 😀', group: 'Ünïcode' }],
			'zoë@x.com,,,Zoë Ødegård 山田 😀,Ünïcode,,\r\n',
		],
		[
			'numbers become their decimal text',
			[{ user_lookup_id: 1001, employee_id: 9007199254740991, display_name: 0.5 }],
			'1001,9007199254740991,,0.5,,,\r\n',
		],
		[
			'a tiny number is written out, not in exponent form',
			[{ user_lookup_id: 'a', employee_id: 1e-7 }],
			'a,0.0000001,,,,,\r\n',
		],
		[
			'booleans set the flags',
			[
				{ user_lookup_id: 'a', track: false, delete_user: true },
				{ user_lookup_id: 'b', track: true, delete_user: false },
			],
			'a,,,,,n,y\r\nb,,,,,,\r\n',
		],
		[
			'flag words in any case, trimmed',
			[
				{ user_lookup_id: 'a', track: ' NO ', delete_user: 'Yes' },
				{ user_lookup_id: 'b', track: 'N', delete_user: 'Y' },
				{ user_lookup_id: 'c', track: 'n', delete_user: '' },
			],
			'a,,,,,n,y\r\nb,,,,,n,y\r\nc,,,,,n,\r\n',
		],
		[
			'an array of groups gives one row per group, other columns repeated',
			[{ user_lookup_id: 'a@x.com', employee_id: 'E1', group: ['Sales', 'EMEA', 'Sales', ''] }],
			'a@x.com,E1,,,Sales,,\r\na@x.com,E1,,,EMEA,,\r\n',
		],
		[
			'null and missing fields are empty cells',
			[{ user_lookup_id: 'a', employee_id: null, group: null }],
			'a,,,,,,\r\n',
		],
		['an empty group array is no group', [{ user_lookup_id: 'a', group: [] }], 'a,,,,,,\r\n'],
		[
			'values are trimmed',
			[{ user_lookup_id: '  a@x.com\t', group: ' Sales ' }],
			'a@x.com,,,,Sales,,\r\n',
		],
		[
			'fields that are not HRDC columns are ignored',
			[{ user_lookup_id: 'a', salary: 100, manager: { name: 'x' } }],
			'a,,,,,,\r\n',
		],
		[
			'the same user on several items: groups gathered, values filled in',
			[
				{ user_lookup_id: 'a@x.com', group: 'Sales' },
				{ user_lookup_id: 'A@X.com', group: 'EMEA', employee_id: 'E1' },
				{ user_lookup_id: 'b@x.com', group: 'Sales' },
			],
			'a@x.com,E1,,,Sales,,\r\na@x.com,E1,,,EMEA,,\r\nb@x.com,,,,Sales,,\r\n',
		],
	])('%s', (_name, records, body) => {
		expect(csvOf(records)).toBe(HEADER + body);
	});

	test('a delimited group string is split only when a delimiter is set', () => {
		const records = [{ user_lookup_id: 'a', group: 'Sales; EMEA;;Sales' }];
		expect(csvOf(records)).toBe(`${HEADER}a,,,,Sales; EMEA;;Sales,,\r\n`);
		expect(csvOf(records, ';')).toBe(`${HEADER}a,,,,Sales,,\r\na,,,,EMEA,,\r\n`);
	});

	test('a group name with a comma is quoted, not split', () => {
		expect(csvOf([{ user_lookup_id: 'a', group: ['R&D, Berlin'] }])).toBe(
			`${HEADER}a,,,,"R&D, Berlin",,\r\n`,
		);
	});

	test('line breaks inside a cell are quoted by the writer (the builder refuses them, the writer must not rely on it)', () => {
		const user = (name: string) => ({ cells: ['a', '', '', name, '', ''], groups: [] });
		const expected = `${HEADER}a,,,"two\nlines",,,\r\na,,,"two\r\nlines",,,\r\na,,,"two\rlines",,,\r\n`;
		const snapshot = {
			users: snapshotUsers([user('two\nlines'), user('two\r\nlines'), user('two\rlines')]),
		};
		expect(snapshotToCsv(snapshot).toString('utf8')).toBe(expected);
		expect(rowsToCsv(snapshotRows(snapshot))).toBe(expected);
	});

	test('UTF-8 as Buffer.from writes it, at every width, lone surrogates included', () => {
		// The builder refuses lone surrogates; the writer still must not write bytes Node.js would not.
		const names = [
			'a\u0080b\u07ff',
			'\u0800\uffff',
			'\ud83d\ude00',
			'x\ud800',
			'\udc00y',
			'\ud800\ud800',
			'\ud83d',
			'"\u00e9,\ud83d',
		];
		const snapshot = {
			users: snapshotUsers(
				names.map((name) => ({ cells: ['a', '', '', name, '', ''], groups: [] })),
			),
		};
		expect(
			snapshotToCsv(snapshot).equals(Buffer.from(rowsToCsv(snapshotRows(snapshot)), 'utf8')),
		).toBe(true);
	});

	test('cells far longer than the estimate (every character a quote or three bytes) grow the buffer', () => {
		const users = Array.from({ length: 200 }, (_, i) => ({
			cells: [`u${i}`, '"'.repeat(300), '山'.repeat(300), `"${'€'.repeat(i)}"`, '', ''],
			groups: ['"G", 山'],
		}));
		const snapshot = { users: snapshotUsers(users) };
		expect(
			snapshotToCsv(snapshot).equals(Buffer.from(rowsToCsv(snapshotRows(snapshot)), 'utf8')),
		).toBe(true);
	});

	test('an empty snapshot is the header alone', () => {
		expect(snapshotToCsv({ users: snapshotUsers([]) }).toString('utf8')).toBe(HEADER);
		expect(rowsToCsv([])).toBe(HEADER);
	});
});
