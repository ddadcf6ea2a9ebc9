/**
 * A first sync without traps (issue #29), each through the real engine against the emulator:
 * ActivTrak's answer read for people it did not match, the status and summary first, a preview
 * that would be refused saying why, a held run naming who it removes, and Preview keeping the
 * approval path's second output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { AccountSeed } from '../emulator/HrdcEmulator';
import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, runWorkflow } from '../support/engine';
import { baselineIn } from '../support/snapshots';
import { refusedBecause, SOURCE_GAVE_NO_PEOPLE } from '../support/messages';

const emails = (count: number, from = 0) =>
	Array.from({ length: count }, (_, i) => `u${i + from}@x.com`);

describe('ActivTrak answers that it did not match some people', () => {
	// Two people of nine are known to this account; it makes no users for the others.
	const SEED: AccountSeed = { users: emails(2).map((email) => ({ email })) };
	const { emulator, credentials, run } = useEmulator('match-key', SEED, {
		createUnmatchedUsers: false,
	});

	test('7 of 9 not matched: read from its messages, and said first', async () => {
		const result = await run(emails(9).map((u) => ({ user_lookup_id: u, group: 'Sales' })));
		expect(result.error).toBeUndefined();
		const { json } = result.output('ActivTrak HRDC')[0];
		expect(json).toMatchObject({
			status: 'uploaded',
			messages: ['9 lines read', '7 users not matched'],
			linesRead: 9,
			notMatched: 7,
		});
		expect(Object.keys(json).slice(0, 2)).toEqual(['status', 'summaryText']);
		expect(String(json.summaryText).split('\n')[0]).toBe(
			'7 of 9 users were not found in ActivTrak (no update for them).',
		);
		expect(json.warnings).toContain(
			'7 of 9 users were not found in ActivTrak (no update for them).',
		);
	});

	test('none matched: the run fails, and the upload ActivTrak applied is the baseline', async () => {
		const wrong = ['Ana One', 'Bo Two', 'Cy Three'].map((name) => ({
			user_lookup_id: name,
			group: 'Sales',
		}));
		const result = await run(wrong);
		expect(emulator.uploads).toHaveLength(1);
		expect(result.error?.message).toBe(
			'ActivTrak accepted the upload but found none of its 3 users: nobody was updated',
		);
		expect(result.error?.description).toMatch(/user_lookup_id holds each person's email/);
		// n8n keeps the static data of a failed run: the ledger knows what ActivTrak holds.
		expect(baselineIn(result.staticData)).toMatchObject({
			lookupIds: ['Ana One', 'Bo Two', 'Cy Three'],
		});
	});

	test('none matched with Workflow Data: the error item carries the new baseline to keep', async () => {
		const result = await runWorkflow(
			hrdcWorkflow(
				[{ user_lookup_id: 'Display Name', group: 'Sales' }],
				{ baselineStore: 'workflowData', firstUpload: true },
				{ onError: 'continueErrorOutput' },
			),
			{ credentials, mode: 'trigger' },
		);
		expect(result.error).toBeUndefined();
		const [failure] = result.output('ActivTrak HRDC', 1);
		expect(failure.json.error).toMatch(/found none of its user/);
		const details = failure.json.details as IDataObject;
		expect(details.baselineInDoubt).toBe(false);
		expect(typeof details.newBaseline).toBe('string');
		// Handed back in, it is the baseline: the same snapshot again changes nothing.
		const again = await run([{ user_lookup_id: 'Display Name', group: 'Sales' }], {
			operation: 'preview',
			baselineStore: 'workflowData',
			previousBaseline: details.newBaseline,
		});
		expect(again.output('ActivTrak HRDC')[0].json.changes).toMatchObject({
			firstUpload: false,
			users: { before: 1, after: 1, added: 0, removed: 0 },
		});
	});
});

describe('the status and summary come first, and tell the truth', () => {
	const { emulator, credentials, run } = useEmulator('status-key');

	test("a credential whose base URL is the guide's full endpoint stops the upload, sending nothing", async () => {
		const sentBefore = emulator.requests.length;
		const pasted = {
			activTrakHrdcApi: {
				...credentials.activTrakHrdcApi,
				baseUrl: `${String(credentials.activTrakHrdcApi.baseUrl)}/hrdc/v2/bulk`,
			},
		};
		const result = await runWorkflow(
			hrdcWorkflow([{ user_lookup_id: 'u1@x.com', group: 'A' }], { firstUpload: true }),
			{ credentials: pasted, mode: 'trigger' },
		);
		expect(result.error?.message).toMatch(
			/includes an API path \(\/hrdc\/v2\/bulk\); enter only http:\/\/127\.0\.0\.1:\d+, and the node adds/,
		);
		expect(emulator.requests).toHaveLength(sentBefore);
	});

	test('a preview with an invalid item is not ready, and its summary says which item', async () => {
		const result = await run(
			[
				{ user_lookup_id: 'u1@x.com', group: 'A' },
				{ user_lookup_id: 'u2@x.com', group: 'B', track: 'perhaps' },
			],
			{ operation: 'preview' },
		);
		const { json } = result.output('ActivTrak HRDC')[0];
		expect(Object.keys(json).slice(0, 2)).toEqual(['status', 'summaryText']);
		expect(json.status).toBe('preview-not-ready');
		expect(json.readyToUpload).toBe(false);
		expect(String(json.summaryText).split('\n')[0]).toMatch(
			/^An upload would be refused: item 1, track: "perhaps" is not a track value/,
		);
	});

	test('a preview of a good snapshot is ready', async () => {
		const result = await run([{ user_lookup_id: 'u1@x.com', group: 'A' }], {
			operation: 'preview',
		});
		expect(result.output('ActivTrak HRDC')[0].json.status).toBe('preview-ready');
	});

	test('times read as people read them, in the workflow time zone', async () => {
		const first = await run([{ user_lookup_id: 'u1@x.com', group: 'A' }]);
		const second = await run(
			[{ user_lookup_id: 'u1@x.com', group: 'A' }],
			{},
			{
				staticData: first.staticData,
			},
		);
		const text = String(second.output('ActivTrak HRDC')[0].json.summaryText);
		expect(text).toMatch(/Against the upload of [A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d [A-Z]/);
		expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
		expect(text).toContain('0 groups created, 0 deleted');
		expect(text).not.toMatch(/\b1 groups\b|\b1 users\b/);
	});
});

describe('the approver sees who', () => {
	const { emulator, run } = useEmulator('who-key');
	const HOLD = { onSafetyLimit: 'hold' };

	async function afterFirstUpload(parameters: IDataObject = {}) {
		const first = await run(
			emails(30).map((u) => ({ user_lookup_id: u, group: 'Sales' })),
			parameters,
		);
		expect(first.error).toBeUndefined();
		return first.staticData;
	}

	test('a held run names the users it removes, untracks and deletes', async () => {
		const staticData = await afterFirstUpload();
		// 24 of 30 stay (20% shrink is allowed, 6 of 30 is 20%: one more leaves); two untracked.
		const kept = emails(23).map((u, i) => ({
			user_lookup_id: u,
			group: 'Sales',
			track: i < 2 ? 'n' : '',
		}));
		const held = await run(kept, HOLD, { staticData });
		expect(held.output('ActivTrak HRDC', 1)).toHaveLength(1);
		const { json } = held.output('ActivTrak HRDC', 1)[0];
		expect(json.status).toBe('held');
		const text = String(json.summaryText);
		expect(text).toContain(
			'No longer in the snapshot (their HRDC groups lose them): 7 users ("u23@x[.]com", "u24@x[.]com", "u25@x[.]com", "u26@x[.]com", "u27@x[.]com", "u28@x[.]com", "u29@x[.]com").',
		);
		expect(text).toContain('Newly on Do Not Track: 2 users ("u0@x[.]com", "u1@x[.]com").');
		expect((json.changes as IDataObject).usersRemoved).toEqual(emails(7, 23));
	});

	test('past 20 names it says how many more', async () => {
		const first = await run(emails(100).map((u) => ({ user_lookup_id: u, group: 'Sales' })));
		const held = await run(
			emails(70).map((u) => ({ user_lookup_id: u, group: 'Sales' })),
			HOLD,
			{ staticData: first.staticData },
		);
		const text = String(held.output('ActivTrak HRDC', 1)[0].json.summaryText);
		expect(text).toMatch(
			/No longer in the snapshot .*: 30 users \("u70@x\[\.\]com", .*"u89@x\[\.\]com", and 10 more\)\./,
		);
	});

	test('with hashes only, the baseline keeps no ids and the summary says names are unknown', async () => {
		const staticData = await afterFirstUpload({ keepLookupIds: false });
		expect(JSON.stringify(staticData)).not.toMatch(/u\d+@x\.com/);
		const held = await run(
			emails(20).map((u) => ({ user_lookup_id: u, group: 'Sales' })),
			{ ...HOLD, keepLookupIds: false },
			{ staticData },
		);
		const { json } = held.output('ActivTrak HRDC', 1)[0];
		expect(String(json.summaryText)).toContain(
			"No longer in the snapshot (their HRDC groups lose them): 10 users, not named: the baseline keeps hashes only ('Keep Lookup IDs in Baseline' is off).",
		);
		expect((json.changes as IDataObject).usersRemoved).toBeNull();
	});

	test('a Keep Lookup IDs value that is not on or off stops the run, sending nothing', async () => {
		const sentBefore = emulator.uploads.length;
		const result = await run([{ user_lookup_id: 'u1@x.com', group: 'A' }], {
			keepLookupIds: 'no',
		});
		expect(result.error?.message).toMatch(/'Keep Lookup IDs in Baseline' is "no"/);
		expect(emulator.uploads).toHaveLength(sentBefore);
	});
});

describe('Preview keeps the approval path', () => {
	const { emulator, run } = useEmulator('preview-key');

	test('with Hold for Approval a preview has both outputs and leaves by the first', async () => {
		const sentBefore = emulator.uploads.length;
		const first = await run(emails(10).map((u) => ({ user_lookup_id: u, group: 'Sales' })));
		const result = await run(
			emails(10).map((u, i) => ({ user_lookup_id: u, group: 'Sales', delete_user: i < 6 })),
			{ operation: 'preview', onSafetyLimit: 'hold' },
			{ staticData: first.staticData },
		);
		expect(result.outputCount('ActivTrak HRDC')).toBe(2);
		expect(result.output('ActivTrak HRDC', 1)).toEqual([]);
		const { json } = result.output('ActivTrak HRDC', 0)[0];
		expect(json.status).toBe('preview-not-ready');
		expect(String(json.summaryText)).toMatch(
			/An upload would be stopped or held:\n- 6 users would be deleted/,
		);
		expect(emulator.uploads).toHaveLength(sentBefore + 1);
	});
});

describe("n8n's 'Custom API Call' entry", () => {
	const { emulator, run } = useEmulator('custom-key');

	test('says to use the HTTP Request node with this credential, and sends nothing', async () => {
		const sentBefore = emulator.requests.length;
		const result = await run([{ user_lookup_id: 'u1@x.com' }], {
			operation: '__CUSTOM_API_CALL__',
		});
		expect(result.error?.message).toBe(
			refusedBecause("'Custom API Call' is made with n8n's HTTP Request node, not with this one"),
		);
		expect(result.error?.description).toMatch(/Predefined Credential Type > ActivTrak HRDC API/);
		expect(emulator.requests).toHaveLength(sentBefore);
	});
});

describe('nothing goes quiet', () => {
	const { emulator, credentials, run } = useEmulator('quiet-key');

	test.each([
		['groups', 'group'],
		['email', 'email_address'],
		['lookup_id', 'user_lookup_id'],
		['Track', 'track'],
	])('Map Automatically stops at a field named %s: did you mean %s', async (field, column) => {
		const sentBefore = emulator.requests.length;
		const items = [
			{ user_lookup_id: 'u1@x.com', department: 'Sales' },
			// (A lookup id field beside user_lookup_id is no near miss: the item has the column.)
			column === 'user_lookup_id'
				? { [field]: 'u2@x.com' }
				: { user_lookup_id: 'u2@x.com', [field]: 'x' },
		];
		const result = await run(items, { columns: { mappingMode: 'autoMapInputData', value: null } });
		expect(result.error?.message).toBe(
			`Item 1 has a field "${field}", which is not an HRDC column: did you mean "${column}"? Nothing was sent`,
		);
		expect(emulator.requests).toHaveLength(sentBefore);
	});

	test('fields that are no near miss, or beside the column they resemble, are left alone', async () => {
		const result = await run([
			{ user_lookup_id: 'u1@x.com', group: 'A', groups: ['A'], department: 'Sales', id: 7 },
		]);
		expect(result.error).toBeUndefined();
	});

	test('an HR source set as the templates set it (Always Output Data) that found nobody stops the run: nothing sent', async () => {
		const sentBefore = emulator.requests.length;
		const workflow = hrdcWorkflow([], { firstUpload: true });
		// The source node set as the shipped template sets it: n8n then hands on one empty item.
		const template = JSON.parse(
			readFileSync(
				path.resolve(__dirname, '../../examples/sync-google-sheets.workflow.json'),
				'utf8',
			),
		) as { nodes: Array<{ name: string; alwaysOutputData?: boolean }> };
		const { alwaysOutputData } = template.nodes.find((node) => node.name === 'Google Sheets')!;
		(workflow.nodes[0] as { alwaysOutputData?: boolean }).alwaysOutputData = alwaysOutputData;
		const result = await runWorkflow(workflow, { credentials, mode: 'trigger' });
		expect(result.error?.message).toBe(SOURCE_GAVE_NO_PEOPLE);
		expect(result.error?.description).toMatch(/one empty item/);
		expect(emulator.requests).toHaveLength(sentBefore);
	});
});
