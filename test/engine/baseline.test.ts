/**
 * Where the baseline (the ledger's last accepted upload) lives: with the ActivTrak account the
 * credential points at, in the workflow's static data. It survives renaming the node, is shared by
 * two nodes that upload to one account, is kept apart per account, and a baseline stored by 0.1.0
 * (under the node's name) is still read. Runs are scheduled runs (n8n keeps their static data).
 */
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, keptStore, runWorkflow } from '../support/engine';
import { baselineIn } from '../support/snapshots';
import { LIMITS_AGAINST_LAST_UPLOAD, limitLabel } from '../../nodes/ActivTrakHrdc/limits';
import { KEPT_MARK_KEY } from '../../nodes/ActivTrakHrdc/ledger/stores';
import { SALT_KEY } from '../../nodes/ActivTrakHrdc/ledger/salt';
import {
	exactly,
	expectStoppedByLimit,
	NO_EARLIER_UPLOAD,
	refusedBecause,
} from '../support/messages';

const emails = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@x.com`);
/** 20 users in two groups: the upload the next runs compare with. */
const TWENTY = emails(20).map((u, i) => ({
	user_lookup_id: u,
	group: i < 10 ? 'Sales' : 'Support',
}));

/** The same workflow with the HRDC node under another name. */
function renamed(workflow: IWorkflowBase, name: string): IWorkflowBase {
	const copy = JSON.parse(JSON.stringify(workflow)) as IWorkflowBase;
	copy.nodes[1].name = name;
	copy.connections['HR Items'].main[0]![0].node = name;
	return copy;
}

describe('the baseline', () => {
	const { emulator, credentials } = useEmulator('key-1', {
		users: emails(20).map((email) => ({ email })),
	});
	const run = (workflow: IWorkflowBase, staticData: IDataObject, creds = credentials) =>
		runWorkflow(workflow, { credentials: creds, mode: 'trigger', staticData });
	/** A workflow's store after its first upload (First Upload on, after one kept run). */
	const firstUploaded = async (workflow = hrdcWorkflow(TWENTY, { firstUpload: true })) => {
		const staticData = await keptStore();
		expect((await run(workflow, staticData)).error).toBeUndefined();
		return staticData;
	};

	test('survives renaming the node: a one-user run after the rename is stopped', async () => {
		const staticData = await firstUploaded();
		const after = await run(renamed(hrdcWorkflow(TWENTY.slice(0, 1)), 'HR Sync'), staticData);
		expectStoppedByLimit(after.error);
		expect(after.error?.description).toMatch(
			/Max Groups Removed per Run|Max Shrink of Users per Run/,
		);
		expect(emulator.uploads).toHaveLength(1);
	});

	test('is kept apart per ActivTrak account: another key is asked whether it was rotated', async () => {
		const staticData = await firstUploaded();
		const other = { activTrakHrdcApi: { ...credentials.activTrakHrdcApi, apiKey: 'key-2' } };
		// Another key at the same base URL must say whether it is a new account: a preview stops too.
		const preview = await run(hrdcWorkflow(TWENTY, { operation: 'preview' }), staticData, other);
		expect(preview.error?.message).toMatch(/was the key rotated\?$/);
		const same = await run(hrdcWorkflow(TWENTY, { operation: 'preview' }), staticData);
		expect(same.output('ActivTrak HRDC')[0].json.baseline).toMatchObject({ found: true });
	});

	test("is filed under a name of the workflow's own: two workflows with one credential differ", async () => {
		const [one, two] = [await firstUploaded(), await firstUploaded()];
		const names = (store: IDataObject) =>
			Object.keys((store.global as IDataObject).activTrakHrdcLedger as IDataObject);
		expect(names(one)).toHaveLength(1);
		expect(names(two)).toHaveLength(1);
		expect(names(one)).not.toEqual(names(two));
		expect((one.global as IDataObject)[SALT_KEY]).not.toBe((two.global as IDataObject)[SALT_KEY]);
	});

	test('is shared by two nodes of one workflow that upload to one account', async () => {
		const staticData = await firstUploaded(
			renamed(hrdcWorkflow(TWENTY, { firstUpload: true }), 'Nightly'),
		);
		const other = await run(
			renamed(hrdcWorkflow(TWENTY, { operation: 'preview' }), 'Weekly'),
			staticData,
		);
		expect(other.output('Weekly')[0].json).toMatchObject({
			baseline: { found: true },
			changes: { firstUpload: false, users: { before: 20, after: 20 } },
		});
	});

	test('says loudly when there is none, and which limits it could not check', async () => {
		const staticData = await keptStore();
		const before = structuredClone(staticData);
		const result = await run(hrdcWorkflow(TWENTY, { operation: 'preview' }), staticData);
		// Looking for a baseline adds nothing to the static data but the workflow's salt (the mark
		// that n8n keeps it was written by the first run).
		expect(before.global).toEqual({ [KEPT_MARK_KEY]: expect.any(String) });
		expect(staticData).toEqual({
			...before,
			global: {
				...(before.global as IDataObject),
				[SALT_KEY]: expect.stringMatching(/^[\w-]{22}$/),
			},
		});
		const json = result.output('ActivTrak HRDC')[0].json;
		expect(json.baseline).toEqual({
			found: false,
			keptIn: 'n8n static data',
			generation: 0,
			why: expect.stringMatching(/first upload/),
			limitsNotChecked: LIMITS_AGAINST_LAST_UPLOAD.map(limitLabel),
		});
		expect((json.warnings as string[])[0]).toMatch(
			/^No baseline: .*'Max Shrink of Users per Run \(%\)'/,
		);
	});

	test('stored by 0.1.0 under the node name is still read, then moved to the account', async () => {
		const first = await firstUploaded();
		const legacy: IDataObject = {
			...(await keptStore()),
			'node:ActivTrak HRDC': { lastAcceptedSnapshot: baselineIn(first) },
		};

		const shrunk = await run(hrdcWorkflow(TWENTY.slice(0, 1)), legacy);
		expectStoppedByLimit(shrunk.error);

		const again = await run(hrdcWorkflow(TWENTY), legacy);
		expect(again.error).toBeUndefined();
		expect(again.output('ActivTrak HRDC')[0].json.baseline).toMatchObject({
			found: true,
			generation: 1,
		});
		expect(baselineIn(legacy)).toBeDefined();
		expect((legacy['node:ActivTrak HRDC'] as IDataObject).lastAcceptedSnapshot).toBeUndefined();
	});

	describe("in the workflow ('Baseline Store' > Workflow Data)", () => {
		const store = (previousBaseline: string, firstUpload = false) => ({
			baselineStore: 'workflowData',
			previousBaseline,
			firstUpload,
		});

		test('a first upload gives out the new baseline; the next run reads it and is held to it', async () => {
			const staticData: IDataObject = {};
			const first = await run(hrdcWorkflow(TWENTY, store('', true)), staticData);
			const again = (workflow: IWorkflowBase) => run(workflow, staticData);
			expect(first.error).toBeUndefined();
			const firstJson = first.output('ActivTrak HRDC')[0].json;
			expect(firstJson).toMatchObject({
				baselineUpdated: true,
				baseline: { found: false, keptIn: 'workflow data' },
			});
			const newBaseline = String(firstJson.newBaseline);
			expect(JSON.parse(newBaseline)).toMatchObject({
				format: 'activtrak-hrdc-ledger',
				generation: 1,
			});
			// The workflow keeps it; n8n's static data is not used.
			expect(staticData).toEqual({});

			const shrunk = await again(hrdcWorkflow(TWENTY.slice(0, 1), store(newBaseline)));
			expectStoppedByLimit(shrunk.error);

			const moved = TWENTY.map((user, i) => (i === 0 ? { ...user, group: 'Support' } : user));
			const second = await again(hrdcWorkflow(moved, store(newBaseline)));
			expect(second.error).toBeUndefined();
			expect(second.output('ActivTrak HRDC')[0].json).toMatchObject({
				baseline: { found: true, keptIn: 'workflow data', generation: 1 },
				baselineGeneration: { previous: 1, new: 2 },
				changes: {
					firstUpload: false,
					groupMemberChanges: [
						{ group: 'Sales', added: 0, removed: 1 },
						{ group: 'Support', added: 1, removed: 0 },
					],
				},
			});
			expect(emulator.uploads).toHaveLength(2);
		});

		test('a manual run that was accepted still gives out the new baseline', async () => {
			const result = await runWorkflow(hrdcWorkflow(TWENTY, store('', true)), {
				credentials,
				mode: 'manual',
			});
			expect(result.output('ActivTrak HRDC')[0].json.newBaseline).toEqual(expect.any(String));
		});

		test.each<[string, () => string, RegExp]>([
			['empty, without First Upload', () => '', exactly(NO_EARLIER_UPLOAD)],
			[
				'not a baseline',
				() => '{"users": "x"}',
				exactly(
					refusedBecause(
						"'Previous Baseline' is not a ledger record this version of the node can read",
					),
				),
			],
			[
				"another account's",
				() =>
					JSON.stringify({
						format: 'activtrak-hrdc-baseline',
						account: 'someone-else',
						fingerprint: {},
					}),
				/^'Previous Baseline' (belongs to another ActivTrak account|is not a ledger record)/,
			],
		])('%s stops the run, and nothing is sent', async (_name, previous, message) => {
			const result = await run(hrdcWorkflow(TWENTY, store(previous())), {});
			expect(result.error?.message).toMatch(message);
			expect(emulator.requests).toHaveLength(0);
		});

		test("another account's real baseline is refused", async () => {
			const first = await run(hrdcWorkflow(TWENTY, store('', true)), {});
			const theirs = JSON.parse(String(first.output('ActivTrak HRDC')[0].json.newBaseline));
			theirs.account = 'another-account-name';
			const result = await run(hrdcWorkflow(TWENTY, store(JSON.stringify(theirs))), {});
			expect(result.error?.message).toBe(
				refusedBecause(
					"'Previous Baseline' belongs to another ActivTrak account (another key or base URL)",
				),
			);
			expect(emulator.uploads).toHaveLength(1);
		});
	});
});
