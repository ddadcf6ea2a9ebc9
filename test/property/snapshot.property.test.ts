/**
 * Property tests: arbitrary items either get rejected with a problem naming the item and a
 * column, or become a CSV that a strict RFC 4180 reader reads back to exactly the intended rows,
 * inside a multipart body that reads back to exactly that CSV.
 *
 * CI runs a fixed seed with a small budget; a long run is one command away:
 *   FC_RUNS=20000 npx jest test/property        (FC_SEED=<n> to replay or vary the seed)
 */
import fc from 'fast-check';
import FormData from 'form-data';

import {
	HRDC_COLUMNS,
	HRDC_COLUMN_IDS,
	SnapshotBuilder,
	plainCsvChars,
	trimmedText,
	USER_COLUMNS,
	writeSnapshotCsv,
	type MappedRecord,
	type Snapshot,
	type UserColumnId,
} from '../../nodes/ActivTrakHrdc/snapshot';
import {
	buildSnapshot,
	rowCells,
	snapshotRows,
	snapshotToCsv,
	snapshotUsers,
} from '../support/snapshots';
import { snapshotMultipartFrame } from '../../nodes/ActivTrakHrdc/transport/multipart';
import { rowsToCsv } from '../support/csvReference';
import { boundaryOf, readMultipart } from '../support/multipartReader';
import { parseStrictCsv } from '../support/strictCsv';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = Number(process.env.FC_SEED ?? 20261128);
const settings = { numRuns: RUNS, seed: SEED, endOnFailure: true };

// Pieces that break naive CSV and text handling.
const tricky = fc.constantFrom(
	',',
	'"',
	'""',
	'\r',
	'\n',
	'\r\n',
	'\u0000',
	'\u0007',
	'\u0085',
	'\t',
	' ',
	'\u200f',
	'\u202e',
	'\ufeff',
	'é',
	'山',
	'😀',
	'\ud83d',
	'\ude00',
	';',
	'|',
	'=1+1',
	'a',
	'Z',
	'0',
);
const text = fc.oneof(
	{
		weight: 4,
		arbitrary: fc
			.array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 8 })
			.map((parts) => parts.join('')),
	},
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 250, maxLength: 270 }) },
	{
		weight: 2,
		arbitrary: fc.constantFrom(
			'a@x.com',
			'B@X.com',
			' a@x.com ',
			'Sales',
			'n',
			'No',
			'y',
			'YES',
			'true',
			'false',
			'',
		),
	},
);
const scalar = fc.oneof(
	{ weight: 6, arbitrary: text },
	{ weight: 1, arbitrary: fc.integer({ min: -1e6, max: 1e9 }) },
	{ weight: 1, arbitrary: fc.double() },
	{ weight: 1, arbitrary: fc.boolean() },
	{ weight: 1, arbitrary: fc.constantFrom(null, undefined) },
);
const anyValue = fc.oneof(
	{ weight: 8, arbitrary: scalar },
	{ weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }) },
	{ weight: 1, arbitrary: fc.array(fc.array(scalar, { maxLength: 2 }), { maxLength: 2 }) },
	{ weight: 1, arbitrary: fc.object({ maxDepth: 2, maxKeys: 3 }) },
);
const lookupId = fc.oneof(
	fc.constantFrom('a@x.com', 'A@x.com', 'b@x.com', 'c@x.com', 'E-1'),
	anyValue,
);
const item = fc.record(
	{
		user_lookup_id: lookupId,
		employee_id: anyValue,
		email_address: fc.oneof(fc.constantFrom('a@x.com', 'b.c+d@sub.x.co', 'not an email'), anyValue),
		display_name: anyValue,
		group: anyValue,
		track: fc.oneof(fc.constantFrom(true, false, 'n', 'No', 'yes', ''), anyValue),
		delete_user: fc.oneof(fc.constantFrom(true, false, 'y', 'NO', ''), anyValue),
		unrelated: anyValue,
	},
	{ requiredKeys: [] },
);
const items = fc.array(item, { minLength: 1, maxLength: 12 });
const delimiter = fc.constantFrom('', ';', '|', ',');

const HEADER = [...HRDC_COLUMN_IDS];

function roundTrip(snapshot: Snapshot): { csv: string; readBack: string[][] } {
	const frame = snapshotMultipartFrame('hrdc-snapshot.csv');
	const { csv: bytes, framed: body } = writeSnapshotCsv(snapshot, frame);
	const csv = bytes.toString('utf8');
	expect(csv).toBe(rowsToCsv(snapshotRows(snapshot)));
	expect(snapshotToCsv(snapshot).equals(bytes)).toBe(true);
	// The body is byte for byte what form-data makes of the same CSV with the same boundary.
	const boundary = boundaryOf(frame.contentType)!;
	const form = new FormData();
	form.setBoundary(boundary);
	form.append('File', Buffer.from(bytes), {
		filename: 'hrdc-snapshot.csv',
		contentType: 'text/csv',
		knownLength: bytes.length,
	});
	expect(body.equals(form.getBuffer())).toBe(true);
	const parts = readMultipart(body, boundary);
	expect(parts.map((part) => [part.name, part.fileName, part.contentType])).toEqual([
		['File', 'hrdc-snapshot.csv', 'text/csv'],
	]);
	// The multipart part holds exactly the CSV's UTF-8 bytes, and they decode without loss.
	expect(parts[0].data.equals(Buffer.from(csv, 'utf8'))).toBe(true);
	const decoded = new TextDecoder('utf-8', { fatal: true }).decode(parts[0].data);
	expect(decoded).toBe(csv);
	return { csv, readBack: parseStrictCsv(decoded) };
}

describe('any items', () => {
	test('are rejected with a named problem, or read back from CSV and multipart as exactly the snapshot rows', () => {
		fc.assert(
			fc.property(items, delimiter, (records, groupDelimiter) => {
				const snapshot = buildSnapshot(records as MappedRecord[], { groupDelimiter });
				for (const problem of snapshot.problems) {
					expect(problem.itemIndex).toBeGreaterThanOrEqual(0);
					expect(problem.itemIndex).toBeLessThan(records.length);
					expect(HRDC_COLUMN_IDS).toContain(problem.column);
					expect(problem.message.length).toBeGreaterThan(5);
				}
				expect(new Set(snapshot.rejectedRecords).size).toBe(snapshot.rejectedRecords.length);
				// What the builder counted as it went (users merged from several records too) is
				// what a pass over the finished users counts: the CSV writer sizes its buffer by it.
				const { plainCsvChars: counted, ...users } = snapshot.users;
				expect(counted).toBe(plainCsvChars(users));
				const { readBack } = roundTrip(snapshot);
				expect(readBack).toEqual([HEADER, ...[...snapshotRows(snapshot)]]);
			}),
			settings,
		);
	});

	test('that are accepted give exactly the rows an independent model expects', () => {
		fc.assert(
			fc.property(items, delimiter, (records, groupDelimiter) => {
				const snapshot = buildSnapshot(records as MappedRecord[], { groupDelimiter });
				const rejected = new Set(snapshot.rejectedRecords);
				const accepted = records.filter((_, index) => !rejected.has(index));
				const { readBack } = roundTrip(snapshot);
				expect(readBack).toEqual([HEADER, ...expectedRows(accepted, groupDelimiter)]);
			}),
			settings,
		);
	});

	test('items of plain text always give a CSV that reads back cell for cell', () => {
		const plain = fc
			.string({ unit: 'grapheme-composite', maxLength: 30 })
			.filter(
				(s) =>
					![...s].some(
						(c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f),
					) && !/[\p{Cf}\u2028\u2029]/u.test(s),
			);
		// A group name as ActivTrak takes it (groupRules.ts): none of ", \ or ^, at most 65 characters.
		const groupName = plain.filter(
			(s) => !/["\\^]/.test(s) && [...s.trim().normalize('NFC')].length <= 65,
		);
		// Cells are sent in Unicode's composed form (NFC), whatever form the item used.
		const cell = (text: string) => text.trim().normalize('NFC');
		fc.assert(
			fc.property(
				fc.array(fc.tuple(plain, groupName, plain), { minLength: 1, maxLength: 10 }),
				(triples) => {
					const records = triples.map(([name, group, id], index) => ({
						user_lookup_id: `u${index}@x.com`,
						display_name: `${name}#${index}`,
						group,
						employee_id: id,
					}));
					const snapshot = buildSnapshot(records);
					expect(snapshot.problems).toEqual([]);
					const { readBack } = roundTrip(snapshot);
					expect(readBack.slice(1)).toEqual(
						triples.map(([name, group, id], index) =>
							rowCells({
								user_lookup_id: `u${index}@x.com`,
								employee_id: cell(id),
								display_name: cell(`${name}#${index}`),
								group: cell(group),
							}),
						),
					);
				},
			),
			settings,
		);
	});
});

describe('trimmedText', () => {
	test('is what trim() gives, for any text', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					text,
					fc.string({ unit: 'binary' }),
					fc.string({
						unit: fc.constantFrom(' ', '\u00a0', '\u3000', '\ufeff', '\t', 'a', '~', '\u2028'),
					}),
				),
				(value) => {
					expect(trimmedText(value)).toBe(value.trim());
				},
			),
			settings,
		);
	});
});

describe('people a source preset read', () => {
	// What presets/index.ts hands the builder: text cells trimmed (tricky inside), the flags as
	// a leaver policy sets them, one group name trimmed or a list of non-empty trimmed names.
	const cellText = text.map((value) => value.trim());
	const name = cellText.filter((value) => value !== '');
	// Values that make users meet (the same lookup id in another case, a shared display name), a
	// bad e-mail and a formula, where a column can have them; every user column has a cell.
	const meeting: Partial<Record<UserColumnId, string[]>> = {
		user_lookup_id: ['a@x.com', 'A@x.com', 'b@x.com', 'E-1'],
		email_address: ['a@x.com', 'not an email'],
		display_name: ['Ann', 'ann', '=cmd'],
	};
	const cellOf = (column: (typeof USER_COLUMNS)[number]): fc.Arbitrary<string> => {
		if (column.kind === 'trackFlag') return fc.constantFrom('', 'n');
		if (column.kind === 'deleteFlag') return fc.constantFrom('', 'y');
		const values = meeting[column.id];
		return values ? fc.oneof(fc.constantFrom(...values), cellText) : cellText;
	};
	const person = fc.record({
		cells: fc.record(
			Object.fromEntries(USER_COLUMNS.map((column) => [column.id, cellOf(column)])) as Record<
				UserColumnId,
				fc.Arbitrary<string>
			>,
		),
		group: fc.oneof(fc.constantFrom(''), name, fc.array(name, { minLength: 2, maxLength: 4 })),
	});

	test('are checked and kept exactly as the same values given as a record', () => {
		// The preset's entrance (addCells) skips reading a record object; nothing else may differ.
		// A user's cells are every column but the groups, in the list's order.
		expect(USER_COLUMNS.map(({ id }) => id)).toEqual(
			HRDC_COLUMNS.filter(({ kind }) => kind !== 'groups').map(({ id }) => id),
		);
		fc.assert(
			fc.property(
				fc.array(person, { minLength: 1, maxLength: 12 }),
				fc.boolean(),
				(people, refuseFormulaCells) => {
					const options = { refuseFormulaCells, expectedRecords: people.length };
					const asTexts = new SnapshotBuilder(options);
					const asRecords = new SnapshotBuilder(options);
					people.forEach(({ cells, group }, index) => {
						asTexts.addCells(index, cells, group);
						asRecords.add(index, { ...cells, group });
					});
					expect(asTexts.build()).toEqual(asRecords.build());
				},
			),
			settings,
		);
	});
});

describe('the CSV writer', () => {
	// Any cells at all, line breaks and quotes included (the builder refuses some of these, the
	// writer must not depend on it), in users large enough that the writer hands text over in
	// pieces and has to grow its buffer for text that is mostly three bytes a character.
	const cell = fc.oneof(
		{
			weight: 3,
			arbitrary: fc
				.array(fc.oneof(tricky, fc.string({ maxLength: 6 })), { maxLength: 6 })
				.map((parts) => parts.join('')),
		},
		{
			weight: 1,
			arbitrary: fc.string({
				unit: fc.constantFrom('山', '€', 'ü', '"', ','),
				minLength: 100,
				maxLength: 3000,
			}),
		},
	);
	const user = fc.record({
		cells: fc.record(Object.fromEntries(USER_COLUMNS.map(({ id }) => [id, cell]))),
		groups: fc.array(cell, { maxLength: 3 }),
	});

	test('writes byte for byte what csv-stringify writes for the same rows', () => {
		fc.assert(
			fc.property(fc.array(user, { maxLength: 40 }), (users) => {
				const snapshot = { users: snapshotUsers(users) };
				// Bytes, not text: a lone surrogate half becomes U+FFFD in UTF-8 either way.
				const written = snapshotToCsv(snapshot);
				const reference = Buffer.from(rowsToCsv(snapshotRows(snapshot)), 'utf8');
				if (!written.equals(reference))
					expect(written.toString('utf8')).toBe(reference.toString('utf8'));
				expect(written.equals(reference)).toBe(true);
			}),
			{ ...settings, numRuns: Math.max(50, Math.floor(RUNS / 3)) },
		);
	});
});

/**
 * The model, written apart from the node's code: what HRDC rows accepted items must become.
 * One user per case-blind lookup id, in first-seen order; a cell is the first non-empty value
 * the user's items give; groups are gathered in order without repeats.
 */
function expectedRows(records: Array<Record<string, unknown>>, groupDelimiter: string): string[][] {
	const asText = (value: unknown): string => {
		if (value === undefined || value === null) return '';
		if (typeof value === 'number')
			return Number.isInteger(value) ? String(value) : modelNumber(value);
		return String(value).trim();
	};
	const track = (value: unknown) =>
		value === false || ['n', 'no', 'false'].includes(asText(value).toLowerCase()) ? 'n' : '';
	const remove = (value: unknown) =>
		value === true || ['y', 'yes', 'true'].includes(asText(value).toLowerCase()) ? 'y' : '';
	// Text cells and group names are sent in Unicode's composed form (NFC).
	const composed = (text: string) => text.normalize('NFC');
	const groupsOf = (value: unknown): string[] => {
		const list = Array.isArray(value)
			? value
			: value === undefined || value === null
				? []
				: [value];
		return list
			.map(asText)
			.flatMap((name) =>
				groupDelimiter && name.includes(groupDelimiter)
					? name.split(groupDelimiter).map((part) => part.trim())
					: [name],
			)
			.filter((name) => name !== '')
			.map(composed);
	};
	// Each user column as its kind reads it: free text, or one of the two flags.
	const read = {
		text: (value: unknown) => composed(asText(value)),
		trackFlag: track,
		deleteFlag: remove,
	};
	const userColumns = HRDC_COLUMNS.filter((column) => column.kind !== 'groups');
	const users = new Map<string, { cells: Record<string, string>; groups: string[] }>();
	for (const record of records) {
		const key = composed(asText(record.user_lookup_id)).toLowerCase();
		const user = users.get(key) ?? { cells: {}, groups: [] };
		users.set(key, user);
		for (const { id, kind } of userColumns) {
			const cell = read[kind as keyof typeof read](record[id]);
			if (!user.cells[id]) user.cells[id] = cell;
		}
		for (const group of groupsOf(record.group))
			if (!user.groups.includes(group)) user.groups.push(group);
	}
	const rows: string[][] = [];
	for (const { cells, groups } of users.values()) {
		for (const group of groups.length ? groups : [''])
			rows.push(rowCells({ ...cells, user_lookup_id: cells.user_lookup_id, group }));
	}
	return rows;
}

/** Non-integers as plain decimals (no exponent), the way a person would write them. */
function modelNumber(value: number): string {
	const text = String(value);
	if (!/e/i.test(text)) return text;
	return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
