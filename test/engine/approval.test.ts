/**
 * Held for approval, in the real engine against the emulator: a snapshot that breaks a limit
 * leaves by the second output with nothing sent; Upload Approved Snapshot sends exactly its bytes
 * and makes them the baseline; and every way an approval can be stale or wrong is refused with
 * nothing sent.
 */
import type { IDataObject, INodeExecutionData, IWorkflowBase } from 'n8n-workflow';

import { hrdcWorkflow, keptStore, runWorkflow } from '../support/engine';
import { useEmulator } from '../support/emulatorSetup';
import { csvRows, CSV_HEADER } from '../support/snapshots';
import {
	APPROVAL_REFUSED,
	beginningWith,
	expectStoppedByLimit,
	HELD_FOR_APPROVAL,
} from '../support/messages';

const API_KEY = 'approval-key-3c9d';
const emails = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@x.com`);
const EVERYONE = emails(60).map((user_lookup_id) => ({ user_lookup_id, group: 'All' }));
/** Six deletions: over the default limit of five. */
const SIX_DELETED = EVERYONE.map((user, i) => ({ ...user, delete_user: i < 6 }));
const HOLD = { onSafetyLimit: 'hold' };

describe('held for approval', () => {
	const { emulator, credentials } = useEmulator(API_KEY, {
		users: emails(60).map((email) => ({ email })),
	});
	let staticData: IDataObject;

	const run = async (workflow: IWorkflowBase, creds = credentials) =>
		await runWorkflow(workflow, { credentials: creds, mode: 'trigger', staticData });
	const inWorkflow = (workflow: IWorkflowBase, id: string) => ({ ...workflow, id });

	/** An accepted upload of everyone: the baseline the held runs are compared with. */
	beforeEach(async () => {
		staticData = await keptStore();
		const first = await run(hrdcWorkflow(EVERYONE, { firstUpload: true }));
		expect(first.error).toBeUndefined();
		emulator.requests.length = 0;
	});

	async function hold(items: unknown[] = SIX_DELETED, parameters: IDataObject = {}) {
		const result = await run(hrdcWorkflow(items, { ...HOLD, ...parameters }));
		expect(result.error).toBeUndefined();
		expect(result.outputCount('ActivTrak HRDC')).toBe(2);
		expect(result.output('ActivTrak HRDC', 0)).toEqual([]);
		const [held] = result.output('ActivTrak HRDC', 1);
		return {
			held,
			token: held.json.approvalToken as string,
			csv: Buffer.from(held.binary!.data.data, 'base64'),
		};
	}

	const approve = async (
		token: string,
		csv: Buffer,
		options: { workflow?: string; credentials?: typeof credentials; approvedBy?: string } = {},
	) =>
		await run(
			inWorkflow(
				hrdcWorkflow(
					[],
					{
						operation: 'uploadApproved',
						approvalToken: token,
						approvedBy: options.approvedBy ?? '',
					},
					{ files: [csv] },
				),
				options.workflow ?? 'wf-hrdc',
			),
			options.credentials,
		);

	test('a limit hit holds the snapshot: nothing is sent, and the held item has all a person needs', async () => {
		const { held, token, csv } = await hold();
		expect(emulator.requests).toEqual([]);
		expect(held.json).toMatchObject({
			uploaded: false,
			held: true,
			limitsBroken: [
				expect.objectContaining({
					limit: 'Max Users Deleted per Run',
					message: expect.stringMatching(/^6 users would be deleted/),
				}),
			],
			changes: expect.objectContaining({ counts: expect.objectContaining({ newlyDeleted: 6 }) }),
			approvalToken: expect.stringMatching(/^hrdc1\.[\w-]+\.[\w-]+$/),
			approvalValidUntil: expect.any(String),
		});
		expect(held.json.summaryText).toMatch(
			beginningWith(
				HELD_FOR_APPROVAL,
				/a safety limit is broken\.\n- 6 users would be deleted .*\nThe snapshot: 60 users in 1 group\.\nAgainst the upload of .*: users 60 -> 60 \(\+0 \/ -0\); 0 groups created, 0 deleted; 6 users newly deleted, 0 newly on Do Not Track, 0 with changed details\.\nNewly deleted \(permanent\): 6 users \("u0@x\[\.\]com", .*"u5@x\[\.\]com"\)\.\nApprove to upload exactly this snapshot; the approval is valid until [A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d /,
			),
		);
		expect(csv.toString('utf8')).toMatch(
			new RegExp(
				`^${CSV_HEADER}${csvRows({ user_lookup_id: 'u0@x.com', group: 'All', delete_user: 'y' })}`,
			),
		);
		expect(token).not.toContain(API_KEY);
	});

	test('the approved snapshot is sent byte for byte and becomes the baseline', async () => {
		const { csv, token } = await hold();
		const approved = await approve(token, csv, { approvedBy: ' Dana Reyes ' });
		expect(approved.error).toBeUndefined();
		expect(emulator.uploads).toHaveLength(1);
		// Who approved and when is in the output.
		expect(approved.output('ActivTrak HRDC')[0].json.approval).toEqual({
			approvedBy: 'Dana Reyes',
			approvedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(Buffer.from(emulator.uploads[0].csv!, 'utf8').equals(csv)).toBe(true);
		expect(approved.output('ActivTrak HRDC')[0].json).toMatchObject({
			operation: 'uploadApproved',
			uploaded: true,
			baselineUpdated: true,
			summaryText: expect.stringMatching(
				/^Approved ActivTrak sync uploaded: 60 users in 1 group\./,
			),
		});
		// The next run compares with the approved snapshot: the six are no longer newly deleted.
		const next = await run(hrdcWorkflow(SIX_DELETED, { operation: 'preview' }));
		expect(next.output('ActivTrak HRDC')[0].json.changes).toMatchObject({
			counts: { newlyDeleted: 0 },
		});
		expect(next.output('ActivTrak HRDC')[0].json.readyToUpload).toBe(true);
	});

	test('an approval that names no one says so in its warnings', async () => {
		const { csv, token } = await hold();
		const json = (await approve(token, csv)).output('ActivTrak HRDC')[0].json;
		expect(json.approval).toMatchObject({ approvedBy: null });
		expect(json.warnings).toContainEqual(expect.stringMatching(/^No approver was named/));
	});

	test('the held output can feed the approving node directly', async () => {
		const workflow = hrdcWorkflow(SIX_DELETED, HOLD);
		workflow.nodes.push({
			id: 'approve',
			name: 'Upload Approved',
			type: workflow.nodes[1].type,
			typeVersion: 1,
			position: [600, 0],
			parameters: { operation: 'uploadApproved' },
			credentials: workflow.nodes[1].credentials,
		});
		workflow.connections['ActivTrak HRDC'] = {
			main: [[], [{ node: 'Upload Approved', type: 'main', index: 0 }]],
		};
		const result = await run(workflow);
		expect(result.error).toBeUndefined();
		expect(result.output('Upload Approved')[0].json.uploaded).toBe(true);
		expect(emulator.uploads).toHaveLength(1);
	});

	describe('refusals: nothing is sent', () => {
		const refusedWith = async (result: Awaited<ReturnType<typeof approve>>, why: RegExp) => {
			expect(result.error?.message).toMatch(beginningWith(APPROVAL_REFUSED));
			expect(result.error?.message).toMatch(why);
			expect(emulator.uploads).toHaveLength(0);
		};

		test('a CSV that is not byte for byte the held one', async () => {
			const { csv, token } = await hold();
			// One deletion fewer: a plausible edit, and a different file.
			const tampered = Buffer.from(
				csv
					.toString('utf8')
					.replace(
						csvRows({ user_lookup_id: 'u0@x.com', group: 'All', delete_user: 'y' }),
						csvRows({ user_lookup_id: 'u0@x.com', group: 'All' }),
					),
			);
			await refusedWith(
				await approve(token, tampered),
				/the CSV is not byte for byte the one that was held/,
			);
			const trailingNewline = Buffer.concat([csv, Buffer.from('\r\n')]);
			await refusedWith(await approve(token, trailingNewline), /not byte for byte/);
		});

		test('an expired approval', async () => {
			const { csv, token } = await hold(SIX_DELETED, { approvalValidHours: 1 });
			const now = Date.now();
			const later = jest.spyOn(Date, 'now').mockReturnValue(now + 3_600_000 + 1000);
			try {
				await refusedWith(await approve(token, csv), /the approval expired at /);
			} finally {
				later.mockRestore();
			}
		});

		test("another workflow's token", async () => {
			const { csv, token } = await hold();
			await refusedWith(
				await approve(token, csv, { workflow: 'another-workflow' }),
				/the token was made for another workflow/,
			);
		});

		test('a token after a newer upload was accepted, and a token used twice', async () => {
			const { csv, token } = await hold();
			const newer = await run(
				hrdcWorkflow([...EVERYONE, { user_lookup_id: 'new@x.com', group: 'All' }]),
			);
			expect(newer.error).toBeUndefined();
			emulator.requests.length = 0;
			await refusedWith(
				await approve(token, csv),
				/the baseline of this ActivTrak account changed after the snapshot was held: an upload was accepted since/,
			);

			const again = await hold();
			expect((await approve(again.token, again.csv)).error).toBeUndefined();
			emulator.requests.length = 0;
			await refusedWith(
				await approve(again.token, again.csv),
				/this approval was used already, at [A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d [A-Z]\w*$/,
			);
		});

		test('a token for another ActivTrak account, an altered token, and no token', async () => {
			const { csv, token } = await hold();
			const otherAccount = {
				activTrakHrdcApi: { ...credentials.activTrakHrdcApi, apiKey: 'another-accounts-key' },
			};
			await refusedWith(
				await approve(token, csv, { credentials: otherAccount }),
				/the token was changed or was not made with this credential/,
			);
			const [prefix, payload, mac] = token.split('.');
			const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
			const extended = Buffer.from(JSON.stringify({ ...claims, e: claims.e + 864e5 })).toString(
				'base64url',
			);
			await refusedWith(
				await approve(`${prefix}.${extended}.${mac}`, csv),
				/the token was changed or was not made with this credential/,
			);
			// (An empty field is n8n's own "required" issue; an expression that gives nothing is ours.)
			await refusedWith(await approve('={{ "" }}', csv), /'Approval Token' is empty/);
			await refusedWith(await approve('yes', csv), /the token is not one this node gave out/);
		});
	});

	test("'Stop With an Error' (the default) still stops, with one output", async () => {
		const result = await run(hrdcWorkflow(SIX_DELETED));
		expectStoppedByLimit(result.error);
		expect(emulator.requests).toEqual([]);
	});

	test('a run within the limits uploads by the first output, with a summary for people', async () => {
		const result = await run(hrdcWorkflow(EVERYONE, HOLD));
		expect(result.outputCount('ActivTrak HRDC')).toBe(2);
		expect(result.output('ActivTrak HRDC', 1)).toEqual([]);
		const [uploaded] = result.output('ActivTrak HRDC', 0) as INodeExecutionData[];
		expect(uploaded.json.summaryText).toMatch(/^ActivTrak sync uploaded: 60 users in 1 group\.\n/);
		expect(emulator.uploads).toHaveLength(1);
	});

	test('names in summaryText cannot become links or mentions in Slack or HTML', async () => {
		const evil = '<https://evil.example/approve|Safe: 0 users deleted>';
		const mention = '<!channel> & co';
		const renamed = EVERYONE.map((user, i) => ({ ...user, group: i % 2 ? evil : mention }));
		const { held } = await hold(renamed);
		const text = String(held.json.summaryText);
		expect(text).toContain('&lt;https[:]//evil[.]example/approve|Safe: 0 users deleted&gt;');
		expect(text).toContain('&lt;!channel&gt; &amp; co');
		expect(text).not.toMatch(/<|[^-]>/); // (the node's own arrows, "->", aside)
		// No bare address or domain for Slack or a mail client to make a link of.
		expect(text).not.toMatch(/:\/\/|\b[a-z0-9-]+\.[a-z]{2,}\b/i);
		// The data itself is not changed: the CSV and the change report keep the names.
		expect((held.json.changes as IDataObject).groupsCreated).toEqual([mention, evil].sort());
	});

	test('a summary of 256-character names stays within what a Slack section carries', async () => {
		const long = (i: number) =>
			`Login notice: verify your account at activtrak-login.example ${i} `.padEnd(256, 'x');
		const renamed = EVERYONE.map((user, i) => ({
			...user,
			user_lookup_id: `${'u'.repeat(200)}${i}@example.com`,
			group: long(i),
			delete_user: i < 6,
		}));
		// Group names cut to ActivTrak's 65 characters; lookup ids of 214 characters.
		const { held } = await hold(renamed, { options: { cutLongGroupNames: true } });
		const text = String(held.json.summaryText);
		expect(text.length).toBeLessThanOrEqual(2500);
		expect(text).toMatch(/^ActivTrak sync held for approval/);
		// Each name shows at most 60 characters.
		expect(text).not.toMatch(/x{60}/);
		expect(text).not.toMatch(/u{60}/);
		expect(text).not.toMatch(/activtrak-login\.example/);
	});
});
