import { type MappedRecord } from '../../nodes/ActivTrakHrdc/snapshot';
import { EMULATOR_COLUMNS } from '../emulator/HrdcEmulator';
import {
	buildSnapshot,
	snapshotRows,
	snapshotToCsv,
	snapshotUsers,
	csvRows,
	hrdcCsv,
} from '../support/snapshots';
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

test("the header is HRDC's, in the guide's column order (as the emulator, ActivTrak's stand-in, knows it)", () => {
	expect(CSV_HEADER).toBe(`${EMULATOR_COLUMNS.join(',')}\r\n`);
	expect(CSV_HEADER.startsWith('user_lookup_id,')).toBe(true);
});

describe('snapshot CSV text', () => {
	test.each<[string, MappedRecord[], string]>([
		[
			'a user with no group gives one row with an empty group',
			[{ user_lookup_id: 'a@x.com' }],
			csvRows({ user_lookup_id: 'a@x.com' }),
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
			csvRows({
				user_lookup_id: 'ana@x.com',
				employee_id: 'E1',
				email_address: 'ana@x.com',
				display_name: 'Ana',
				group: 'Sales',
			}),
		],
		[
			'a comma is quoted',
			[{ user_lookup_id: 'a@x.com', display_name: 'García, Ana' }],
			csvRows({ user_lookup_id: 'a@x.com', display_name: 'García, Ana' }),
		],
		[
			'a quote is doubled inside quotes',
			[{ user_lookup_id: 'a@x.com', display_name: 'Ana "AJ" Ruiz' }],
			csvRows({ user_lookup_id: 'a@x.com', display_name: 'Ana "AJ" Ruiz' }),
		],
		[
			'Unicode passes through as UTF-8 text',
			[{ user_lookup_id: 'zoë@x.com', display_name: 'Zoë Ødegård 山田 😀', group: 'Ünïcode' }],
			csvRows({
				user_lookup_id: 'zoë@x.com',
				display_name: 'Zoë Ødegård 山田 😀',
				group: 'Ünïcode',
			}),
		],
		[
			'numbers become their decimal text',
			[{ user_lookup_id: 1001, employee_id: 9007199254740991, display_name: 0.5 }],
			csvRows({ user_lookup_id: '1001', employee_id: '9007199254740991', display_name: '0.5' }),
		],
		[
			'a tiny number is written out, not in exponent form',
			[{ user_lookup_id: 'a', employee_id: 1e-7 }],
			csvRows({ user_lookup_id: 'a', employee_id: '0.0000001' }),
		],
		[
			'booleans set the flags',
			[
				{ user_lookup_id: 'a', track: false, delete_user: true },
				{ user_lookup_id: 'b', track: true, delete_user: false },
			],
			csvRows({ user_lookup_id: 'a', track: 'n', delete_user: 'y' }, { user_lookup_id: 'b' }),
		],
		[
			'flag words in any case, trimmed',
			[
				{ user_lookup_id: 'a', track: ' NO ', delete_user: 'Yes' },
				{ user_lookup_id: 'b', track: 'N', delete_user: 'Y' },
				{ user_lookup_id: 'c', track: 'n', delete_user: '' },
			],
			csvRows(
				{ user_lookup_id: 'a', track: 'n', delete_user: 'y' },
				{ user_lookup_id: 'b', track: 'n', delete_user: 'y' },
				{ user_lookup_id: 'c', track: 'n' },
			),
		],
		[
			'an array of groups gives one row per group, other columns repeated',
			[{ user_lookup_id: 'a@x.com', employee_id: 'E1', group: ['Sales', 'EMEA', 'Sales', ''] }],
			csvRows(
				{ user_lookup_id: 'a@x.com', employee_id: 'E1', group: 'Sales' },
				{ user_lookup_id: 'a@x.com', employee_id: 'E1', group: 'EMEA' },
			),
		],
		[
			'null and missing fields are empty cells',
			[{ user_lookup_id: 'a', employee_id: null, group: null }],
			csvRows({ user_lookup_id: 'a' }),
		],
		[
			'an empty group array is no group',
			[{ user_lookup_id: 'a', group: [] }],
			csvRows({ user_lookup_id: 'a' }),
		],
		[
			'values are trimmed',
			[{ user_lookup_id: '  a@x.com\t', group: ' Sales ' }],
			csvRows({ user_lookup_id: 'a@x.com', group: 'Sales' }),
		],
		[
			'fields that are not HRDC columns are ignored',
			[{ user_lookup_id: 'a', salary: 100, manager: { name: 'x' } }],
			csvRows({ user_lookup_id: 'a' }),
		],
		[
			'the same user on several items: groups gathered, values filled in',
			[
				{ user_lookup_id: 'a@x.com', group: 'Sales' },
				{ user_lookup_id: 'A@X.com', group: 'EMEA', employee_id: 'E1' },
				{ user_lookup_id: 'b@x.com', group: 'Sales' },
			],
			csvRows(
				{ user_lookup_id: 'a@x.com', employee_id: 'E1', group: 'Sales' },
				{ user_lookup_id: 'a@x.com', employee_id: 'E1', group: 'EMEA' },
				{ user_lookup_id: 'b@x.com', group: 'Sales' },
			),
		],
	])('%s', (_name, records, body) => {
		expect(csvOf(records)).toBe(HEADER + body);
	});

	test('a delimited group string is split only when a delimiter is set', () => {
		const records = [{ user_lookup_id: 'a', group: 'Sales; EMEA;;Sales' }];
		expect(csvOf(records)).toBe(hrdcCsv({ user_lookup_id: 'a', group: 'Sales; EMEA;;Sales' }));
		expect(csvOf(records, ';')).toBe(
			hrdcCsv({ user_lookup_id: 'a', group: 'Sales' }, { user_lookup_id: 'a', group: 'EMEA' }),
		);
	});

	test('a group name with a comma is quoted, not split', () => {
		expect(csvOf([{ user_lookup_id: 'a', group: ['R&D, Berlin'] }])).toBe(
			hrdcCsv({ user_lookup_id: 'a', group: 'R&D, Berlin' }),
		);
	});

	test('line breaks inside a cell are quoted by the writer (the builder refuses them, the writer must not rely on it)', () => {
		const user = (name: string) => ({
			cells: { user_lookup_id: 'a', display_name: name },
			groups: [],
		});
		const expected = hrdcCsv(
			{ user_lookup_id: 'a', display_name: 'two\nlines' },
			{ user_lookup_id: 'a', display_name: 'two\r\nlines' },
			{ user_lookup_id: 'a', display_name: 'two\rlines' },
		);
		// The line breaks are quoted: each cell reads back whole.
		expect(expected).toContain('"two\r\nlines"');
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
				names.map((name) => ({ cells: { user_lookup_id: 'a', display_name: name }, groups: [] })),
			),
		};
		expect(
			snapshotToCsv(snapshot).equals(Buffer.from(rowsToCsv(snapshotRows(snapshot)), 'utf8')),
		).toBe(true);
	});

	test('cells far longer than the estimate (every character a quote or three bytes) grow the buffer', () => {
		const users = Array.from({ length: 200 }, (_, i) => ({
			cells: {
				user_lookup_id: `u${i}`,
				employee_id: '"'.repeat(300),
				email_address: '山'.repeat(300),
				display_name: `"${'€'.repeat(i)}"`,
			},
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
