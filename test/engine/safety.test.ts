/**
 * Safe by default: checks, safety limits, preview, the change report kept in static data, and CSV files
 * as input, each run by the real engine against the emulator, whose request log shows what (if
 * anything) reached "ActivTrak".
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { AccountSeed } from '../emulator/HrdcEmulator';
import { baselineIn, csvRows, hrdcCsv } from '../support/snapshots';
import { useEmulator } from '../support/emulatorSetup';
import { expectStoppedByLimit, refusedBecause, refusedFor } from '../support/messages';

const emails = (count: number, from = 0) =>
	Array.from({ length: count }, (_, i) => `u${i + from}@x.com`);
const SEED: AccountSeed = { users: emails(60).map((email) => ({ email })) };

/** The fingerprint of the last accepted snapshot, where the node keeps it in static data. */
const fingerprintIn = (staticData: IDataObject) => baselineIn(staticData);

function csvOf(output: INodeExecutionData): string {
	const binary = output.binary?.data;
	if (!binary) throw new Error('no CSV in the output');
	return Buffer.from(binary.data, 'base64').toString('utf8');
}

describe('safety', () => {
	// run(): a scheduled run (its static data is kept, as n8n keeps an active workflow's).
	const { emulator, run } = useEmulator('key', SEED);

	describe('safety limits stop the run before anything is sent', () => {
		test.each<[string, unknown[], RegExp, string]>([
			[
				'more than 5 users newly deleted',
				emails(60).map((u, i) => ({ user_lookup_id: u, delete_user: i < 6 })),
				/6 users would be deleted \(delete_user = y: their data is deleted permanently\) \("u0@x.com", "u1@x.com", "u2@x.com", "u3@x.com", "u4@x.com", and 1 more\); the limit is 5/,
				'Max Users Deleted per Run',
			],
			[
				'more than 10% of users newly deleted',
				emails(20).map((u, i) => ({ user_lookup_id: u, delete_user: i < 3 ? 'y' : '' })),
				/3 of 20 users \(15%\) would be deleted .*the limit is 10%/,
				'Max Users Deleted per Run (%)',
			],
			[
				'more than 5 users newly on Do Not Track',
				emails(60).map((u, i) => ({ user_lookup_id: u, track: i < 6 ? 'n' : '' })),
				/6 users would be newly put on Do Not Track/,
				'Max Users Newly on Do Not Track per Run',
			],
			[
				'more than 10% of users newly on Do Not Track',
				emails(10).map((u, i) => ({ user_lookup_id: u, track: i < 2 ? false : true })),
				/2 of 10 users \(20%\) would be newly put on Do Not Track/,
				'Max Users Newly on Do Not Track per Run (%)',
			],
			[
				'a mapped group column that is empty on every row',
				emails(10).map((u) => ({ user_lookup_id: u, group: '' })),
				/The group column is mapped but empty on every row: this upload would delete every HRDC group/,
				'Allow Upload Without Groups',
			],
		])('%s', async (_name, items, message, option) => {
			const result = await run(items);
			expectStoppedByLimit(result.error);
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toContain(`'Safety Limits' > '${option}'`);
			// A one-off change is held for a person; only a lasting one moves a limit.
			expect(result.error?.description).toMatch(
				/If that is a lasting change, (raise|turn on) 'Safety Limits'/,
			);
			expect(result.error?.description).toContain(
				"If it is a one-off change you intend (a reorganisation, a planned clean-up), set 'When a Safety Limit Is Hit' to 'Hold for Approval' instead",
			);
			expect(emulator.requests).toHaveLength(0);
			expect(fingerprintIn(result.staticData)).toBeUndefined();
		});

		test('every broken limit is listed, not just the first', async () => {
			const items = emails(20).map((u, i) => ({
				user_lookup_id: u,
				delete_user: i < 3,
				track: i >= 17 ? 'n' : '',
			}));
			const result = await run(items);
			expect(result.error?.message).toMatch(/\(and 1 more limit broken\)$/);
			expect(result.error?.description).toMatch(/would be deleted[\s\S]*newly put on Do Not Track/);
		});

		describe('limits set by an expression fail closed', () => {
			// 15 of 20 users marked for deletion: any working limit stops this.
			const deleting = emails(20).map((u, i) => ({ user_lookup_id: u, delete_user: i < 15 }));

			test.each<[string, string]>([
				['an expression that gives nothing', '={{ $json.noSuchField }}'],
				['text that is not a number', '={{ "ten" }}'],
				['a negative number', '={{ -1 }}'],
			])('%s stops the run and names the option', async (_name, expression) => {
				const result = await run(deleting, { safety: { maxNewDeletions: expression } });
				expect(result.error?.message).toMatch(
					refusedFor(
						/^'Safety Limits' > 'Max Users Deleted per Run' is .+, not a number of 0 or more/,
					),
				);
				expect(emulator.requests).toHaveLength(0);
				expect(emulator.state().deleted).toHaveLength(0);
			});

			test('a number given as text, as n8n variables give it, is the limit', async () => {
				const result = await run(deleting, {
					safety: { maxNewDeletions: '={{ "20" }}', maxNewDeletionsPercent: 100 },
				});
				expect(result.error).toBeUndefined();
				expect(emulator.state().deleted).toHaveLength(15);
			});

			test('"false" given by an expression leaves a switch off', async () => {
				const items = emails(10).map((u) => ({ user_lookup_id: u, group: '' }));
				const result = await run(items, { safety: { allowUploadWithoutGroups: '={{ "false" }}' } });
				expectStoppedByLimit(result.error);
				expect(emulator.requests).toHaveLength(0);

				const invalid = [{ user_lookup_id: 'u1@x.com' }, { user_lookup_id: '' }];
				const skipped = await run(invalid, { options: { skipInvalid: '={{ "false" }}' } });
				expect(skipped.error?.message).toMatch(/^Item 1, column user_lookup_id: is empty/);
				expect(emulator.requests).toHaveLength(0);
			});
		});

		test('raising the limits lets the same run through', async () => {
			const items = emails(60).map((u, i) => ({ user_lookup_id: u, delete_user: i < 6 }));
			const result = await run(items, { safety: { maxNewDeletions: 6 } });
			expect(result.error).toBeUndefined();
			expect(emulator.state().deleted).toHaveLength(6);
		});

		test('users already deleted in the last accepted upload do not count again', async () => {
			const items = emails(60).map((u, i) => ({ user_lookup_id: u, delete_user: i < 5 }));
			expect((await run(items)).error).toBeUndefined();
			const staticData = (await run(items)).staticData;
			const again = await run(
				items.map((item, i) => ({ ...item, delete_user: i < 6 })),
				{},
				{ staticData },
			);
			expect(again.error).toBeUndefined();
			expect(again.output('ActivTrak HRDC')[0].json.changes).toMatchObject({
				counts: { newlyDeleted: 1 },
			});
		});

		describe('against the last accepted upload', () => {
			const groupsOf = (i: number) => [`G${i % 5}`];
			let staticData: IDataObject;
			beforeEach(async () => {
				const first = await run(
					emails(50).map((u, i) => ({ user_lookup_id: u, group: groupsOf(i) })),
				);
				expect(first.error).toBeUndefined();
				staticData = first.staticData;
				emulator.requests.length = 0;
			});

			test.each<[string, unknown[], RegExp]>([
				[
					'more than 20% of its groups dropped',
					emails(50).map((u, i) => ({
						user_lookup_id: u,
						group: i % 5 < 2 ? 'Other' : groupsOf(i),
					})),
					/2 of the 5 HRDC groups of the last upload \(40%\) are missing, so ActivTrak would delete them \("G0", "G1"\); the limit is 20%/,
				],
				[
					'more than 20% of its memberships removed',
					emails(50).map((u, i) => ({ user_lookup_id: u, group: i < 15 ? [] : groupsOf(i) })),
					/15 of the 50 group memberships of the last upload \(30%\) would be removed/,
				],
				[
					'users shrinking by more than 20%',
					emails(35).map((u, i) => ({ user_lookup_id: u, group: groupsOf(i) })),
					/The snapshot has 35 users where the last upload had 50 \(30% fewer\)/,
				],
				[
					'groups present before and none now',
					emails(50).map((u) => ({ user_lookup_id: u })),
					/The last upload had groups and this one has none/,
				],
			])('%s', async (_name, items, message) => {
				const result = await run(items, {}, { staticData });
				expect(result.error?.description).toMatch(message);
				// The last upload's time as people read it, not ISO 8601.
				expect(result.error?.description).toMatch(
					/\nAgainst the upload of [A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d [A-Z]/,
				);
				expect(emulator.requests).toHaveLength(0);
				expect(emulator.state().groups).toHaveLength(5);
			});

			test('groups shrinking', async () => {
				const items = emails(50).map((u, i) => ({
					user_lookup_id: u,
					group: i % 5 < 2 ? 'G2' : groupsOf(i),
				}));
				const result = await run(
					items,
					{ safety: { maxGroupsRemovedPercent: 100, maxMembershipsRemovedPercent: 100 } },
					{ staticData },
				);
				expect(result.error?.message).toMatch(
					/The snapshot has 3 groups where the last upload had 5 \(40% fewer\)/,
				);
				expect(emulator.requests).toHaveLength(0);
			});

			test('a change within the limits goes through', async () => {
				const items = emails(50).map((u, i) => ({
					user_lookup_id: u,
					group: i === 0 ? 'G1' : groupsOf(i),
				}));
				const result = await run(items, {}, { staticData });
				expect(result.error).toBeUndefined();
				expect(emulator.uploads).toHaveLength(1);
			});
		});
	});

	describe('preview', () => {
		test('returns the CSV, summary, changes and which limits an upload would break, without calling ActivTrak', async () => {
			const items = emails(10).map((u, i) => ({
				user_lookup_id: u,
				group: 'Team',
				track: i < 2 ? 'n' : '',
			}));
			const result = await run(items, { operation: 'preview' });
			expect(result.error).toBeUndefined();
			expect(emulator.requests).toHaveLength(0);
			const [output] = result.output('ActivTrak HRDC');
			expect(output.json).toMatchObject({
				operation: 'preview',
				uploaded: false,
				readyToUpload: false,
				summary: { users: 10, rows: 10, groups: 1, usersMarkedDoNotTrack: 2 },
				changes: { firstUpload: true, groupsCreated: ['Team'], counts: { newlyDoNotTrack: 2 } },
				limitsBroken: [
					{
						limit: 'Max Users Newly on Do Not Track per Run (%)',
						message: expect.stringMatching(/2 of 10 users \(20%\)/),
					},
				],
			});
			expect(output.binary?.data).toMatchObject({
				fileName: 'hrdc-snapshot.csv',
				mimeType: 'text/csv',
			});
			expect(csvOf(output)).toBe(
				hrdcCsv(
					...emails(10).map((u, i) => ({
						user_lookup_id: u,
						group: 'Team',
						...(i < 2 ? { track: 'n' } : {}),
					})),
				),
			);
			expect(fingerprintIn(result.staticData)).toBeUndefined();
		});

		test('lists invalid items instead of failing', async () => {
			const result = await run([{ user_lookup_id: 'u1@x.com' }, { user_lookup_id: '' }], {
				operation: 'preview',
			});
			const [output] = result.output('ActivTrak HRDC');
			expect(output.json.readyToUpload).toBe(false);
			expect(output.json.skippedItems).toEqual([
				expect.objectContaining({ itemIndex: 1, column: 'user_lookup_id', record: 'item 1' }),
			]);
		});
	});

	test('a submit returns the CSV it sent as binary data, unless switched off', async () => {
		const items = [{ user_lookup_id: 'u1@x.com', group: 'A' }];
		const [sent] = (await run(items)).output('ActivTrak HRDC');
		expect(csvOf(sent)).toBe(emulator.uploads[0].csv);
		const [bare] = (await run(items, { options: { includeCsv: false } })).output('ActivTrak HRDC');
		expect(bare.binary).toBeUndefined();
	});

	test('Skip Invalid Items uploads the rest and lists what it left out', async () => {
		const items = [
			{ user_lookup_id: 'u1@x.com', group: 'A' },
			{ user_lookup_id: 'u2@x.com', email_address: 'not-an-email', group: 'A' },
			{ user_lookup_id: 'u3@x.com', group: 'A' },
		];
		const result = await run(items, { options: { skipInvalid: true } });
		expect(emulator.uploads[0].csv).toBe(
			hrdcCsv(
				{ user_lookup_id: 'u1@x.com', group: 'A' },
				{ user_lookup_id: 'u3@x.com', group: 'A' },
			),
		);
		expect(result.output('ActivTrak HRDC')[0].json.skippedItems).toEqual([
			{
				itemIndex: 1,
				column: 'email_address',
				value: 'not-an-email',
				message: '"not-an-email" is not an e-mail address',
				record: 'item 1',
			},
		]);
	});

	test('without it, every problem is reported at once and nothing is sent', async () => {
		const items = [
			{ user_lookup_id: 'u1@x.com', display_name: 'Sam' },
			{ user_lookup_id: 'u2@x.com', display_name: 'Sam' },
			{ user_lookup_id: 'u3@x.com', employee_id: 'E\u00001' },
		];
		const result = await run(items, { options: { refuseSharedDisplayNames: true } });
		expect(result.error?.message).toMatch(
			/^Item 1, column display_name: "Sam" is already the display name of "u1@x.com" \(item 0\).*\(and 1 more problem\)$/,
		);
		expect(result.error?.description).toContain(
			'Item 2, employee_id: holds the control character U+0000',
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test('two employees with the same name upload, with a warning naming them', async () => {
		const items = [
			{ user_lookup_id: 'u1@x.com', display_name: 'John Smith', group: 'Sales' },
			{ user_lookup_id: 'u2@x.com', display_name: 'John Smith', group: 'Sales' },
			{ user_lookup_id: 'u3@x.com', display_name: 'Ana', group: 'Sales' },
		];
		const result = await run(items);
		expect(result.error).toBeUndefined();
		expect(emulator.uploads).toHaveLength(1);
		expect(emulator.uploads[0].csv).toContain(
			csvRows({ user_lookup_id: 'u2@x.com', display_name: 'John Smith', group: 'Sales' }),
		);
		const [output] = result.output('ActivTrak HRDC');
		expect(output.json.warnings).toEqual([
			expect.stringMatching(/^No baseline: /),
			expect.stringMatching(
				/^The display name "John Smith" is given to 2 users \("u1@x.com", "u2@x.com"\): ActivTrak applies it to one of them/,
			),
		]);
	});

	test('a group name with a comma is one group, with a hint to Group Delimiter; with "," it is split', async () => {
		const items = [
			{ user_lookup_id: 'u1@x.com', group: 'Sales,EMEA' },
			{ user_lookup_id: 'u2@x.com', group: 'Ops, North' },
			{ user_lookup_id: 'u3@x.com', group: 'Sales' },
		];
		const whole = await run(items);
		expect(whole.error).toBeUndefined();
		expect(whole.output('ActivTrak HRDC')[0].json.summary).toMatchObject({ groups: 3 });
		expect(whole.output('ActivTrak HRDC')[0].json.warnings).toContain(
			'2 group names have a comma ("Sales,EMEA", "Ops, North"): each is sent as one group. If the field lists several groups, set \'Options\' > \'Group Delimiter\' to ",".',
		);

		const split = await run(items, { options: { groupDelimiter: ',' } });
		expect(split.error).toBeUndefined();
		const output = split.output('ActivTrak HRDC')[0].json;
		expect(output.summary).toMatchObject({ groups: 4 });
		expect(output.changes).toMatchObject({ groupsCreated: ['EMEA', 'North', 'Ops', 'Sales'] });
		expect(JSON.stringify(output.warnings)).not.toContain('Group Delimiter');
	});

	test("a change report across three uploads kept in one workflow's static data", async () => {
		const first = await run([
			{ user_lookup_id: 'u1@x.com', display_name: 'One', group: ['A', 'B'] },
			{ user_lookup_id: 'u2@x.com', group: 'A' },
			{ user_lookup_id: 'u3@x.com', group: 'C' },
			{ user_lookup_id: 'u4@x.com', group: 'C' },
		]);
		expect(first.output('ActivTrak HRDC')[0].json).toMatchObject({
			baselineUpdated: true,
			changes: {
				firstUpload: true,
				groupsCreated: ['A', 'B', 'C'],
				groupsRemoved: [],
				memberships: { before: 0, after: 5, added: 5, removed: 0 },
			},
		});
		expect(fingerprintIn(first.staticData)).toMatchObject({
			version: 3,
			users: expect.stringMatching(/^[\w-]{32}$/),
			groups: { A: [0, 1], B: [0], C: [2, 3] },
		});
		// The lookup ids are kept (to name who a later run removes), and no other column.
		expect(fingerprintIn(first.staticData)).toMatchObject({
			lookupIds: ['u1@x.com', 'u2@x.com', 'u3@x.com', 'u4@x.com'],
		});
		expect(JSON.stringify(first.staticData)).not.toContain('One');

		const second = await run(
			[
				{ user_lookup_id: 'U1@x.com', display_name: 'One Renamed', group: ['A'] },
				{ user_lookup_id: 'u2@x.com', group: ['A', 'B'], track: 'n' },
				{ user_lookup_id: 'u3@x.com', group: 'C' },
				{ user_lookup_id: 'u4@x.com', group: 'C' },
				{ user_lookup_id: 'u5@x.com', group: 'D' },
			],
			{ safety: { maxNewDoNotTrackPercent: 20 } },
			{ staticData: first.staticData },
		);
		expect(second.error).toBeUndefined();
		expect(second.output('ActivTrak HRDC')[0].json.changes).toMatchObject({
			firstUpload: false,
			users: { before: 4, after: 5, added: 1, removed: 0 },
			groupsCreated: ['D'],
			groupsRemoved: [],
			groupMemberChanges: [{ group: 'B', added: 1, removed: 1 }],
			usersNewlyDoNotTrack: ['u2@x.com'],
			usersWithChangedDetails: ['U1@x.com'],
			memberships: { before: 5, after: 6, added: 2, removed: 1 },
		});

		const third = await run(
			[
				{ user_lookup_id: 'u1@x.com', display_name: 'One Renamed', group: ['A'] },
				{ user_lookup_id: 'u2@x.com', group: ['A', 'B'], track: 'n' },
				{ user_lookup_id: 'u3@x.com', group: 'D' },
				{ user_lookup_id: 'u4@x.com', group: 'D' },
				{ user_lookup_id: 'u5@x.com', group: 'D' },
			],
			{
				safety: {
					maxGroupsRemovedPercent: 25,
					maxMembershipsRemovedPercent: 40,
					maxGroupsShrinkPercent: 25,
				},
			},
			{ staticData: second.staticData },
		);
		expect(third.error).toBeUndefined();
		expect(third.output('ActivTrak HRDC')[0].json.changes).toMatchObject({
			groupsCreated: [],
			groupsRemoved: ['C'],
			groupMemberChanges: [{ group: 'D', added: 2, removed: 0 }],
			usersNewlyDoNotTrack: [],
			usersWithChangedDetails: [],
			memberships: { before: 6, after: 6, added: 2, removed: 2 },
		});
		expect(emulator.uploads).toHaveLength(3);
		expect(emulator.state().groups.map((g) => g.name)).toEqual(['A', 'B', 'D']);
	});

	test('a failed upload does not become the baseline', async () => {
		emulator.injectFaults({
			status: 400,
			body: JSON.stringify({ messages: ['nope'], success: false }),
		});
		const result = await run([{ user_lookup_id: 'u1@x.com', group: 'A' }]);
		expect(result.error?.message).toMatch(/refused the snapshot: nope/);
		expect(fingerprintIn(result.staticData)).toBeUndefined();
	});

	test('a manual upload with Static Data is refused: n8n would not keep its ledger', async () => {
		const result = await run([{ user_lookup_id: 'u1@x.com', group: 'A' }], {}, { mode: 'manual' });
		expect(result.error?.message).toBe(
			refusedBecause(
				"An upload from the editor (a manual run) is refused with 'Baseline Store' set to Static Data",
			),
		);
		expect(emulator.uploads).toHaveLength(0);
		expect(fingerprintIn(result.staticData)).toBeUndefined();
	});

	describe('a CSV file as input', () => {
		const csvFile = { source: 'csvFile' };

		test('UTF-8 with BOM, CRLF and quoted fields: checked and sent as canonical CSV', async () => {
			const text =
				'\ufeffUser_Lookup_ID,group,display_name\r\nu1@x.com,"Sales, EMEA","Zoë ""Z"""\r\nu1@x.com,Ops,"Zoë ""Z"""\r\nu2@x.com,,\r\n';
			const result = await run([], csvFile, { files: [Buffer.from(text, 'utf8')] });
			expect(result.error).toBeUndefined();
			expect(emulator.uploads[0].csv).toBe(
				hrdcCsv(
					{ user_lookup_id: 'u1@x.com', display_name: 'Zoë "Z"', group: 'Sales, EMEA' },
					{ user_lookup_id: 'u1@x.com', display_name: 'Zoë "Z"', group: 'Ops' },
					{ user_lookup_id: 'u2@x.com' },
				),
			);
		});

		test('LF line ends and several files in one snapshot', async () => {
			const files = [
				Buffer.from('user_lookup_id,group\nu1@x.com,A\n'),
				Buffer.from('user_lookup_id,group\nu2@x.com,A\n'),
			];
			await run([], csvFile, { files });
			expect(emulator.uploads[0].csv).toBe(
				hrdcCsv(
					{ user_lookup_id: 'u1@x.com', group: 'A' },
					{ user_lookup_id: 'u2@x.com', group: 'A' },
				),
			);
		});

		test.each<[string, string, RegExp]>([
			[
				'a misspelt column',
				'user_lookup_id,groups\r\nu1@x.com,A\r\n',
				/^Column "groups" is not an HRDC column; did you mean "group"\?$/,
			],
			[
				'a spaced column name',
				'User Lookup ID,group\r\nu1@x.com,A\r\n',
				/did you mean "user_lookup_id"/,
			],
			[
				'an unknown column',
				'user_lookup_id,salary\r\nu1@x.com,5\r\n',
				/^Column "salary" is not an HRDC column$/,
			],
			[
				'no user_lookup_id column',
				'email_address,group\r\na@x.com,A\r\n',
				/^The CSV has no user_lookup_id column$/,
			],
			[
				'a broken quote',
				'user_lookup_id,group\r\nu1@x.com,"A\r\n',
				/^The file is not a readable CSV/,
			],
			['an empty file', '', /^The CSV file is empty$/],
		])('refuses %s', async (_name, text, message) => {
			const result = await run([], csvFile, { files: [Buffer.from(text, 'utf8')] });
			expect(result.error?.message).toMatch(message);
			expect(emulator.requests).toHaveLength(0);
		});

		test('refuses a file that is not UTF-8', async () => {
			const result = await run([], csvFile, {
				files: [Buffer.from('user_lookup_id\r\nj\xf6rg@x.com\r\n', 'latin1')],
			});
			expect(result.error?.message).toMatch(/is not UTF-8 text/);
			expect(emulator.requests).toHaveLength(0);
		});

		test('problems name the CSV row as a spreadsheet shows it', async () => {
			const result = await run([], csvFile, {
				files: [Buffer.from('user_lookup_id,track\r\nu1@x.com,n\r\nu2@x.com,maybe\r\n')],
			});
			expect(result.error?.message).toMatch(/^Row 3, column track: "maybe" is not a track value/);
		});

		test('the same safety limits apply', async () => {
			const text = `user_lookup_id,delete_user\r\n${emails(20)
				.map((u, i) => `${u},${i < 6 ? 'y' : ''}`)
				.join('\r\n')}\r\n`;
			const result = await run([], csvFile, { files: [Buffer.from(text)] });
			expect(result.error?.message).toMatch(/6 users would be deleted/);
			expect(emulator.requests).toHaveLength(0);
		});
	});
});
