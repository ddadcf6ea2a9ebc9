/**
 * 'Protected Lookup IDs': no run newly deletes or newly puts on Do Not Track a protected person,
 * against the last accepted upload or an upload in doubt; neither a limit nor Hold for Approval
 * lets it through. Run by the real engine against the emulator, with n8n 2.41.1's static data.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, keptStore, runWorkflow } from '../support/engine';
import { parseStrictCsv } from '../support/strictCsv';
import { refusedBecause, refusedFor } from '../support/messages';

const OPEN = {
	maxNewDeletions: 1000,
	maxNewDeletionsPercent: 100,
	maxNewDoNotTrack: 1000,
	maxNewDoNotTrackPercent: 100,
	maxUsersShrinkPercent: 100,
	maxGroupsRemovedPercent: 100,
	maxGroupsShrinkPercent: 100,
	maxMembershipsRemovedPercent: 100,
};
const people = (marks: Record<string, IDataObject> = {}) =>
	['a@x.com', 'b@x.com', 'svc@x.com', 'ceo@x.com'].map((user_lookup_id) => ({
		user_lookup_id,
		group: 'All',
		...(marks[user_lookup_id] ?? {}),
	}));
const PROTECTED = ' SVC@x.com,\nceo@x.com ';

describe("'Protected Lookup IDs'", () => {
	const { emulator, credentials } = useEmulator('key');
	const run = (items: unknown[], parameters: IDataObject, staticData: IDataObject) =>
		runWorkflow(hrdcWorkflow(items, parameters), { credentials, mode: 'trigger', staticData });
	const baseline = async (items = people()) => {
		const staticData = await keptStore();
		expect(
			(await run(items, { firstUpload: true, safety: OPEN }, staticData)).error,
		).toBeUndefined();
		return staticData;
	};
	const options = { protectedIds: PROTECTED };

	test('newly deleting one, or putting one on Do Not Track, is refused, naming them, whatever the limits', async () => {
		const staticData = await baseline();
		const uploads = emulator.uploads.length;
		const result = await run(
			people({ 'svc@x.com': { delete_user: 'y' }, 'ceo@x.com': { track: 'n' } }),
			{ options, safety: OPEN },
			staticData,
		);
		expect(result.error?.message).toBe(
			refusedBecause(
				'Protected people would be 1 newly deleted ("svc@x.com") and 1 newly on Do Not Track ("ceo@x.com")',
			),
		);
		expect(emulator.uploads).toHaveLength(uploads);
	});

	test('Hold for Approval does not hold it: it is refused, nothing held', async () => {
		const staticData = await baseline();
		const result = await run(
			people({ 'svc@x.com': { delete_user: 'y' } }),
			{ options, onSafetyLimit: 'hold' },
			staticData,
		);
		expect(result.error?.message).toMatch(/Protected people would be 1 newly deleted/);
		expect(result.error?.description).toMatch(/No safety limit or approval allows this/);
	});

	test('a mark the last upload had already is not new: the run goes', async () => {
		const staticData = await baseline(people({ 'ceo@x.com': { track: 'n' } }));
		const result = await run(people({ 'ceo@x.com': { track: 'n' } }), { options }, staticData);
		expect(result.error).toBeUndefined();
	});

	test('against an upload in doubt too: ActivTrak may hold that one', async () => {
		const staticData = await baseline(people({ 'ceo@x.com': { track: 'n' } }));
		// The doubt took the ceo off Do Not Track; its answer was lost.
		emulator.injectFaults({ applyFirst: true, status: 504 });
		const lost = await run(people(), { options: { maxRetries: 0 }, safety: OPEN }, staticData);
		expect(lost.error).toBeDefined();
		const result = await run(people({ 'ceo@x.com': { track: 'n' } }), { options }, staticData);
		expect(result.error?.message).toMatch(/Protected people would be 1 newly on Do Not Track/);
	});

	test('Preview says an upload would be refused, and lists them', async () => {
		const staticData = await baseline();
		const result = await run(
			people({ 'svc@x.com': { delete_user: 'y' } }),
			{ operation: 'preview', options },
			staticData,
		);
		const [{ json }] = result.output('ActivTrak HRDC');
		expect(json.readyToUpload).toBe(false);
		expect(json.protectedPeople).toEqual({ deleted: ['svc@x.com'], doNotTrack: [] });
		expect(json.summaryText).toContain('An upload would be refused: Protected people would be');
	});

	test('a setting that is not text stops the run', async () => {
		const result = await run(people(), { options: { protectedIds: 42 } }, await baseline());
		expect(result.error?.message).toMatch(
			refusedFor(/'Options' > 'Protected Lookup IDs' is 42, not a text of lookup IDs/),
		);
	});

	test('property: a sent snapshot never newly deletes or untracks a protected person', async () => {
		const ids = ['a@x.com', 'b@x.com', 'c@x.com', '__proto__', 'constructor'];
		const mark = fc.constantFrom<IDataObject>({}, { track: 'n' }, { delete_user: 'y' });
		const snapshot = fc.tuple(...ids.map(() => mark));
		// Both outcomes must occur, or the property proved nothing.
		const seen = { sent: 0, refused: 0 };
		await fc.assert(
			fc.asyncProperty(snapshot, snapshot, fc.subarray(ids), async (before, after, guarded) => {
				const items = (marks: IDataObject[]) =>
					ids.map((user_lookup_id, i) => ({ user_lookup_id, group: 'All', ...marks[i] }));
				const staticData = await baseline(items(before));
				const uploads = emulator.uploads.length;
				const result = await run(
					items(after),
					{ options: { protectedIds: guarded.join('\n') }, safety: OPEN },
					staticData,
				);
				if (emulator.uploads.length === uploads) {
					expect(result.error?.message).toMatch(/^Protected people would be/);
					seen.refused++;
					return;
				}
				seen.sent++;
				const [header, ...rows] = parseStrictCsv(emulator.uploads.at(-1)!.csv!);
				const col = (name: string) => header.indexOf(name);
				for (const row of rows) {
					const id = row[col('user_lookup_id')];
					if (!guarded.includes(id)) continue;
					const had = before[ids.indexOf(id)];
					if (col('delete_user') >= 0 && row[col('delete_user')] === 'y')
						expect(had.delete_user).toBe('y');
					if (col('track') >= 0 && row[col('track')] === 'n') expect(had.track).toBe('n');
				}
			}),
			{ numRuns: Number(process.env.FC_RUNS ?? 25), seed: 20261204 },
		);
		expect(seen.sent).toBeGreaterThan(0);
		expect(seen.refused).toBeGreaterThan(0);
	}, 120_000);
});
