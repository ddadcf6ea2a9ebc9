/**
 * HR text named like JavaScript's own properties (`__proto__`, `constructor`, `toString`...)
 * as ids, e-mails and group names, in the real engine against the emulator: the limits hold
 * exactly as for any other name, through upload, preview, the change report, hold and approval,
 * with the baseline in n8n's static data and in workflow data. A group called `__proto__` once
 * turned the membership limit off (a plain-object lookup gave NaN, and NaN > limit is false).
 */
import fc from 'fast-check';
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, keptStore, runWorkflow } from '../support/engine';
import { expectStoppedByLimit } from '../support/messages';

const SPECIAL = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'hasOwnProperty',
	'valueOf',
] as const;
const emails = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@x.com`);
const RUNS = Number(process.env.FC_RUNS ?? 40);
/** Limits wide open: the first upload of a property run must be accepted, whatever it holds. */
const OPEN = {
	maxNewDeletions: 100,
	maxNewDeletionsPercent: 100,
	maxNewDoNotTrack: 100,
	maxNewDoNotTrackPercent: 100,
	allowUploadWithoutGroups: true,
};
const SEED = Number(process.env.FC_SEED ?? 20261201);

describe('names that are JavaScript property names', () => {
	const { emulator, credentials } = useEmulator('special-key', {
		users: [...emails(20), ...SPECIAL].map((email) => ({ email })),
	});
	const run = (workflow: IWorkflowBase, staticData: IDataObject) =>
		runWorkflow(workflow, { credentials, mode: 'trigger', staticData });

	test.each(SPECIAL)(
		'a new group called %s does not switch off the membership limit',
		async (special) => {
			const staticData = await keptStore();
			const everyone = emails(20).map((user_lookup_id) => ({ user_lookup_id, group: 'All' }));
			const first = await run(hrdcWorkflow(everyone, { firstUpload: true }), staticData);
			expect(first.error).toBeUndefined();
			// 18 of 20 lose "All"; one of them joins the special group.
			const next = everyone.map((user, i) => ({
				user_lookup_id: user.user_lookup_id,
				group: i < 2 ? 'All' : i === 2 ? special : '',
			}));
			const result = await run(hrdcWorkflow(next), staticData);
			expectStoppedByLimit(result.error);
			expect(result.error?.description).toMatch(
				/18 of the 20 group memberships of the last upload \(90%\) would be removed/,
			);
			expect(emulator.uploads).toHaveLength(1);
		},
	);

	test('a group called __proto__ in the baseline is compared like any other', async () => {
		const staticData = await keptStore();
		const inProto = emails(20).map((user_lookup_id) => ({
			user_lookup_id,
			group: '__proto__',
		}));
		const first = await run(hrdcWorkflow(inProto, { firstUpload: true }), staticData);
		expect(first.error).toBeUndefined();
		const preview = await run(
			hrdcWorkflow(inProto.slice(0, 19), { operation: 'preview' }),
			staticData,
		);
		expect(preview.output('ActivTrak HRDC')[0].json.changes).toMatchObject({
			groups: { before: 1, after: 1 },
			memberships: { before: 20, after: 19, removed: 1 },
			groupMemberChanges: [{ group: '__proto__', added: 0, removed: 1 }],
		});
		const gone = await run(
			hrdcWorkflow(
				inProto.map((user) => ({ ...user, group: 'Other' })),
				{ operation: 'preview' },
			),
			staticData,
		);
		expect(gone.output('ActivTrak HRDC')[0].json.changes).toMatchObject({
			groupsRemoved: ['__proto__'],
			groupsCreated: ['Other'],
		});
	});

	/**
	 * A baseline of `before`, then `after`: whatever the names, the limits decide exactly as the
	 * same run with ordinary names does (the names mapped one to one onto "n0", "n1", ...).
	 */
	test('property: special names decide every limit exactly as ordinary names do', async () => {
		const name = fc.constantFrom(...SPECIAL, 'Sales', 'Ops');
		const user = fc.record({
			who: fc.constantFrom(...SPECIAL, 'u1@x.com', 'u2@x.com', 'u3@x.com', 'u4@x.com'),
			group: fc.oneof(name, fc.constant('')),
			track: fc.boolean(),
			delete_user: fc.boolean(),
		});
		const snapshot = fc.uniqueArray(user, { minLength: 1, maxLength: 8, selector: (u) => u.who });
		const store = fc.constantFrom('staticData', 'workflowData');
		const operation = fc.constantFrom('upload', 'preview', 'hold');
		const ordinary = (text: string) => {
			const at = (SPECIAL as readonly string[]).indexOf(text);
			return at < 0 ? text : `n${at}`;
		};
		type Row = { who: string; group: string; track: boolean; delete_user: boolean };
		const items = (rows: Row[], rename: (text: string) => string) =>
			rows.map((row) => ({
				user_lookup_id: rename(row.who),
				group: row.group ? rename(row.group) : '',
				track: row.track,
				delete_user: row.delete_user,
			}));

		const outcome = async (
			before: Row[],
			after: Row[],
			kind: string,
			op: string,
			rename: (text: string) => string,
		) => {
			const staticData = await keptStore();
			const storeParams: IDataObject =
				kind === 'workflowData'
					? { baselineStore: 'workflowData', firstUpload: true }
					: { firstUpload: true };
			const first = await run(
				hrdcWorkflow(items(before, rename), {
					...storeParams,
					safety: OPEN,
				}),
				staticData,
			);
			if (first.error) return `first: ${first.error.message}`;
			const previousBaseline = first.output('ActivTrak HRDC')[0].json.newBaseline;
			const params: IDataObject = {
				...(kind === 'workflowData' ? { baselineStore: 'workflowData', previousBaseline } : {}),
				...(op === 'preview' ? { operation: 'preview' } : {}),
				...(op === 'hold' ? { onSafetyLimit: 'hold' } : {}),
			};
			const second = await run(hrdcWorkflow(items(after, rename), params), staticData);
			if (second.error) {
				// The message names counts and limits; names in it are mapped back.
				return `error: ${second.error.message} ${(second.error.description ?? '').replace(/"n(\d)"/g, (_m, d: string) => `"${SPECIAL[Number(d)]}"`)}`;
			}
			const held =
				second.outputCount('ActivTrak HRDC') === 2 ? second.output('ActivTrak HRDC', 1) : [];
			const json = (held[0] ?? second.output('ActivTrak HRDC')[0]).json;
			const changes = json.changes as IDataObject;
			return JSON.stringify({
				held: held.length,
				users: changes.users,
				groups: changes.groups,
				memberships: changes.memberships,
				counts: changes.counts,
				limits: (json.limitsBroken as IDataObject[] | undefined)?.map((v) => v.limit) ?? [],
				ready: json.readyToUpload,
			});
		};

		await fc.assert(
			fc.asyncProperty(snapshot, snapshot, store, operation, async (before, after, kind, op) => {
				const special = await outcome(before, after, kind, op, (text) => text);
				const plain = await outcome(before, after, kind, op, ordinary);
				// Names and times aside, the two runs end the same way.
				const counts = (text: string) =>
					text.replace(/"[^"]*"/g, '"name"').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME');
				expect(counts(special)).toBe(counts(plain));
				expect(special).not.toMatch(/NaN/);
			}),
			{ numRuns: RUNS, seed: SEED, endOnFailure: true },
		);
	}, 120_000);
});
