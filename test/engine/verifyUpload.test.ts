/**
 * What ActivTrak shows, read through SCIM (GET only): the groups a snapshot shares with another
 * integration, the HRDC groups an upload would really delete once the ledger learned which
 * groups are HRDC's, Verify Last Upload, and uploads in doubt settled by the live state. Run by
 * the real engine against the emulator, with n8n 2.41.1's static data (a copy per execution,
 * written back whole when it ends).
 */
import type { IDataObject } from 'n8n-workflow';

import type { AccountSeed } from '../emulator/HrdcEmulator';
import { EMULATOR_HRDC_SOURCE_TYPE } from '../emulator/scim';
import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, keptStore, runWorkflow } from '../support/engine';
import { baselineIn, ledgerIn } from '../support/snapshots';
import { expectStoppedByLimit, refusedFor } from '../support/messages';

const emails = Array.from({ length: 12 }, (_, i) => `u${i}@x.com`);
const SEED: AccountSeed = {
	users: emails.map((email) => ({ email })),
	// Made by another integration (the guide's Azure AD case): HRDC must not be blamed for it.
	groups: [{ name: 'Sales', source: 'app', members: ['u0@x.com'] }],
};
/** Four groups of three: Sales, Eng, Ops, Hr. */
const GROUPS = ['Sales', 'Eng', 'Ops', 'Hr'];
const people = (extra: IDataObject = {}) =>
	emails.map((user_lookup_id, i) => ({
		user_lookup_id,
		group: GROUPS[Math.floor(i / 3)],
		...extra,
	}));
const LIVE = { options: { liveCheck: true } };
const VERIFY = { operation: 'verifyUpload' };

async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the live check reads the groups too', () => {
	const { emulator, credentials } = useEmulator('key', SEED, {
		createUnmatchedUsers: false,
		scimKey: 'scim-key',
	});
	const run = (items: unknown[], parameters: IDataObject, staticData: IDataObject) =>
		runWorkflow(hrdcWorkflow(items, parameters), { credentials, mode: 'trigger', staticData });
	const firstUploaded = async (items: unknown[] = people()) => {
		const staticData = await keptStore();
		const result = await run(items, { firstUpload: true }, staticData);
		expect(result.error).toBeUndefined();
		return staticData;
	};
	const json = (result: Awaited<ReturnType<typeof run>>) => {
		expect(result.error).toBeUndefined();
		return result.output('ActivTrak HRDC')[0].json;
	};

	test('before any upload: a group another integration made is named, deletions are not known', async () => {
		const out = json(await run(people(), { operation: 'preview', ...LIVE }, await keptStore()));
		expect(out.liveCheck).toMatchObject({
			accountGroups: 1,
			hrdcSourceType: null,
			groupsOfOtherSources: ['Sales'],
			groupsToDelete: null,
		});
		expect(out.summaryText).toContain(
			'1 group of the snapshot already exist in ActivTrak from another integration',
		);
		expect(out.summaryText).toContain(
			'Which HRDC groups in ActivTrak an upload deletes is not known',
		);
		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /scim/v1/users',
			'GET /scim/v1/groups',
		]);
	});

	test("after an accepted upload the ledger learns which groups are HRDC's, and says what an upload deletes", async () => {
		const staticData = await firstUploaded();
		expect(ledgerIn(staticData)!.hrdcSourceType).toBeNull();
		const out = json(await run(people(), LIVE, staticData));
		expect(out.liveCheck).toMatchObject({
			hrdcSourceType: EMULATOR_HRDC_SOURCE_TYPE,
			// HRDC's own Sales is not another source's; the app's Sales of the same name is.
			groupsOfOtherSources: ['Sales'],
			groupsToDelete: { hrdcGroups: 4, count: 0, names: [] },
		});
		// Kept: the next run knows it without learning again.
		expect(ledgerIn(staticData)!.hrdcSourceType).toBe(EMULATOR_HRDC_SOURCE_TYPE);
	});

	test('an HRDC group that ActivTrak holds but the baseline does not know is counted by the groups limit', async () => {
		const staticData = await firstUploaded();
		expect(json(await run(people(), LIVE, staticData)).status).toBe('uploaded');
		// Someone uploaded a CSV by hand with two more groups: the node's baseline never saw them.
		emulator.addGroup('Legal', 'hrdc', ['u0@x.com']);
		emulator.addGroup('Board', 'hrdc', ['u1@x.com']);
		const uploads = emulator.uploads.length;
		const result = await run(people(), LIVE, staticData);
		expectStoppedByLimit(
			result.error,
			/^2 of the 6 HRDC groups ActivTrak shows \(33\.3%\) are not in the snapshot, so ActivTrak would delete them \("Legal", "Board"\)/,
		);
		expect(emulator.uploads).toHaveLength(uploads);
		expect(emulator.scimWrites).toEqual([]);
	});

	describe('Verify Last Upload', () => {
		const leaversAndGroups = () =>
			people().map((person, i) => ({
				...person,
				...(i === 4 ? { track: 'n' } : {}),
				...(i === 5 ? { delete_user: 'y' } : {}),
			}));

		test('after a clean upload: verified, nothing sent', async () => {
			const staticData = await firstUploaded(leaversAndGroups());
			const uploads = emulator.uploads.length;
			const out = json(await run([{}], VERIFY, staticData));
			expect(out).toMatchObject({
				status: 'verified',
				verified: true,
				differenceCount: 0,
				differences: [],
				checked: { groups: 4, doNotTrack: 1, deleted: 1, usersNotFound: 0 },
				hrdcSourceType: EMULATOR_HRDC_SOURCE_TYPE,
				uploaded: false,
			});
			expect(out.summaryText).toMatch(
				/^ActivTrak shows the upload accepted .*: 4 groups with the members sent, 1 on Do Not Track, 1 deleted\./,
			);
			expect(emulator.uploads).toHaveLength(uploads);
			expect(
				emulator.requests
					.filter((r) => r.path.startsWith('/scim/'))
					.every((r) => r.method === 'GET'),
			).toBe(true);
			expect(emulator.scimWrites).toEqual([]);
		});

		test('reports a membership ActivTrak dropped, a user still tracked and one not deleted', async () => {
			const staticData = await firstUploaded(leaversAndGroups());
			emulator.dropMembership('Eng', 'u3@x.com');
			const tracked = emulator.state().users.find((u) => u.email === 'u4@x.com')!;
			expect(tracked.tracked).toBe(false);
			// The emulator's own records, changed as a failed apply would leave them.
			(
				emulator as unknown as {
					users: Array<{ email: string; tracked: boolean; deleted: boolean }>;
				}
			).users
				.filter((u) => u.email === 'u4@x.com' || u.email === 'u5@x.com')
				.forEach((u) => {
					u.tracked = true;
					u.deleted = false;
				});
			const out = json(await run([{}], VERIFY, staticData));
			expect(out.verified).toBe(false);
			expect(out.status).toBe('differences-found');
			expect(out.differences).toEqual([
				{ group: 'Eng', user: 'u3@x.com', difference: 'sent as a member, not one in ActivTrak' },
				{ user: 'u5@x.com', difference: 'sent with delete_user = y, still in ActivTrak' },
				{ user: 'u4@x.com', difference: 'sent with track = n, still tracked in ActivTrak' },
			]);
			expect(out.differenceCount).toBe(3);
			expect(out.summaryText).toMatch(/differs from the upload accepted .* in 3 ways/);
		});

		test('without an accepted upload it refuses and says why', async () => {
			const result = await run([{}], VERIFY, await keptStore());
			expect(result.error?.message).toMatch(
				refusedFor(/This workflow has no accepted upload to this ActivTrak account to verify/),
			);
		});

		test('without a SCIM key it refuses, naming the operation', async () => {
			const staticData = await firstUploaded();
			const withoutKey = { activTrakHrdcApi: { ...credentials.activTrakHrdcApi, scimApiKey: '' } };
			const result = await runWorkflow(hrdcWorkflow([{}], VERIFY), {
				credentials: withoutKey,
				mode: 'trigger',
				staticData,
			});
			expect(result.error?.message).toMatch(
				refusedFor(/Verify Last Upload needs the credential's SCIM API Key/),
			);
		});
	});

	describe('an upload in doubt, settled by what ActivTrak shows', () => {
		const fewer = people().filter((_, i) => i < 9);
		/** The second upload leaves a group out on purpose: the limits that would stop it, open. */
		const sendLost = async (staticData: IDataObject, fault: { applyFirst?: true }) => {
			emulator.injectFaults({ ...fault, status: 504 });
			const lost = await run(
				fewer,
				{
					options: { maxRetries: 0, timeoutSeconds: 5 },
					safety: {
						maxGroupsRemovedPercent: 100,
						maxMembershipsRemovedPercent: 100,
						maxGroupsShrinkPercent: 100,
						maxUsersShrinkPercent: 100,
					},
				},
				staticData,
			);
			expect(lost.error?.message).toMatch(/504/);
			expect(ledgerIn(staticData)!.inDoubt).toHaveLength(1);
		};

		test('ActivTrak shows the upload whose answer was lost: it becomes the baseline', async () => {
			const staticData = await firstUploaded();
			await sendLost(staticData, { applyFirst: true });
			const generation = ledgerIn(staticData)!.generation as number;

			const out = json(await run(fewer, { operation: 'verifyUpload' }, staticData));
			expect(out.uploadsInDoubt).toEqual({ shows: 'upload in doubt', stillInDoubt: 0 });
			expect(out.verified).toBe(true);
			const entry = ledgerIn(staticData)!;
			expect(entry.inDoubt).toEqual([]);
			expect(entry.generation).toBe(generation + 1);
			expect(Object.keys(baselineIn(staticData)!.groups as object)).toEqual([
				'Sales',
				'Eng',
				'Ops',
			]);
		});

		test('an upload with the live check on settles it before it is compared', async () => {
			const staticData = await firstUploaded();
			await sendLost(staticData, { applyFirst: true });
			const out = json(await run(fewer, LIVE, staticData));
			expect(out.status).toBe('uploaded');
			expect((out.liveCheck as IDataObject).uploadsInDoubt).toEqual({
				shows: 'upload in doubt',
				stillInDoubt: 0,
			});
			expect(out.summaryText).toContain(
				'ActivTrak shows the upload whose outcome was not known: it is the baseline now.',
			);
			// Against the settled baseline the same snapshot changes nothing; against both, no warning of doubt.
			expect((out.changes as IDataObject).groupsRemoved).toEqual([]);
			expect(out.warnings).not.toEqual(
				expect.arrayContaining([expect.stringMatching(/is not known/)]),
			);
		});

		test('Verify Last Upload and an upload with the live check at once: both settle it, and the copy written back last keeps it', async () => {
			const staticData = await firstUploaded();
			await sendLost(staticData, { applyFirst: true });
			const [verified, uploaded] = await Promise.all([
				run(fewer, VERIFY, staticData),
				run(fewer, LIVE, staticData),
			]);
			expect(json(verified).verified).toBe(true);
			expect(json(uploaded).status).toBe('uploaded');
			// Whichever took the lock second found the doubt already settled by the first.
			const shown = [
				json(verified).uploadsInDoubt,
				(json(uploaded).liveCheck as IDataObject).uploadsInDoubt,
			];
			expect(shown).toContainEqual({ shows: 'upload in doubt', stillInDoubt: 0 });
			const entry = ledgerIn(staticData)!;
			expect(entry.inDoubt).toEqual([]);
			expect(Object.keys(baselineIn(staticData)!.groups as object)).toEqual([
				'Sales',
				'Eng',
				'Ops',
			]);
		});

		test('a run whose copy was loaded before Verify Last Upload settled the doubt, and ends after it, does not bring the doubt back', async () => {
			const staticData = await firstUploaded();
			await sendLost(staticData, { applyFirst: true });
			let verifyEnded = false;
			const verify = run(fewer, VERIFY, staticData).then((result) => {
				verifyEnded = true;
				return result;
			});
			// Its copy is loaded now, with the doubt in it; the node runs once the verify has ended.
			const late = runWorkflow(hrdcWorkflow(fewer, {}), {
				credentials,
				mode: 'trigger',
				staticData,
				beforeStart: () => until(() => verifyEnded),
			});
			const [verified, uploaded] = await Promise.all([verify, late]);
			expect(json(verified).uploadsInDoubt).toEqual({ shows: 'upload in doubt', stillInDoubt: 0 });
			const out = json(uploaded);
			expect(out.status).toBe('uploaded');
			// Compared with the settled baseline alone: nothing removed, no word of a doubt.
			expect((out.changes as IDataObject).groupsRemoved).toEqual([]);
			expect(out.warnings).not.toEqual(
				expect.arrayContaining([expect.stringMatching(/is not known/)]),
			);
			expect(ledgerIn(staticData)!.inDoubt).toEqual([]);
			// The next run is held to the settled baseline: dropping two of its three groups stops.
			const shrunk = await run(
				fewer.filter((_, i) => i < 3),
				{},
				staticData,
			);
			expectStoppedByLimit(shrunk.error, /of the 3 HRDC groups/);
		});

		test('ActivTrak still shows the last accepted upload: a recent doubt stays, the run is held to both', async () => {
			const staticData = await firstUploaded();
			// Not applied, and the answer lost: ActivTrak may still apply it (HRDC takes its time).
			await sendLost(staticData, {});
			const out = json(await run([{}], VERIFY, staticData));
			expect(out.uploadsInDoubt).toEqual({ shows: 'accepted upload', stillInDoubt: 1 });
			expect(out.verified).toBe(false);
			expect(out.summaryText).toContain(
				'1 later upload whose outcome is not known may still be applied',
			);
			expect(ledgerIn(staticData)!.inDoubt).toHaveLength(1);
		});
	});
});
