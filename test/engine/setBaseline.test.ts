/**
 * Set Baseline From Previous Upload, in the real engine: the CSV an admin last uploaded by hand
 * becomes the baseline, so the first automated run is held to every limit; nothing is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { keptStore } from '../support/engine';
import { hrdcCsv } from '../support/snapshots';
import { expectStoppedByLimit } from '../support/messages';

const emails = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@x.com`);
/** What the admin uploaded by hand: 40 people in four teams. */
const LAST_CSV = Buffer.from(
	hrdcCsv(...emails(40).map((user_lookup_id, i) => ({ user_lookup_id, group: `Team ${i % 4}` }))),
);
/** The first automated export, cut to a quarter by a wrong filter. */
const QUARTER = emails(10).map((user_lookup_id, i) => ({ user_lookup_id, group: `Team ${i % 4}` }));

describe('Set Baseline From Previous Upload', () => {
	const { emulator, run } = useEmulator('set-baseline-key');
	const setBaseline = (staticData: IDataObject, parameters: IDataObject = {}, csv = LAST_CSV) =>
		run([], { operation: 'setBaseline', ...parameters }, { files: [csv], staticData });

	test('records the CSV, sends nothing, and the next upload of a quarter is stopped', async () => {
		const staticData: IDataObject = {};
		const set = await setBaseline(staticData);
		expect(set.error).toBeUndefined();
		expect(set.output('ActivTrak HRDC')[0].json).toMatchObject({
			operation: 'setBaseline',
			uploaded: false,
			baselineUpdated: true,
			recorded: { users: 40, groups: 4, rows: 40 },
			summaryText: expect.stringMatching(
				/^Baseline set from the CSV last uploaded by hand: 40 users in 4 groups/,
			),
		});
		const upload = await run(QUARTER, {}, { staticData });
		expectStoppedByLimit(upload.error);
		expect(upload.error?.description).toMatch(/Max Shrink of Users per Run/);
		expect(emulator.requests).toHaveLength(0);
	});

	test('in Workflow Data it gives out a signed newBaseline the next run is held to', async () => {
		const set = await setBaseline({}, { baselineStore: 'workflowData' });
		const { newBaseline } = set.output('ActivTrak HRDC')[0].json;
		expect(JSON.parse(String(newBaseline)).signature).toMatch(/^[\w-]{43}$/);
		const upload = await run(QUARTER, {
			baselineStore: 'workflowData',
			previousBaseline: newBaseline as string,
		});
		expectStoppedByLimit(upload.error);
		expect(emulator.requests).toHaveLength(0);
	});

	test("a CSV without groups (the guide's UserInfo.csv) is recorded, and the output says groups are unprotected", async () => {
		const userInfo = Buffer.from(
			hrdcCsv(
				...emails(5).map((user_lookup_id) => ({ user_lookup_id, display_name: user_lookup_id })),
			),
		);
		const set = await setBaseline({}, {}, userInfo);
		const json = set.output('ActivTrak HRDC')[0].json;
		expect(json.recorded).toEqual({ users: 5, groups: 0, rows: 5 });
		expect((json.warnings as string[])[0]).toMatch(
			/^This CSV has no groups: .*GroupMembership\.csv/,
		);
		expect(String(json.summaryText)).toContain(
			'the next upload cannot tell which of them it would delete',
		);
		const withGroups = await setBaseline({});
		expect(JSON.stringify(withGroups.output('ActivTrak HRDC')[0].json)).not.toContain(
			'has no groups',
		);
	});

	test('a manual run with Static Data says plainly that it cannot keep it', async () => {
		const result = await run(
			[],
			{ operation: 'setBaseline' },
			{ files: [LAST_CSV], mode: 'manual' },
		);
		expect(result.error?.message).toBe(
			'A manual run cannot keep a baseline in Static Data, so nothing was recorded',
		);
		expect(result.error?.description).toMatch(/Form Trigger/);
	});

	test('an invalid CSV is refused naming the row and the column; nothing is recorded', async () => {
		const staticData: IDataObject = {};
		const bad = Buffer.from(
			hrdcCsv({ user_lookup_id: 'a@x.com' }, { user_lookup_id: 'b@x.com', track: 'maybe' }),
		);
		const result = await setBaseline(staticData, {}, bad);
		expect(result.error?.message).toMatch(/^Row 3, column track: /);
		expect(JSON.stringify(staticData)).not.toContain('activTrakHrdcLedger');
	});

	test('carries a baseline over a rotated key: the new key is held to the CSV', async () => {
		const staticData = await keptStore();
		const first = await run(
			emails(40).map((user_lookup_id) => ({ user_lookup_id, group: 'All' })),
			{ firstUpload: true },
			{ staticData },
		);
		expect(first.error).toBeUndefined();
		emulator.apiKey = 'set-baseline-key-2';
		try {
			const rotated = {
				activTrakHrdcApi: { region: 'custom', baseUrl: emulator.url, apiKey: 'set-baseline-key-2' },
			};
			const asked = await run(QUARTER, {}, { staticData, credentials: rotated });
			expect(asked.error?.message).toMatch(/was the key rotated\?$/);
			const set = await run(
				[],
				{ operation: 'setBaseline' },
				{ files: [LAST_CSV], staticData, credentials: rotated },
			);
			expect(set.error).toBeUndefined();
			const upload = await run(QUARTER, {}, { staticData, credentials: rotated });
			expectStoppedByLimit(upload.error);
		} finally {
			emulator.apiKey = 'set-baseline-key';
		}
	});

	test('over an existing baseline it is refused unless Replace is on, and says what it replaced', async () => {
		const uploadsBefore = emulator.uploads.length;
		const staticData = await keptStore();
		const team = emails(40).map((user_lookup_id, i) => ({
			user_lookup_id,
			group: `Team ${i % 4}`,
		}));
		expect((await run(team, { firstUpload: true }, { staticData })).error).toBeUndefined();
		// A hold is open: six people deleted, waiting for a person.
		const held = await run(
			team.map((user, i) => ({ ...user, delete_user: i < 6 })),
			{ onSafetyLimit: 'hold' },
			{ staticData },
		);
		expect(held.output('ActivTrak HRDC', 1)).toHaveLength(1);
		// The attack: a CSV with everyone marked delete_user = y, to disarm the limits.
		const everyoneDeleted = Buffer.from(
			hrdcCsv(...emails(40).map((user_lookup_id) => ({ user_lookup_id, delete_user: 'y' }))),
		);
		const refused = await setBaseline(staticData, {}, everyoneDeleted);
		expect(refused.error?.message).toMatch(
			/^This workflow already keeps a baseline for this ActivTrak account \(accepted [A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d [A-Z]\w*\), so nothing was recorded$/,
		);
		expect(refused.error?.description).toMatch(/'Replace Existing Baseline'/);
		// Nothing moved: the next night's 30 deletions are still stopped.
		const night = await run(
			team.map((user, i) => ({ ...user, delete_user: i < 30 })),
			{},
			{ staticData },
		);
		expectStoppedByLimit(night.error);

		const replaced = await setBaseline(staticData, { replaceBaseline: true }, everyoneDeleted);
		expect(replaced.error).toBeUndefined();
		expect(replaced.output('ActivTrak HRDC')[0].json).toMatchObject({
			replaced: { generation: 1, users: 40, groups: 4, acceptedAt: expect.any(String) },
			holdsClosed: [{ validUntil: expect.any(String) }],
			deleteUserRows: { count: 40, lookupIds: emails(20) },
			baselineGeneration: { previous: 1, new: 2 },
			// This CSV (everyone deleted) has no group column either.
			warnings: [
				expect.stringMatching(/^This CSV has no groups: /),
				expect.stringMatching(/^40 users are marked delete_user = y in this CSV/),
			],
		});
		expect(replaced.output('ActivTrak HRDC')[0].json.summaryText).toMatch(
			/^Baseline set from the CSV last uploaded by hand: 40 users in 0 groups \(40 rows\), replacing the baseline accepted [A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d [A-Z]\w*\. /,
		);
		expect(emulator.uploads).toHaveLength(uploadsBefore + 1);
	});
});
