/**
 * HR values in the node's messages: quoted, cut, and escaped so that a value never ends the
 * quotes early, breaks the line, or hides or reverses the text around it (U+202E, zero width
 * characters), whether the message names one value or lists several.
 */
import fc from 'fast-check';

import { listNames, quoted, readHrdcCsv, shownName } from '../../nodes/ActivTrakHrdc/snapshot';
import { buildSnapshot } from '../support/snapshots';

/** Nothing a reader cannot see, and no line break: what every message must hold to. */
const UNSEEN_OR_BREAK = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

describe('quoted', () => {
	test.each([
		['"Sales"', 'Sales'],
		['"Ann \\"the boss\\" Lee"', 'Ann "the boss" Lee'],
		['"C:\\\\share"', 'C:\\share'],
		['"two\\nlines"', 'two\nlines'],
		['"evil\\u202etxt.exe"', 'evil\u202Etxt.exe'],
		['"zero\\u200bwidth"', 'zero\u200Bwidth'],
		['"line\\u2028separator"', 'line\u2028separator'],
		['"next\\u0085line"', 'next\u0085line'],
		['"tag\\udb40\\udc41"', 'tag\u{E0041}'],
		['"Café 東京"', 'Café 東京'],
	])('shown as %s', (shown, value) => {
		expect(quoted(value)).toBe(shown);
	});

	test('a long value is cut to 60 characters, never inside a character', () => {
		expect(quoted('x'.repeat(500))).toBe(`"${'x'.repeat(57)}..."`);
		const emoji = '😀'.repeat(100);
		expect(quoted(emoji)).toBe(`"${'😀'.repeat(57)}..."`);
		expect(quoted('y'.repeat(50), 40)).toBe(`"${'y'.repeat(37)}..."`);
	});

	test('property: reads back as JSON to the value shown, and holds nothing unseen', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (value) => {
				const shown = quoted(value);
				expect(JSON.parse(shown)).toBe(shownName(value));
				expect(shown).not.toMatch(UNSEEN_OR_BREAK);
				// The only unescaped quotes are the two around it.
				expect(shown.slice(1, -1).replace(/\\./g, '')).not.toContain('"');
			}),
			{ numRuns: 500, seed: 20261206 },
		);
	});

	test('listNames quotes each name so, and a markup escape applies after', () => {
		expect(listNames(['a"b', 'c\u202Ed'])).toBe(' ("a\\"b", "c\\u202ed")');
		expect(listNames(['<b>'], 1, (name) => name.replace(/</g, '&lt;'))).toBe(' ("&lt;b>")');
	});
});

describe("HR values in the snapshot's problems", () => {
	test('a conflict between two records of one user shows both values escaped', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a@x.com', display_name: 'Ann "the boss" Lee' },
			{ user_lookup_id: 'a@x.com', display_name: 'Ann\\Lee' },
		]);
		const [problem] = snapshot.problems;
		expect(problem.message).toBe(
			'is "Ann\\\\Lee" but item 0 gives "Ann \\"the boss\\" Lee" for the same user "a@x.com"; one user needs one value',
		);
	});

	test('a display name refused as shared names the other user escaped', () => {
		const snapshot = buildSnapshot(
			[
				{ user_lookup_id: 'a"1@x.com', display_name: 'Same "Name"' },
				{ user_lookup_id: 'b@x.com', display_name: 'Same "Name"' },
			],
			{ refuseSharedDisplayNames: true },
		);
		expect(snapshot.problems[0].message).toBe(
			'"Same \\"Name\\"" is already the display name of "a\\"1@x.com" (item 0); ActivTrak needs display names to be unique',
		);
	});

	test('a group name with a bidi control, and an e-mail with a quote, are shown escaped', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a@x.com', email_address: 'a"@x.com', group: 'Sales\u202Etnemtraped' },
		]);
		const messages = snapshot.problems.map((problem) => problem.message);
		expect(messages).toContainEqual(
			expect.stringContaining('"a\\"@x.com" is not an e-mail address'),
		);
		for (const message of messages) expect(message).not.toMatch(UNSEEN_OR_BREAK);
		expect(messages.join(' ')).not.toContain('\u202E');
	});

	test("a CSV header's unknown column is shown escaped", async () => {
		const file = await readHrdcCsv('user_lookup_id,"bad\ncolumn\u200B"\r\na@x.com,1\r\n');
		if (file.ok) throw new Error('the header was read');
		expect(file.message).toMatch(/^Column "bad\\ncolumn\\u200b" is not an HRDC column/);
	});
});
