/**
 * Version 2 of the node keeps the baseline settings in the collapsed 'Baseline (Advanced)'
 * collection; version 1 (every workflow saved before) keeps them at the top level. Both are run
 * by n8n's engine here: each version reads its own place, and only that place.
 */
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, keptStore, runWorkflow } from '../support/engine';
import { ledgerIn } from '../support/snapshots';
import { expectStoppedByLimit, NO_EARLIER_UPLOAD } from '../support/messages';

const emails = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@x.com`);
const TEN = emails(10).map((user_lookup_id) => ({ user_lookup_id, group: 'Sales' }));
const SIX_DELETED = TEN.map((user, i) => ({ ...user, delete_user: i < 6 }));

describe("version 2: the baseline settings in 'Baseline (Advanced)'", () => {
	const { emulator, credentials } = useEmulator('key-v2', {
		users: emails(10).map((email) => ({ email })),
	});
	const runV2 = (items: unknown[], parameters: IDataObject, staticData: IDataObject) =>
		runWorkflow(hrdcWorkflow(items, parameters, { typeVersion: 2 }), {
			credentials,
			mode: 'trigger',
			staticData,
		});

	test('Workflow Data, First Upload and Previous Baseline are read from the collection', async () => {
		const store: IDataObject = {};
		const first = await runV2(
			TEN,
			{ baseline: { baselineStore: 'workflowData', firstUpload: true } },
			store,
		);
		expect(first.error).toBeUndefined();
		const [output] = first.output('ActivTrak HRDC');
		expect(output.json).toMatchObject({
			status: 'uploaded',
			baseline: { keptIn: 'workflow data' },
		});
		const newBaseline = String(output.json.newBaseline);
		expect(JSON.parse(newBaseline)).toMatchObject({ generation: 1 });
		// Workflow Data: nothing went into the static data.
		expect(ledgerIn(store)).toBeUndefined();

		const uploads = emulator.uploads.length;
		const next = await runV2(
			SIX_DELETED,
			{ baseline: { baselineStore: 'workflowData', previousBaseline: newBaseline } },
			store,
		);
		expectStoppedByLimit(next.error, /^6 users/);
		expect(emulator.uploads).toHaveLength(uploads);
	});

	test('the settings at the top level, where version 1 keeps them, are not read', async () => {
		const store: IDataObject = {};
		const uploads = emulator.uploads.length;
		const result = await runV2(
			TEN,
			{ baselineStore: 'workflowData', firstUpload: true, baseline: { firstUpload: false } },
			store,
		);
		// Static Data (the collection's default) with First Upload off: no ledger, so a stop.
		expect(result.error?.message).toBe(NO_EARLIER_UPLOAD);
		expect(emulator.uploads).toHaveLength(uploads);
	});

	test("unset, a setting has its default: Static Data and 'Keep Lookup IDs' on", async () => {
		const staticData = await keptStore();
		const first = await runV2(TEN, { baseline: { firstUpload: true } }, staticData);
		expect(first.error).toBeUndefined();
		expect(first.output('ActivTrak HRDC')[0].json.baseline).toMatchObject({
			keptIn: 'n8n static data',
		});
		expect(ledgerIn(staticData)).toMatchObject({ generation: 1 });
		expect(JSON.stringify(staticData)).toContain('u9@x.com');

		const hashesOnly = await keptStore();
		const kept = await runV2(
			TEN,
			{ baseline: { firstUpload: true, keepLookupIds: false } },
			hashesOnly,
		);
		expect(kept.error).toBeUndefined();
		expect(ledgerIn(hashesOnly)).toMatchObject({ generation: 1 });
		expect(JSON.stringify(hashesOnly)).not.toContain('u9@x.com');
	});

	test('a version 1 node still reads the top level', async () => {
		const store: IDataObject = {};
		const result = await runWorkflow(
			hrdcWorkflow(TEN, { baselineStore: 'workflowData', firstUpload: true }),
			{ credentials, mode: 'trigger', staticData: store },
		);
		expect(result.error).toBeUndefined();
		expect(result.output('ActivTrak HRDC')[0].json.baseline).toMatchObject({
			keptIn: 'workflow data',
		});
	});
});
