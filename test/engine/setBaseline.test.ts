/**
 * Set Baseline From Previous Upload, in the real engine: the CSV an admin last uploaded by hand
 * becomes the baseline, so the first automated run is held to every limit; nothing is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { keptStore } from '../support/engine';
import { hrdcCsv } from '../support/snapshots';

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
		expect(upload.error?.message).toMatch(/^Stopped by a safety limit, nothing was sent/);
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
		expect(upload.error?.message).toMatch(/^Stopped by a safety limit/);
		expect(emulator.requests).toHaveLength(0);
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
			expect(upload.error?.message).toMatch(/^Stopped by a safety limit/);
		} finally {
			emulator.apiKey = 'set-baseline-key';
		}
	});
});
