/**
 * A ledger that is lost, unreadable, of another key or base URL, unsigned, or stale must never
 * turn the limits off or let an approval send twice: each case below stops with nothing sent, in
 * the real engine against the emulator, with n8n's per-execution copies of static data.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IWorkflowBase, WorkflowExecuteMode } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, keptStore, runWorkflow } from '../support/engine';
import {
	LEDGER_KEY,
	LEGACY_BASELINES_KEY,
	LEGACY_FINGERPRINT_KEY,
} from '../../nodes/ActivTrakHrdc/ledger/stores';
import { baselineIn, ledgerIn } from '../support/snapshots';
import {
	APPROVAL_REFUSED,
	beginningWith,
	exactly,
	expectStoppedByLimit,
	NO_EARLIER_UPLOAD,
	refusedBecause,
	refusedFor,
	STOPPED_BY_LIMIT_AT_START,
} from '../support/messages';

const emails = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@x.com`);
/** 40 users in four groups, and the same people all in one group (a 4 -> 1 group export). */
const FOUR_GROUPS = emails(40).map((u, i) => ({ user_lookup_id: u, group: `G${i % 4}` }));
const ONE_GROUP = emails(40).map((u) => ({ user_lookup_id: u, group: 'G0' }));
const SIX_DELETED = FOUR_GROUPS.map((user, i) => ({ ...user, delete_user: i < 6 }));

const recordsOf = (staticData: IDataObject) =>
	(staticData.global as IDataObject)[LEDGER_KEY] as Record<string, IDataObject>;

describe('ledgers that cannot be trusted stop the run', () => {
	const { emulator, credentials } = useEmulator('key-1', {
		users: emails(40).map((email) => ({ email })),
	});
	const withCredential = (change: Record<string, string>) => ({
		activTrakHrdcApi: { ...credentials.activTrakHrdcApi, ...change },
	});
	const run = (
		workflow: IWorkflowBase,
		staticData: IDataObject,
		options: { creds?: typeof credentials; mode?: WorkflowExecuteMode } = {},
	) =>
		runWorkflow(workflow, {
			credentials: options.creds ?? credentials,
			mode: options.mode ?? 'trigger',
			staticData,
		});
	const accepted = async (workflow: IWorkflowBase, staticData: IDataObject) => {
		const result = await run(workflow, staticData);
		expect(result.error).toBeUndefined();
		return result;
	};
	/** A workflow's store after its first accepted upload of FOUR_GROUPS. */
	const afterFirstUpload = async () => {
		const staticData = await keptStore();
		await accepted(hrdcWorkflow(FOUR_GROUPS, { firstUpload: true }), staticData);
		return staticData;
	};
	const refusedWith = (result: Awaited<ReturnType<typeof run>>, message: RegExp) => {
		expect(result.error?.message).toMatch(message);
		expect(emulator.uploads).toHaveLength(uploadsBefore);
	};
	let uploadsBefore = 0;
	afterEach(() => (emulator.apiKey = 'key-1'));
	const countUploads = () => (uploadsBefore = emulator.uploads.length);

	describe('Static Data', () => {
		test('a record changed after the node sealed it stops the run, First Upload included', async () => {
			// Loaded as another process would load it (this one remembers the entry it wrote).
			const staticData = structuredClone(await afterFirstUpload());
			const [record] = Object.values(recordsOf(staticData));
			(record.entry as IDataObject).generation = 7;
			countUploads();
			for (const firstUpload of [false, true]) {
				refusedWith(
					await run(hrdcWorkflow(ONE_GROUP, { firstUpload }), staticData),
					exactly(
						refusedBecause(
							'The ledger kept for this ActivTrak account is not signed by this credential',
						),
					),
				);
			}
			record.format = 'something else';
			refusedWith(
				await run(hrdcWorkflow(ONE_GROUP), staticData),
				/^The ledger kept for this ActivTrak account is not a ledger record this version of the node can read/,
			);
		});

		test('a rotated key asks whether it was rotated, and takes the ledger over only when told', async () => {
			const staticData = await afterFirstUpload();
			const rotated = { creds: withCredential({ apiKey: 'key-1-rotated' }) };
			emulator.apiKey = 'key-1-rotated';
			countUploads();
			for (const firstUpload of [false, true]) {
				const asked = await run(hrdcWorkflow(ONE_GROUP, { firstUpload }), staticData, rotated);
				refusedWith(asked, refusedFor(/none for this key/));
				expect(asked.error?.description).toMatch(/'Take Over Baseline'/);
			}

			// Taken over, the 4 -> 1 group export is held to the old key's ledger.
			const takeOver = { takeOverBaseline: true };
			refusedWith(
				await run(hrdcWorkflow(ONE_GROUP, takeOver), staticData, rotated),
				STOPPED_BY_LIMIT_AT_START,
			);
			const moved = await run(hrdcWorkflow(FOUR_GROUPS, takeOver), staticData, rotated);
			expect(moved.error).toBeUndefined();
			expect(moved.output('ActivTrak HRDC')[0].json).toMatchObject({
				baseline: { found: true, takenOverFrom: 'another key or base URL' },
				changes: { firstUpload: false, users: { before: 40, after: 40 } },
			});
			// The old key's record is gone: one account, the new key's, one generation on.
			expect(ledgerIn(staticData)).toMatchObject({ generation: 2 });
			const next = await run(hrdcWorkflow(ONE_GROUP), staticData, rotated);
			expectStoppedByLimit(next.error);
		});

		test('the same key behind a new base URL is stopped, naming the base URL; Take Over moves it', async () => {
			const staticData = await afterFirstUpload();
			const baseUrl = String(credentials.activTrakHrdcApi.baseUrl);
			const gateway = { creds: withCredential({ baseUrl: `${baseUrl}/` }) };
			const regional = {
				creds: withCredential({ baseUrl: baseUrl.replace('127.0.0.1', 'localhost') }),
			};
			countUploads();
			// A trailing slash is the same endpoint, not another one.
			expect((await run(hrdcWorkflow(FOUR_GROUPS), staticData, gateway)).error).toBeUndefined();
			countUploads();
			const dropped = ONE_GROUP.slice(0, 10);
			for (const firstUpload of [false, true]) {
				const stopped = await run(hrdcWorkflow(dropped, { firstUpload }), staticData, regional);
				refusedWith(
					stopped,
					refusedFor(/keeps a ledger for another base URL and none for this one/),
				);
			}
			refusedWith(
				await run(hrdcWorkflow(dropped, { takeOverBaseline: true }), staticData, regional),
				STOPPED_BY_LIMIT_AT_START,
			);
		});

		test("0.2's per-account baseline is read as generation 1 and its limits apply", async () => {
			const kept = await afterFirstUpload();
			const fingerprint = baselineIn(kept);
			// 0.2 filed it under one SHA-256 of base URL and key (this version derives the name slowly).
			const { baseUrl, apiKey } = credentials.activTrakHrdcApi as Record<string, string>;
			const legacyAccount = createHash('sha256')
				.update(`activtrak-hrdc-account\u0000${baseUrl}\u0000${apiKey}`)
				.digest('base64url')
				.slice(0, 16);
			expect(Object.keys(recordsOf(kept))).not.toContain(legacyAccount);
			const staticData = await keptStore();
			(staticData.global as IDataObject)[LEGACY_BASELINES_KEY] = {
				[legacyAccount]: { ...fingerprint, endpoint: ledgerIn(kept)?.endpoint },
			};
			countUploads();
			refusedWith(await run(hrdcWorkflow(ONE_GROUP), staticData), STOPPED_BY_LIMIT_AT_START);
			await accepted(hrdcWorkflow(FOUR_GROUPS), staticData);
			expect(ledgerIn(staticData)).toMatchObject({ generation: 2 });
			expect((staticData.global as IDataObject)[LEGACY_BASELINES_KEY]).toBeUndefined();
			expect(Object.keys(recordsOf(staticData))).toHaveLength(1);
			expect(Object.keys(recordsOf(staticData))).not.toContain(legacyAccount);
		});

		test('a hold made against a 0.1.0 per-node baseline is approved by another node', async () => {
			const first = await afterFirstUpload();
			const staticData: IDataObject = {
				...(await keptStore()),
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

	describe('approvals are sent once, and manual runs cannot move the ledger', () => {
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
			const staticData = await afterFirstUpload();
			const held = await hold(staticData);
			countUploads();
			refusedWith(
				await approve(staticData, held, 'manual'),
				beginningWith(APPROVAL_REFUSED, /approvals are not taken in a manual run$/),
			);
			expect((await approve(staticData, held)).error).toBeUndefined();
			countUploads();
			refusedWith(
				await approve(staticData, held),
				beginningWith(APPROVAL_REFUSED, /this approval was used already, at /),
			);
		});

		test('a manual upload with Static Data is refused, saying why; Preview still runs', async () => {
			const staticData = await afterFirstUpload();
			countUploads();
			const manual = await run(hrdcWorkflow(FOUR_GROUPS), staticData, { mode: 'manual' });
			refusedWith(
				manual,
				exactly(
					refusedBecause(
						"An upload from the editor (a manual run) is refused with 'Baseline Store' set to Static Data",
					),
				),
			);
			const preview = await run(hrdcWorkflow(ONE_GROUP, { operation: 'preview' }), staticData, {
				mode: 'manual',
			});
			expect(preview.error).toBeUndefined();
			expect(preview.output('ActivTrak HRDC')[0].json).toMatchObject({ readyToUpload: false });
		});

		test('a snapshot held in a manual run cannot be approved later', async () => {
			const staticData = await afterFirstUpload();
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
		/** One workflow: its static data is not used, but the approval is bound to its id. */
		const workflowStore: IDataObject = {};
		const newBaselineOf = (result: Awaited<ReturnType<typeof run>>) =>
			String(result.output('ActivTrak HRDC')[0].json.newBaseline);

		test('a Previous Baseline not signed by this credential stops the run', async () => {
			const first = await accepted(hrdcWorkflow(FOUR_GROUPS, store('', true)), {});
			const given = JSON.parse(newBaselineOf(first));
			expect(given.signature).toMatch(/^[\w-]{43}$/);
			const unsigned = { ...given };
			delete unsigned.signature;
			const older = { ...given, entry: { ...given.entry, accepted: null } };
			countUploads();
			for (const previous of [unsigned, older]) {
				refusedWith(
					await run(hrdcWorkflow(ONE_GROUP, store(JSON.stringify(previous), true)), {}),
					exactly(refusedBecause("'Previous Baseline' is not signed by this credential")),
				);
			}
			// Unchanged, as an object or as text, it is read; its generation is on the record.
			expect(given.generation).toBe(1);
			for (const previous of [given, newBaselineOf(first)]) {
				const preview = await run(
					hrdcWorkflow(FOUR_GROUPS, { ...store(previous), operation: 'preview' }),
					{},
				);
				expect(preview.output('ActivTrak HRDC')[0].json.baseline).toMatchObject({
					found: true,
					generation: 1,
				});
			}
		});

		test('no Previous Baseline stops a send unless First Upload is on', async () => {
			countUploads();
			refusedWith(await run(hrdcWorkflow(FOUR_GROUPS, store('')), {}), exactly(NO_EARLIER_UPLOAD));
		});

		test('an approval is refused once a newer baseline comes in, and its own is refused again', async () => {
			const a = newBaselineOf(
				await accepted(hrdcWorkflow(FOUR_GROUPS, store('', true)), workflowStore),
			);
			const heldRun = await run(
				hrdcWorkflow(SIX_DELETED, { ...store(a), onSafetyLimit: 'hold' }),
				workflowStore,
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
					workflowStore,
				);
			const approved = await approval(a);
			expect(approved.error).toBeUndefined();
			countUploads();
			refusedWith(await approval(newBaselineOf(approved)), /^The approval was refused/);
		});
	});
});
