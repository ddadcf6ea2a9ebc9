/**
 * The ledger against a model of an HRDC account: for any interleaving of a few runs (uploads,
 * holds, approvals, the same approval twice at once, answers lost after ActivTrak applied the
 * upload, static data that fails to save), in the real engine with n8n's per-execution copies of
 * static data, against the emulator:
 *
 * - no snapshot whose change against what ActivTrak then held breaks a limit reaches ActivTrak
 *   unless a person approved it (one approved token per such send);
 * - a token sends at most once, also when it is approved twice at the same moment.
 *
 * The model is the emulator's own log: every upload that arrived whole was applied (the lost
 * answers are applied first), so what ActivTrak held before an upload is the one before it.
 * The snapshots are chosen so that which changes break a limit is known by construction: k groups
 * of three people each, k in 7, 9, 12, lose (k - m) / k of their groups, users and memberships
 * going to m groups, over the 20% limits for 12 -> 9, 9 -> 7 and 12 -> 7; DELETES[j] (10 groups)
 * deletes six people (over 'Max Users Deleted per Run'), so it breaks a limit from anything but
 * itself. A lost answer thus leaves a state the next run must be checked against.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../emulator/HrdcEmulator';
import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, keptStore, runWorkflow, type RunResult } from '../support/engine';

const RUNS = Math.max(10, Math.floor(Number(process.env.FC_RUNS ?? 300) / 10));
const SEED = Number(process.env.FC_SEED ?? 20261203);

const people = (count: number) => Array.from({ length: count }, (_, i) => `p${i}@x.com`);
const inGroups = (groups: number) =>
	people(groups * 3).map((user_lookup_id, i) => ({
		user_lookup_id,
		group: `Team ${Math.floor(i / 3)}`,
	}));
const SIZES = [7, 9, 12] as const;
type Size = (typeof SIZES)[number];
const SAFE = { 7: inGroups(7), 9: inGroups(9), 12: inGroups(12) } as const;
/** The groups of a CSV the property sends: its number of distinct groups. */
const groupsIn = (csv: string) =>
	new Set(
		csv
			.split('\n')
			.slice(1)
			.map((row) => row.split(',')[4])
			.filter(Boolean),
	).size;
/** Six people deleted: DELETES[0] the first six, DELETES[1] six others. */
const DELETES = [0, 12].map((from) =>
	inGroups(10).map((user, i) => ({ ...user, delete_user: i >= from && i < from + 6 })),
);
const DELETED_MARK = ['p0@x.com,', 'p12@x.com,'];

type Step =
	| { kind: 'upload'; groups: Size; lost: boolean; saveFails: boolean }
	| { kind: 'hold'; which: 0 | 1 }
	| { kind: 'approve'; token: number; lost: boolean; twice: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({
		kind: fc.constant('upload' as const),
		groups: fc.constantFrom(...SIZES),
		lost: fc.boolean(),
		saveFails: fc.boolean(),
	}),
	fc.record({ kind: fc.constant('hold' as const), which: fc.constantFrom(0 as const, 1 as const) }),
	fc.record({
		kind: fc.constant('approve' as const),
		token: fc.nat(3),
		lost: fc.boolean(),
		twice: fc.boolean(),
	}),
);
/** Steps in batches: the steps of one batch run at the same time. */
const scenario = fc.array(fc.array(step, { minLength: 1, maxLength: 2 }), {
	minLength: 1,
	maxLength: 6,
});

/** Which of DELETES a CSV is, or -1. */
const deletesIn = (csv: string) =>
	DELETED_MARK.findIndex((mark) =>
		csv.split('\n').some((row) => row.startsWith(mark) && row.endsWith(',y')),
	);

describe('the ledger never lets a limit-breaking change through unapproved', () => {
	const { emulator, credentials } = useEmulator('property-key', {
		users: people(40).map((email) => ({ email })),
	});
	const LOST: Fault = { applyFirst: true, status: 504 };
	const options = { options: { maxRetries: 0 } };

	test('for any interleaving of uploads, holds, approvals and lost answers', async () => {
		await fc.assert(
			fc.asyncProperty(scenario, async (batches) => {
				emulator.reset({ users: people(40).map((email) => ({ email })) });
				const staticData: IDataObject = await keptStore();
				const first = await runWorkflow(hrdcWorkflow(SAFE[9], { firstUpload: true }), {
					credentials,
					staticData,
				});
				expect(first.error).toBeUndefined();
				const tokens: Array<{ token: string; csv: Buffer; which: number }> = [];
				const approvedOnce = new Map<string, number>();

				const runStep = async (s: Step): Promise<void> => {
					if (s.kind === 'upload') {
						if (s.lost) emulator.injectFaults(LOST);
						await runWorkflow(hrdcWorkflow(SAFE[s.groups], options), {
							credentials,
							staticData,
							staticDataSaveFails: s.saveFails,
						});
						return;
					}
					if (s.kind === 'hold') {
						const result = await runWorkflow(
							hrdcWorkflow(DELETES[s.which], { onSafetyLimit: 'hold' }),
							{ credentials, staticData },
						);
						const [held] = result.error ? [] : result.output('ActivTrak HRDC', 1);
						if (held) {
							const csv = Buffer.from(held.binary!.data.data, 'base64');
							tokens.push({ token: held.json.approvalToken as string, csv, which: s.which });
						}
						return;
					}
					const chosen = tokens[s.token % Math.max(1, tokens.length)];
					if (!chosen) return;
					if (s.lost) emulator.injectFaults(LOST);
					const approve = () =>
						runWorkflow(
							hrdcWorkflow(
								[],
								{ operation: 'uploadApproved', approvalToken: chosen.token, ...options },
								{ files: [chosen.csv] },
							),
							{ credentials, staticData },
						);
					const results: RunResult[] = await Promise.all(
						s.twice ? [approve(), approve()] : [approve()],
					);
					const sent = results.filter((result) => result.error === undefined).length;
					approvedOnce.set(chosen.token, (approvedOnce.get(chosen.token) ?? 0) + sent);
				};

				for (const batch of batches) await Promise.all(batch.map(runStep));

				// A token is approved (and sent) once at most.
				for (const count of approvedOnce.values()) expect(count).toBeLessThanOrEqual(1);
				// Replay ActivTrak's log: no limit-breaking send but an approved one, one per token.
				const whole = emulator.uploads.filter((request) => !request.cut && request.csv);
				const breaking = [0, 0];
				let before = { deletes: -1, groups: 0 };
				for (const request of whole) {
					const now = { deletes: deletesIn(request.csv!), groups: groupsIn(request.csv!) };
					if (now.deletes >= 0 && now.deletes !== before.deletes) breaking[now.deletes]++;
					else if (before.groups > 0 && (before.groups - now.groups) / before.groups > 0.2) {
						throw new Error(
							`an unapproved upload went from ${before.groups} to ${now.groups} groups`,
						);
					}
					before = now;
				}
				for (const which of [0, 1]) {
					const issued = tokens.filter((token) => token.which === which).length;
					expect(breaking[which]).toBeLessThanOrEqual(issued);
				}
			}),
			{ numRuns: RUNS, seed: SEED, endOnFailure: true },
		);
	}, 300_000);
});
