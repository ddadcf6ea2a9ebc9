/**
 * The five ways the node's memory of the account parted from ActivTrak (issue #27), each run in
 * the real engine against the emulator with n8n 2.41.1's static data: a copy per execution,
 * written back whole when it ends. Each test failed on 0.2's baseline; here the limits see what
 * ActivTrak may hold.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../emulator/HrdcEmulator';
import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, keptStore, runWorkflow, type RunOptions } from '../support/engine';
import { ledgerIn } from '../support/snapshots';
import {
	APPROVAL_REFUSED,
	beginningWith,
	expectStoppedByLimit,
	FIRST_UPLOAD_NEEDS_KEPT_RUN,
	refusedBecause,
} from '../support/messages';

const people = (count: number) => Array.from({ length: count }, (_, i) => `p${i}@x.com`);
/** `groups` HRDC groups of three people each. */
const inGroups = (groups: number) =>
	people(groups * 3).map((user_lookup_id, i) => ({
		user_lookup_id,
		group: `Team ${Math.floor(i / 3)}`,
	}));
const NO_RETRIES = { options: { maxRetries: 0, timeoutSeconds: 1 } };
/** A delayed answer that ActivTrak applied: the upload is in flight for `ms`. */
const slowSuccess = (ms: number): Fault => ({
	applyFirst: true,
	status: 200,
	body: JSON.stringify({ messages: ['applied'], success: true }),
	delayMs: ms,
});

async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the account ledger against what ActivTrak holds', () => {
	const { emulator, credentials } = useEmulator('ledger-key', {
		users: people(60).map((email) => ({ email })),
	});
	const run = (items: unknown[], parameters: IDataObject, options: RunOptions) =>
		runWorkflow(hrdcWorkflow(items, parameters), { credentials, mode: 'trigger', ...options });
	const hrdcGroups = () => emulator.state().groups.filter((group) => group.source === 'hrdc');
	const acceptedGroups = (staticData: IDataObject) =>
		Object.keys((ledgerIn(staticData)?.accepted as { groups: object }).groups).length;
	/** A workflow whose first upload (10 groups) was accepted. */
	async function acceptedTen(): Promise<IDataObject> {
		const staticData = await keptStore();
		const first = await run(inGroups(10), { firstUpload: true }, { staticData });
		expect(first.error).toBeUndefined();
		return staticData;
	}

	describe('1. an upload ActivTrak applied whose answer was lost', () => {
		test.each<[string, Fault]>([
			['a gateway 504', { applyFirst: true, status: 504 }],
			['a reset connection', { applyFirst: true, reset: true }],
			['no answer within the Request Timeout', { applyFirst: true, hang: true }],
		])('after %s, the old export is checked against it and stopped', async (_name, fault) => {
			const staticData = await acceptedTen();
			emulator.injectFaults(fault);
			const lost = await run(inGroups(15), NO_RETRIES, { staticData });
			expect(lost.error?.description).toMatch(
				/Now the outcome of the upload at \S+ is not known: ActivTrak may have applied it/,
			);
			expect(hrdcGroups()).toHaveLength(15);

			// The partial export takes away the 5 new groups of 15: against ActivTrak, 33%.
			const uploads = emulator.uploads.length;
			const old = await run(inGroups(10), {}, { staticData });
			expectStoppedByLimit(old.error);
			expect(old.error?.message).toMatch(
				/the outcome of the upload at \S+ is not known: ActivTrak may have applied it/i,
			);
			expect(emulator.uploads).toHaveLength(uploads);

			// The same upload again is within every limit against both, and settles the doubt.
			const again = await run(inGroups(15), {}, { staticData });
			expect(again.error).toBeUndefined();
			expect(ledgerIn(staticData)).toMatchObject({ generation: 2, inDoubt: [] });
		});

		test('after three unknown outcomes nothing more is sent until the baseline is set', async () => {
			const staticData = await acceptedTen();
			for (const groups of [11, 12, 13]) {
				emulator.injectFaults({ applyFirst: true, status: 504 });
				const lost = await run(inGroups(groups), NO_RETRIES, { staticData });
				expect(lost.error?.description).toMatch(/is not known: ActivTrak may have applied it/);
			}
			const uploads = emulator.uploads.length;
			const fourth = await run(inGroups(13), {}, { staticData });
			expect(fourth.error?.message).toBe(
				refusedBecause('The outcomes of the last 3 uploads are not known'),
			);
			expect(fourth.error?.description).toMatch(/'Replace Existing Baseline' on/);
			expect(emulator.uploads).toHaveLength(uploads);
		});

		test('an answer that proves nothing was applied clears the doubt', async () => {
			const staticData = await acceptedTen();
			emulator.injectFaults({ status: 400, body: '{"success":false,"messages":["bad"]}' });
			const refused = await run(inGroups(15), NO_RETRIES, { staticData });
			expect(refused.error?.description ?? '').not.toMatch(/not known/);
			expect(ledgerIn(staticData)).toMatchObject({ generation: 1, inDoubt: [] });
		});

		test('with Workflow Data, the failure item carries the record with the doubt', async () => {
			const store: IDataObject = {};
			const workflowData = (previousBaseline: string, firstUpload = false) => ({
				baselineStore: 'workflowData',
				previousBaseline,
				firstUpload,
				...NO_RETRIES,
			});
			const first = await run(inGroups(10), workflowData('', true), { staticData: store });
			const b0 = String(first.output('ActivTrak HRDC')[0].json.newBaseline);
			emulator.injectFaults({ applyFirst: true, status: 504 });
			const failed = await runWorkflow(
				hrdcWorkflow(inGroups(15), workflowData(b0), { onError: 'continueErrorOutput' }),
				{ credentials, mode: 'trigger', staticData: store },
			);
			const [item] = failed.output('ActivTrak HRDC', 1);
			expect(item.json.error).toBe('ActivTrak answered 504 (retries are switched off)');
			const details = item.json.details as IDataObject;
			expect(details).toMatchObject({
				baselineInDoubt: true,
				description: expect.stringMatching(/not known: ActivTrak may have applied it/),
			});
			const pending = String(details.newBaseline);
			expect(JSON.parse(pending)).toMatchObject({ generation: 1 });
			// The error branch keeps it: the old export is then stopped against the doubt.
			const old = await run(inGroups(10), workflowData(pending), { staticData: store });
			expect(old.error?.message).toMatch(/not known: ActivTrak may have applied it/);
		});
	});

	describe('2. overlapping executions, each with its own copy of the static data', () => {
		const SIX_DELETED = inGroups(10).map((user, i) => ({ ...user, delete_user: i < 6 }));

		async function held(staticData: IDataObject) {
			const result = await run(SIX_DELETED, { onSafetyLimit: 'hold' }, { staticData });
			const [item] = result.output('ActivTrak HRDC', 1);
			return {
				token: item.json.approvalToken as string,
				csv: Buffer.from(item.binary!.data.data, 'base64'),
			};
		}
		const approve = (
			staticData: IDataObject,
			hold: { token: string; csv: Buffer },
			beforeStart?: () => Promise<void>,
		) =>
			runWorkflow(
				hrdcWorkflow(
					[],
					{ operation: 'uploadApproved', approvalToken: hold.token },
					{ files: [hold.csv] },
				),
				{ credentials, mode: 'trigger', staticData, beforeStart },
			);

		test('a hold approved while the nightly upload is in flight is refused after it', async () => {
			const staticData = await acceptedTen();
			const hold = await held(staticData);
			const before = emulator.uploads.length;
			emulator.injectFaults(slowSuccess(300));
			const [nightly, approval] = await Promise.all([
				run(inGroups(10), {}, { staticData }),
				approve(staticData, hold, () => until(() => emulator.uploads.length > before)),
			]);
			expect(nightly.error).toBeUndefined();
			expect(approval.error?.message).toMatch(beginningWith(APPROVAL_REFUSED));
			expect(emulator.uploads).toHaveLength(before + 1);
			expect(emulator.state().deleted).toEqual([]);
		});

		test('a held run that ends after an accepted upload does not put the old ledger back', async () => {
			const staticData = await acceptedTen();
			const before = emulator.uploads.length;
			emulator.injectFaults(slowSuccess(300));
			const [accepted, holding] = await Promise.all([
				run(inGroups(12), {}, { staticData }),
				runWorkflow(hrdcWorkflow(SIX_DELETED, { onSafetyLimit: 'hold' }), {
					credentials,
					mode: 'trigger',
					staticData,
					beforeStart: () => until(() => emulator.uploads.length > before),
				}),
			]);
			expect(accepted.error).toBeUndefined();
			expect(holding.output('ActivTrak HRDC', 1)).toHaveLength(1);
			expect(ledgerIn(staticData)).toMatchObject({ generation: 2 });
			expect(acceptedGroups(staticData)).toBe(12);
		});

		test('one token approved twice at the same moment sends once', async () => {
			const staticData = await acceptedTen();
			const hold = await held(staticData);
			const before = emulator.uploads.length;
			const results = await Promise.all([approve(staticData, hold), approve(staticData, hold)]);
			expect(results.filter((result) => result.error === undefined)).toHaveLength(1);
			expect(results.map((result) => result.error?.message ?? 'sent').sort()).toEqual([
				expect.stringMatching(beginningWith(APPROVAL_REFUSED, /this approval was used/)),
				'sent',
			]);
			expect(emulator.uploads).toHaveLength(before + 1);
		});

		test('two overlapping uploads leave the ledger where ActivTrak is; then 3 of 11 removed is stopped', async () => {
			const staticData = await keptStore();
			expect((await run(inGroups(9), { firstUpload: true }, { staticData })).error).toBeUndefined();
			const before = emulator.uploads.length;
			emulator.injectFaults(slowSuccess(300));
			const [ten, eleven] = await Promise.all([
				run(inGroups(10), {}, { staticData }),
				runWorkflow(hrdcWorkflow(inGroups(11)), {
					credentials,
					mode: 'trigger',
					staticData,
					beforeStart: () => until(() => emulator.uploads.length > before),
				}),
			]);
			expect([ten.error, eleven.error]).toEqual([undefined, undefined]);
			expect(hrdcGroups()).toHaveLength(11);
			expect(acceptedGroups(staticData)).toBe(11);
			const removed = await run(inGroups(8), {}, { staticData });
			expectStoppedByLimit(removed.error, /^3 of/);
			expect(hrdcGroups()).toHaveLength(11);
		});
	});

	describe('5. a store n8n does not keep (queue mode on n8n 2.x) with First Upload left on', () => {
		test('every run stops with nothing sent, naming Workflow Data', async () => {
			const staticData: IDataObject = {};
			for (let runNumber = 0; runNumber < 3; runNumber++) {
				const result = await run(
					inGroups(10),
					{ firstUpload: true },
					{ staticData, staticDataSaveFails: true },
				);
				expect(result.error?.message).toBe(FIRST_UPLOAD_NEEDS_KEPT_RUN);
				expect(result.error?.description).toMatch(/set 'Baseline Store' to Workflow Data/);
			}
			expect(emulator.uploads).toHaveLength(0);
		});
	});
});
