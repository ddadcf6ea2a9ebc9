/**
 * A baseline that is lost, unreadable, of another key, unsigned, or stale must never turn the
 * limits off or let an approval send twice: each case below stops with nothing sent, in the real
 * engine against the emulator. (Static data of a manual run is handed a copy: n8n does not keep
 * what a manual run writes.)
 */
import type { IDataObject, IWorkflowBase, WorkflowExecuteMode } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, runWorkflow } from '../support/engine';
import {
	BASELINES_KEY,
	LEGACY_FINGERPRINT_KEY,
} from '../../nodes/ActivTrakHrdc/baseline/staticStore';
import { baselineIn } from '../support/snapshots';

const emails = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@x.com`);
/** 40 users in four groups, and the same people all in one group (a 4 -> 1 group export). */
const FOUR_GROUPS = emails(40).map((u, i) => ({ user_lookup_id: u, group: `G${i % 4}` }));
const ONE_GROUP = emails(40).map((u) => ({ user_lookup_id: u, group: 'G0' }));
const SIX_DELETED = FOUR_GROUPS.map((user, i) => ({ ...user, delete_user: i < 6 }));

describe('baselines that cannot be trusted stop the run', () => {
	const { emulator, credentials } = useEmulator('key-1', {
		users: emails(40).map((email) => ({ email })),
	});
	const withKey = (apiKey: string) => ({
		activTrakHrdcApi: { ...credentials.activTrakHrdcApi, apiKey },
	});
	const run = (
		workflow: IWorkflowBase,
		staticData: IDataObject,
		options: { creds?: typeof credentials; mode?: WorkflowExecuteMode } = {},
	) =>
		runWorkflow(workflow, {
			credentials: options.creds ?? credentials,
			mode: options.mode ?? 'trigger',
			// n8n keeps nothing a manual run writes into static data.
			staticData:
				options.mode === 'manual'
					? (JSON.parse(JSON.stringify(staticData)) as IDataObject)
					: staticData,
		});
	const accepted = async (workflow: IWorkflowBase, staticData: IDataObject) => {
		const result = await run(workflow, staticData);
		expect(result.error).toBeUndefined();
		return result;
	};
	const refusedWith = (result: Awaited<ReturnType<typeof run>>, message: RegExp) => {
		expect(result.error?.message).toMatch(message);
		expect(emulator.uploads).toHaveLength(uploadsBefore);
	};
	let uploadsBefore = 0;
	afterEach(() => (emulator.apiKey = 'key-1'));
	const countUploads = () => (uploadsBefore = emulator.uploads.length);

	describe('Static Data', () => {
		test('an entry this version cannot read stops the run; First Upload sends knowingly', async () => {
			const staticData: IDataObject = {};
			await accepted(hrdcWorkflow(FOUR_GROUPS), staticData);
			const entries = (staticData.global as IDataObject)[BASELINES_KEY] as IDataObject;
			const [account] = Object.keys(entries);
			entries[account] = { ...(entries[account] as IDataObject), version: 99 };
			countUploads();
			refusedWith(
				await run(hrdcWorkflow(ONE_GROUP), staticData),
				/^The baseline kept for this ActivTrak account cannot be read, so nothing was sent$/,
			);
			const first = await accepted(hrdcWorkflow(ONE_GROUP, { firstUpload: true }), staticData);
			expect(first.output('ActivTrak HRDC')[0].json.baseline).toMatchObject({ found: false });
			expect(emulator.uploads).toHaveLength(uploadsBefore + 1);
		});

		test('a rotated key asks whether it was rotated, and takes the baseline over only when told', async () => {
			const staticData: IDataObject = {};
			await accepted(hrdcWorkflow(FOUR_GROUPS), staticData);
			const rotated = { creds: withKey('key-1-rotated') };
			emulator.apiKey = 'key-1-rotated';
			countUploads();
			const asked = await run(hrdcWorkflow(ONE_GROUP), staticData, rotated);
			refusedWith(asked, /none for this key, so nothing was sent: was the key rotated\?$/);
			expect(asked.error?.description).toMatch(/'Take Over Baseline of Previous API Key'/);

			// Taken over, the 4 -> 1 group export is held to the old key's baseline.
			const takeOver = { takeOverBaseline: true };
			refusedWith(
				await run(hrdcWorkflow(ONE_GROUP, takeOver), staticData, rotated),
				/^Stopped by a safety limit, nothing was sent/,
			);
			const moved = await run(hrdcWorkflow(FOUR_GROUPS, takeOver), staticData, rotated);
			expect(moved.error).toBeUndefined();
			expect(moved.output('ActivTrak HRDC')[0].json).toMatchObject({
				baseline: { found: true, takenOverFrom: 'the previous API key' },
				changes: { firstUpload: false, users: { before: 40, after: 40 } },
			});
			// The old key's entry is gone: one account, the new key's.
			expect(baselineIn(staticData)).toBeDefined();
			const next = await run(hrdcWorkflow(ONE_GROUP), staticData, rotated);
			expect(next.error?.message).toMatch(/^Stopped by a safety limit/);
			emulator.apiKey = 'key-1';
		});

		test("an entry written before the base URL was kept counts as another key's", async () => {
			const staticData: IDataObject = {};
			await accepted(hrdcWorkflow(FOUR_GROUPS), staticData);
			const entries = (staticData.global as IDataObject)[BASELINES_KEY] as IDataObject;
			for (const entry of Object.values(entries)) delete (entry as IDataObject).endpoint;
			countUploads();
			refusedWith(
				await run(hrdcWorkflow(ONE_GROUP), staticData, { creds: withKey('key-2') }),
				/was the key rotated\?$/,
			);
		});

		test('a hold made against a 0.1.0 per-node baseline is approved by another node', async () => {
			const first: IDataObject = {};
			await accepted(hrdcWorkflow(FOUR_GROUPS), first);
			const staticData: IDataObject = {
				'node:ActivTrak HRDC': { [LEGACY_FINGERPRINT_KEY]: baselineIn(first) },
			};
			const workflow = hrdcWorkflow(SIX_DELETED, { onSafetyLimit: 'hold' });
			workflow.nodes.push({
				...workflow.nodes[1],
				id: 'approve',
				name: 'Upload Approved',
				parameters: { operation: 'uploadApproved' },
			});
			workflow.connections['ActivTrak HRDC'] = {
				main: [[], [{ node: 'Upload Approved', type: 'main', index: 0 }]],
			};
			countUploads();
			const result = await run(workflow, staticData);
			expect(result.error).toBeUndefined();
			expect(result.output('Upload Approved')[0].json).toMatchObject({ uploaded: true });
			expect(emulator.uploads).toHaveLength(uploadsBefore + 1);
		});
	});

	describe('approvals are sent once, and manual runs count', () => {
		const hold = async (staticData: IDataObject, mode: WorkflowExecuteMode = 'trigger') => {
			const result = await run(hrdcWorkflow(SIX_DELETED, { onSafetyLimit: 'hold' }), staticData, {
				mode,
			});
			const [held] = result.output('ActivTrak HRDC', 1);
			return {
				token: held.json.approvalToken as string,
				csv: Buffer.from(held.binary!.data.data, 'base64'),
			};
		};
		const approve = (
			staticData: IDataObject,
			{ token, csv }: { token: string; csv: Buffer },
			mode: WorkflowExecuteMode = 'trigger',
		) =>
			run(
				hrdcWorkflow([], { operation: 'uploadApproved', approvalToken: token }, { files: [csv] }),
				staticData,
				{ mode },
			);

		test('a manual approval is refused, and the production one goes once', async () => {
			const staticData: IDataObject = {};
			await accepted(hrdcWorkflow(FOUR_GROUPS), staticData);
			const held = await hold(staticData);
			countUploads();
			refusedWith(
				await approve(staticData, held, 'manual'),
				/^The approval was refused, nothing was sent: approvals are not taken in a manual run$/,
			);
			expect((await approve(staticData, held)).error).toBeUndefined();
			countUploads();
			refusedWith(await approve(staticData, held), /^The approval was refused, nothing was sent/);
		});

		test('a manual upload while a hold is open is refused; after the approval it goes', async () => {
			const staticData: IDataObject = {};
			await accepted(hrdcWorkflow(FOUR_GROUPS), staticData);
			const held = await hold(staticData);
			countUploads();
			const manual = await run(hrdcWorkflow(FOUR_GROUPS), staticData, { mode: 'manual' });
			refusedWith(
				manual,
				/^A snapshot held for approval is waiting, so this manual upload was not sent$/,
			);
			expect((await approve(staticData, held)).error).toBeUndefined();
			const after = await run(hrdcWorkflow(FOUR_GROUPS), staticData, { mode: 'manual' });
			expect(after.error).toBeUndefined();
		});

		test('a snapshot held in a manual run cannot be approved later', async () => {
			const staticData: IDataObject = {};
			await accepted(hrdcWorkflow(FOUR_GROUPS), staticData);
			const held = await hold(staticData, 'manual');
			countUploads();
			refusedWith(await approve(staticData, held), /this hold is not open/);
		});
	});

	describe('Workflow Data', () => {
		const store = (previousBaseline: string | IDataObject, firstUpload = false) => ({
			baselineStore: 'workflowData',
			previousBaseline,
			firstUpload,
		});
		const newBaselineOf = (result: Awaited<ReturnType<typeof run>>) =>
			String(result.output('ActivTrak HRDC')[0].json.newBaseline);

		test('a Previous Baseline not signed by this credential stops the run', async () => {
			const first = await accepted(hrdcWorkflow(FOUR_GROUPS, store('', true)), {});
			const given = JSON.parse(newBaselineOf(first));
			expect(given.signature).toMatch(/^[\w-]{43}$/);
			const unsigned = { ...given };
			delete unsigned.signature;
			const older = { ...given, fingerprint: { ...given.fingerprint, groups: {} } };
			countUploads();
			for (const previous of [unsigned, older]) {
				refusedWith(
					await run(hrdcWorkflow(ONE_GROUP, store(JSON.stringify(previous))), {}),
					/^'Previous Baseline' is not signed by this credential, so nothing was sent$/,
				);
			}
			// Unchanged, as an object or as text, it is read.
			for (const previous of [given, newBaselineOf(first)]) {
				const preview = await run(
					hrdcWorkflow(FOUR_GROUPS, { ...store(previous), operation: 'preview' }),
					{},
				);
				expect(preview.output('ActivTrak HRDC')[0].json.baseline).toMatchObject({ found: true });
			}
		});

		test('an approval is refused once a newer baseline comes in, and its own is refused again', async () => {
			const a = newBaselineOf(await accepted(hrdcWorkflow(FOUR_GROUPS, store('', true)), {}));
			const heldRun = await run(
				hrdcWorkflow(SIX_DELETED, { ...store(a), onSafetyLimit: 'hold' }),
				{},
			);
			const [held] = heldRun.output('ActivTrak HRDC', 1);
			const approval = (previous: string) =>
				run(
					hrdcWorkflow(
						[],
						{
							...store(previous),
							operation: 'uploadApproved',
							approvalToken: held.json.approvalToken,
						},
						{ files: [Buffer.from(held.binary!.data.data, 'base64')] },
					),
					{},
				);
			const approved = await approval(a);
			expect(approved.error).toBeUndefined();
			countUploads();
			refusedWith(
				await approval(newBaselineOf(approved)),
				/another upload to this ActivTrak account was accepted after the snapshot was held/,
			);
		});
	});
});
