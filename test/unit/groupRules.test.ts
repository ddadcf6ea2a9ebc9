/**
 * ActivTrak's group rules (snapshot/groupRules.ts): names of at most 65 characters, none of
 * `"`, `\`, tab or `^`, and at most 1,000 groups on one person, each refused naming the item,
 * the group and the rule before anything is sent; long names cut when asked, unless two become
 * one; look-alike names noted.
 */
import {
	MAX_GROUPS_PER_USER,
	MAX_GROUP_NAME_LENGTH,
	cutGroupName,
} from '../../nodes/ActivTrakHrdc/snapshot/groupRules';
import { readHrdcCsv } from '../../nodes/ActivTrakHrdc/snapshot';
import { buildSnapshot, groupList, hrdcCsv } from '../support/snapshots';

/** A CSV file's snapshot, as the CSV File source builds it. */
async function fromCsv(text: string) {
	const file = await readHrdcCsv(text);
	if (!file.ok) throw new Error(file.message);
	return buildSnapshot(file.records);
}

const only = (record: Record<string, unknown>, options = {}) =>
	buildSnapshot([{ user_lookup_id: 'ok@x.com', group: 'Sales' }, record], options);

describe("ActivTrak's group names", () => {
	test.each([
		['a caret', 'Sales ^ EMEA', /holds a caret \(\^\), which ActivTrak refuses in group names/],
		['a double quote', 'The "A" team', /holds a double quote \("\)/],
		['a backslash', 'EMEA\\Sales', /holds a backslash \(\\\)/],
	])('a name with %s is refused, naming the item and the group', (_name, group, message) => {
		const snapshot = only({ user_lookup_id: 'a@x.com', group });
		expect(snapshot.problems).toEqual([
			expect.objectContaining({
				itemIndex: 1,
				column: 'group',
				value: group,
				message: expect.stringMatching(message),
			}),
		]);
	});

	test('a 70-character name is refused, naming its length and the option that cuts it', () => {
		const group = 'G'.repeat(70);
		const snapshot = only({ user_lookup_id: 'a@x.com', group: [group, 'Sales'] });
		expect(snapshot.problems).toEqual([
			expect.objectContaining({
				itemIndex: 1,
				column: 'group',
				message: expect.stringMatching(
					/is 70 characters long; ActivTrak refuses group names over 65\. .*'Cut Long Group Names'/,
				),
			}),
		]);
		// 65 characters beyond the BMP (130 UTF-16 units) are 65 characters: taken.
		expect(only({ user_lookup_id: 'b@x.com', group: '😀'.repeat(65) }).problems).toEqual([]);
	});

	test('with Cut Long Group Names, a long name is cut to 65 characters, never inside one', () => {
		const long = `${'Engineering, Platform and Developer Productivity'} (Berlin office) team`;
		const snapshot = only({ user_lookup_id: 'a@x.com', group: long }, { cutLongGroupNames: true });
		expect(snapshot.problems).toEqual([]);
		const cut = groupList(snapshot.users.groups[1])[0];
		expect(cut).toBe(long.slice(0, MAX_GROUP_NAME_LENGTH).trimEnd());
		expect(cutGroupName('😀'.repeat(70))).toBe('😀'.repeat(65));
	});

	test('two long names that would become one stop the run, naming both', () => {
		const stem = 'S'.repeat(65);
		const snapshot = buildSnapshot(
			[
				{ user_lookup_id: 'a@x.com', group: `${stem} Berlin` },
				{ user_lookup_id: 'b@x.com', group: `${stem} Munich` },
			],
			{ cutLongGroupNames: true },
		);
		expect(snapshot.problems).toEqual([
			expect.objectContaining({
				itemIndex: 1,
				message: expect.stringMatching(/both become "S{65}" when cut to 65 characters/),
			}),
		]);
	});

	test('names that differ only in case or spacing are noted together', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a@x.com', group: 'Sales EMEA' },
			{ user_lookup_id: 'b@x.com', group: 'sales  emea' },
			{ user_lookup_id: 'c@x.com', group: 'Support' },
		]);
		expect(snapshot.problems).toEqual([]);
		expect(snapshot.lookAlikeGroups).toEqual([['Sales EMEA', 'sales  emea']]);
	});
});

describe('groups on one person', () => {
	test('100,000 LDAP memberOf values are refused, naming the item and the cap', () => {
		const memberOf = Array.from({ length: 100_000 }, (_, i) => `CN=Group ${i},OU=Groups`);
		const snapshot = only({ user_lookup_id: 'a@x.com', group: memberOf });
		expect(snapshot.problems).toEqual([
			expect.objectContaining({
				itemIndex: 1,
				column: 'group',
				message: `holds 100000 groups; at most ${MAX_GROUPS_PER_USER} are taken for one user (a list this long is usually every group of a directory, not the user's)`,
			}),
		]);
		// The same list with repeats and spaces (not clean) is read once, then refused the same.
		const messy = memberOf.flatMap((name) => [` ${name} `, name]);
		expect(only({ user_lookup_id: 'a@x.com', group: messy }).problems[0].message).toMatch(
			/^holds 100000 groups/,
		);
	});

	test('1,000 groups are taken; records that bring the same user past 1,000 are refused', async () => {
		const groups = Array.from({ length: MAX_GROUPS_PER_USER }, (_, i) => `G${i}`);
		expect(only({ user_lookup_id: 'a@x.com', group: groups }).problems).toEqual([]);
		// A CSV with one user on 30,000 rows, a group each: refused from the 1,001st on.
		const rows = Array.from({ length: 30_000 }, (_, i) => ({
			user_lookup_id: 'one@x.com',
			group: `Group ${i}`,
		}));
		const snapshot = await fromCsv(hrdcCsv(...rows));
		expect(snapshot.users.count).toBe(1);
		expect(groupList(snapshot.users.groups[0])).toHaveLength(MAX_GROUPS_PER_USER);
		expect(snapshot.problems).toHaveLength(29_000);
		expect(snapshot.problems[0]).toMatchObject({
			column: 'group',
			message: `would make 1001 groups for the user "one@x.com" with their other records; at most ${MAX_GROUPS_PER_USER} are taken for one user`,
		});
		// The same user on 30,000 rows of one group is one row.
		const same = rows.map((row) => ({ ...row, group: 'Sales' }));
		const merged = await fromCsv(hrdcCsv(...same));
		expect(merged.problems).toEqual([]);
		expect(merged.summary).toMatchObject({ users: 1, rows: 1, duplicateRowsCollapsed: 29_999 });
	});
});
