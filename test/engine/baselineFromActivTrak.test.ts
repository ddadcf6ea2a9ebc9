/**
 * Set Baseline with 'Baseline From' ActivTrak: the HRDC groups ActivTrak shows (read through
 * SCIM, GET only), with their members and Do Not Track, become the baseline the next upload is
 * held to. Run by the real engine against the emulator, with n8n 2.41.1's static data.
 */
import type { IDataObject } from 'n8n-workflow';

import type { AccountSeed } from '../emulator/HrdcEmulator';
import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, keptStore, runWorkflow } from '../support/engine';
import { expectStoppedByLimit, refusedFor } from '../support/messages';
import { baselineIn } from '../support/snapshots';

const emails = Array.from({ length: 12 }, (_, i) => `u${i}@x.com`);
const SEED: AccountSeed = {
	users: emails.map((email, i) => ({ email, employeeId: `E${i}`, tracked: i !== 4 })),
	groups: [
		{ name: 'HR - Sales', source: 'hrdc', members: ['u0@x.com', 'u1@x.com', 'u2@x.com'] },
		{ name: 'HR - Eng', source: 'hrdc', members: ['u3@x.com', 'u4@x.com', 'u5@x.com'] },
		{ name: 'HR - Ops', source: 'hrdc', members: ['u6@x.com', 'u7@x.com', 'u8@x.com'] },
		// Another integration's: never part of HRDC's baseline.
		{ name: 'Sales', source: 'app', members: ['u0@x.com', 'u9@x.com'] },
	],
};
const FROM_ACTIVTRAK = {
	operation: 'setBaseline',
	baselineFrom: 'activTrak',
	baselineGroupPrefix: 'HR - ',
};
/** What the sync sends: the same nine people in the same groups, u4 on Do Not Track. */
const sync = (groups = ['Sales', 'Eng', 'Ops']) =>
	emails.slice(0, 9).map((user_lookup_id, i) => ({
		user_lookup_id,
		group: `HR - ${groups[Math.floor(i / 3)] ?? 'Sales'}`,
		...(i === 4 ? { track: 'n' } : {}),
	}));

describe("Set Baseline with 'Baseline From' ActivTrak", () => {
	const { emulator, credentials } = useEmulator('key', SEED, {
		createUnmatchedUsers: false,
		scimKey: 'scim-key',
	});
	const run = (items: unknown[], parameters: IDataObject, staticData: IDataObject) =>
		runWorkflow(hrdcWorkflow(items, parameters), { credentials, mode: 'trigger', staticData });

	test('records the groups with the prefix, their members and Do Not Track; sends nothing', async () => {
		const staticData = await keptStore();
		const result = await run([{}], FROM_ACTIVTRAK, staticData);
		expect(result.error).toBeUndefined();
		const [{ json }] = result.output('ActivTrak HRDC');
		expect(json.recorded).toEqual({ users: 9, groups: 3, rows: 9 });
		expect(json.summaryText).toMatch(
			/^Baseline set from ActivTrak's groups whose names start with "HR - ": 9 users in 3 groups/,
		);
		const baseline = baselineIn(staticData)!;
		expect(Object.keys(baseline.groups as object)).toEqual(['HR - Sales', 'HR - Eng', 'HR - Ops']);
		expect(baseline.lookupIds).toEqual(emails.slice(0, 9));
		expect(baseline.doNotTrack).toEqual([4]);
		expect(emulator.uploads).toHaveLength(0);
		expect(emulator.scimWrites).toEqual([]);

		// The next sync sends the same: nothing new, nobody newly on Do Not Track.
		const same = await run(sync(), {}, staticData);
		expect(same.error).toBeUndefined();
		const changes = same.output('ActivTrak HRDC')[0].json.changes as IDataObject;
		expect((changes.counts as IDataObject).newlyDoNotTrack).toBe(0);
		expect(changes.groupsRemoved).toEqual([]);
	});

	test('the next upload that leaves out one of those groups is stopped', async () => {
		const staticData = await keptStore();
		expect((await run([{}], FROM_ACTIVTRAK, staticData)).error).toBeUndefined();
		const result = await run(sync(['Sales', 'Eng']), {}, staticData);
		expectStoppedByLimit(result.error, /HRDC groups of the last upload \(33\.3%\) are missing/);
		expect(emulator.uploads).toHaveLength(0);
	});

	test('keyed on employee IDs when the sync is', async () => {
		const staticData = await keptStore();
		const result = await run(
			[{}],
			{ ...FROM_ACTIVTRAK, lookupIdFrom: 'employeeNumber' },
			staticData,
		);
		expect(result.error).toBeUndefined();
		expect(baselineIn(staticData)!.lookupIds).toEqual(emails.slice(0, 9).map((_, i) => `E${i}`));
	});

	test('without a prefix, and before HRDC groups are known, it refuses and says why', async () => {
		const result = await run(
			[{}],
			{ ...FROM_ACTIVTRAK, baselineGroupPrefix: '' },
			await keptStore(),
		);
		expect(result.error?.message).toMatch(
			/^Which of ActivTrak's groups HRDC made is not known yet and 'Group Name Prefix' is empty, so nothing was recorded$/,
		);
	});

	test('a prefix no group has: refused, nothing recorded', async () => {
		const staticData = await keptStore();
		const result = await run([{}], { ...FROM_ACTIVTRAK, baselineGroupPrefix: 'Nope' }, staticData);
		expect(result.error?.message).toMatch(/ActivTrak shows no group whose name starts with "Nope"/);
		expect(baselineIn(staticData)).toBeUndefined();
	});

	test("once the node knows HRDC's groups by their source, no prefix is needed", async () => {
		const staticData = await keptStore();
		const upload = await run(
			sync(),
			{ firstUpload: true, safety: { maxNewDoNotTrackPercent: 100 } },
			staticData,
		);
		expect(upload.error).toBeUndefined();
		// Verifying teaches the ledger the source type of the groups that upload made.
		expect((await run([{}], { operation: 'verifyUpload' }, staticData)).error).toBeUndefined();
		const result = await run(
			[{}],
			{ ...FROM_ACTIVTRAK, baselineGroupPrefix: '', replaceBaseline: true },
			staticData,
		);
		expect(result.error).toBeUndefined();
		const [{ json }] = result.output('ActivTrak HRDC');
		expect(json.summaryText).toMatch(
			/^Baseline set from ActivTrak's HRDC groups \(known by their source\)/,
		);
		// The app's "Sales" is not HRDC's.
		expect(Object.keys(baselineIn(staticData)!.groups as object).sort()).toEqual([
			'HR - Eng',
			'HR - Ops',
			'HR - Sales',
		]);
	});

	test('never replaces a baseline unless asked', async () => {
		const staticData = await keptStore();
		expect((await run([{}], FROM_ACTIVTRAK, staticData)).error).toBeUndefined();
		const again = await run([{}], FROM_ACTIVTRAK, staticData);
		expect(again.error?.message).toMatch(/already keeps a baseline for this ActivTrak account/);
		const replaced = await run([{}], { ...FROM_ACTIVTRAK, replaceBaseline: true }, staticData);
		expect(replaced.error).toBeUndefined();
	});

	test('without a SCIM key it refuses before reading anything', async () => {
		const withoutKey = { activTrakHrdcApi: { ...credentials.activTrakHrdcApi, scimApiKey: '' } };
		const result = await runWorkflow(hrdcWorkflow([{}], FROM_ACTIVTRAK), {
			credentials: withoutKey,
			mode: 'trigger',
			staticData: await keptStore(),
		});
		expect(result.error?.message).toMatch(refusedFor(/needs the credential's SCIM API Key/));
		expect(emulator.requests).toEqual([]);
	});
});
