/**
 * The account ledger in a real n8n 2.x server (`n8n start`, regular mode), driven by webhooks as
 * a published workflow is: two overlapping executions whose first answer is delayed, an upload
 * ActivTrak applied without answering within the Request Timeout, Set Baseline over a baseline,
 * the same key behind another base URL, and the upload in doubt settled by what ActivTrak's SCIM
 * API shows, then verified. Each answer is the node's own output (its failures too: 'On Error'
 * continues), so the messages are read from the webhook's answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { HrdcEmulator, type Fault } from '../emulator/HrdcEmulator';
import { hrdcCsv } from '../support/snapshots';
import { RealN8n, installN8n, packPackage, type RunningN8n } from './realN8n';
import { expectStoppedByLimit, FIRST_UPLOAD_NEEDS_KEPT_RUN, refusedFor } from '../support/messages';

const API_KEY = 'ledger-e2e-key-3c9d';
const SCIM_KEY = 'ledger-e2e-scim-77ab';
const HRDC_TYPE = 'n8n-nodes-activtrak-hrdc.activTrakHrdc';
const people = (count: number) => Array.from({ length: count }, (_, i) => `p${i}@example.com`);
/** `groups` groups of three people each. */
const inGroups = (groups: number) =>
	people(groups * 3).map((user_lookup_id, i) => ({
		user_lookup_id,
		group: `Team ${Math.floor(i / 3)}`,
	}));

function ledgerWorkflow() {
	let x = 0;
	const node = (name: string, type: string, typeVersion: number, parameters: object) => ({
		id: `ledger-${name.replace(/\W/g, '')}`,
		name,
		type,
		typeVersion,
		position: [(x += 220), 0],
		parameters,
	});
	const webhook = (name: string, path: string, webhookId: string) => ({
		...node(name, 'n8n-nodes-base.webhook', 2, {
			httpMethod: 'POST',
			path,
			responseMode: 'lastNode',
			options: {},
		}),
		webhookId,
	});
	const hrdc = (name: string, credential: string, parameters: object) => ({
		...node(name, HRDC_TYPE, 1, { ...parameters }),
		credentials: { activTrakHrdcApi: { id: credential, name: credential } },
		onError: 'continueRegularOutput',
	});
	const split = (name: string) =>
		node(name, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.employees', options: {} });
	// A sync's first upload says so in its body (the one switch, for one run).
	const sync = {
		operation: 'upload',
		options: { includeCsv: false, timeoutSeconds: 2, maxRetries: 0 },
	};
	return {
		id: 'ledgerFlow1',
		name: 'HR sync and its ledger',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			webhook('Sync webhook', 'ledger-sync', '9d3c1e5a-6a51-4f43-a4a4-3c2c7f0e9b01'),
			split('Employees'),
			hrdc('ActivTrak HRDC', 'activTrakHrdcLedger', {
				...sync,
				options: {
					...sync.options,
					liveCheck: "={{ $('Sync webhook').first().json.body.live === true }}",
				},
				firstUpload: "={{ $('Sync webhook').first().json.body.first === true }}",
			}),
			webhook('Verify webhook', 'ledger-verify', '9d3c1e5a-6a51-4f43-a4a4-3c2c7f0e9b04'),
			hrdc('Verify Last Upload', 'activTrakHrdcLedger', { operation: 'verifyUpload' }),
			webhook(
				'Set Baseline webhook',
				'ledger-set-baseline',
				'9d3c1e5a-6a51-4f43-a4a4-3c2c7f0e9b02',
			),
			hrdc('Set Baseline', 'activTrakHrdcLedger', {
				operation: 'setBaseline',
				binaryPropertyName: 'data',
			}),
			webhook('Gateway webhook', 'ledger-gateway', '9d3c1e5a-6a51-4f43-a4a4-3c2c7f0e9b03'),
			split('Employees (gateway)'),
			hrdc('ActivTrak HRDC (gateway)', 'activTrakHrdcGateway', {
				...sync,
				firstUpload: "={{ $('Gateway webhook').first().json.body.first === true }}",
			}),
		],
		connections: {
			'Sync webhook': { main: [[{ node: 'Employees', type: 'main', index: 0 }]] },
			Employees: { main: [[{ node: 'ActivTrak HRDC', type: 'main', index: 0 }]] },
			'Set Baseline webhook': { main: [[{ node: 'Set Baseline', type: 'main', index: 0 }]] },
			'Verify webhook': { main: [[{ node: 'Verify Last Upload', type: 'main', index: 0 }]] },
			'Gateway webhook': { main: [[{ node: 'Employees (gateway)', type: 'main', index: 0 }]] },
			'Employees (gateway)': {
				main: [[{ node: 'ActivTrak HRDC (gateway)', type: 'main', index: 0 }]],
			},
		},
	};
}

type Answer = Record<string, unknown> & { error?: string; details?: unknown };

const n8n2 = () => !(process.env.N8N_VERSION ?? '2.41.1').startsWith('1.');
(n8n2() ? describe : describe.skip)('the account ledger in a real n8n server', () => {
	const emulator = new HrdcEmulator({ apiKey: API_KEY, createUnmatchedUsers: true });
	let n8n: RealN8n;
	let server: RunningN8n;
	let packDir: string;

	beforeAll(async () => {
		const emulatorUrl = await emulator.start();
		emulator.scimKey = SCIM_KEY;
		emulator.reset({ users: people(60).map((email) => ({ email })) });
		packDir = mkdtempSync(path.join(tmpdir(), 'hrdc-pack-'));
		n8n = new RealN8n(installN8n());
		n8n.installPackage(packPackage(packDir));
		const credential = (id: string, baseUrl: string) => ({
			id,
			name: id,
			type: 'activTrakHrdcApi',
			data: { region: 'custom', baseUrl, apiKey: API_KEY, scimApiKey: SCIM_KEY },
		});
		await n8n.importCredentials([
			credential('activTrakHrdcLedger', emulatorUrl),
			// The same ActivTrak account, key and all, behind another base URL (a gateway).
			credential('activTrakHrdcGateway', emulatorUrl.replace('127.0.0.1', 'localhost')),
		]);
		await n8n.importWorkflow(ledgerWorkflow());
		const published = await n8n.n8n(['publish:workflow', '--id=ledgerFlow1']);
		if (published.status !== 0) throw new Error(`publish failed: ${published.stderr}`);
		server = await n8n.startServer(18000 + Math.floor(Math.random() * 1000));
	});

	afterAll(async () => {
		await server?.stop();
		await emulator.stop();
		n8n?.dispose();
		if (packDir) rmSync(packDir, { recursive: true, force: true });
	});

	async function post(hook: string, body: string, contentType: string): Promise<Answer> {
		for (let tries = 0; ; tries++) {
			const response = await fetch(`${server.url}/webhook/${hook}`, {
				method: 'POST',
				headers: { 'content-type': contentType },
				body,
			});
			// A webhook registered a moment after the server is up answers 404 until it is.
			if (response.status === 404 && tries < 60) {
				await new Promise((resolve) => setTimeout(resolve, 1000));
				continue;
			}
			const text = await response.text();
			if (!response.ok)
				throw new Error(
					`${hook} answered ${response.status}: ${text}\n${server.log().slice(-3000)}`,
				);
			return JSON.parse(text) as Answer;
		}
	}
	const sync = (employees: object[], extra: object = {}, hook = 'ledger-sync') =>
		post(hook, JSON.stringify({ employees, ...extra }), 'application/json');
	const hrdcGroups = () => emulator.state().groups.filter((group) => group.source === 'hrdc');
	const details = (answer: Answer) =>
		typeof answer.details === 'string' ? answer.details : JSON.stringify(answer.details);

	test('a first sync: one run records that n8n keeps static data, the next sends', async () => {
		const marking = await sync(inGroups(9), { first: true });
		expect(marking.error).toBe(FIRST_UPLOAD_NEEDS_KEPT_RUN);
		expect(emulator.uploads).toHaveLength(0);
		const first = await sync(inGroups(9), { first: true });
		expect(first).toMatchObject({ uploaded: true, baselineGeneration: { previous: 0, new: 1 } });
	});

	test('two overlapping executions, the first answered late: then removing 3 of 11 groups is stopped', async () => {
		const before = emulator.uploads.length;
		const slow: Fault = {
			applyFirst: true,
			status: 200,
			body: JSON.stringify({ messages: ['applied'], success: true }),
			delayMs: 1500,
		};
		emulator.injectFaults(slow);
		const ten = sync(inGroups(10));
		while (emulator.uploads.length === before) await new Promise((r) => setTimeout(r, 20));
		const eleven = sync(inGroups(11));
		expect(await ten).toMatchObject({ uploaded: true });
		expect(await eleven).toMatchObject({ uploaded: true });
		expect(hrdcGroups()).toHaveLength(11);

		const uploads = emulator.uploads.length;
		const removing = await sync(inGroups(8));
		expectStoppedByLimit(removing.error, /^3 of the 11 HRDC groups/);
		expect(emulator.uploads).toHaveLength(uploads);
	});

	test('an upload applied but not answered within 2 s: the old export is stopped, saying why', async () => {
		emulator.injectFaults({ applyFirst: true, hang: true });
		const lost = await sync(inGroups(15));
		expect(lost.error).toMatch(/no complete answer within 2 s|ETIMEDOUT/);
		expect(details(lost)).toMatch(
			/Now the outcome of the upload at \S+ is not known: ActivTrak may have applied it/,
		);
		expect(hrdcGroups()).toHaveLength(15);

		const uploads = emulator.uploads.length;
		const old = await sync(inGroups(11));
		expectStoppedByLimit(old.error);
		expect(old.error).toMatch(
			/outcome of the upload at \S+ is not known: ActivTrak may have applied it/i,
		);
		expect(emulator.uploads).toHaveLength(uploads);
	});

	test("ActivTrak's live state settles that upload in doubt: it shows it, so it is the baseline", async () => {
		const uploads = emulator.uploads.length;
		const settled = await sync(inGroups(15), { live: true });
		expect(settled).toMatchObject({
			uploaded: true,
			liveCheck: { uploadsInDoubt: { shows: 'upload in doubt', stillInDoubt: 0 } },
			// Against the upload ActivTrak shows, the same export changes nothing.
			changes: { groupsRemoved: [] },
		});
		expect(emulator.uploads).toHaveLength(uploads + 1);
		expect(emulator.scimWrites).toEqual([]);
	});

	test('Verify Last Upload: verified after a clean upload, and names a membership ActivTrak dropped', async () => {
		const uploads = emulator.uploads.length;
		const clean = await post('ledger-verify', '{}', 'application/json');
		expect(clean).toMatchObject({ verified: true, differenceCount: 0, checked: { groups: 15 } });
		emulator.dropMembership('Team 3', 'p9@example.com');
		const dropped = await post('ledger-verify', '{}', 'application/json');
		expect(dropped).toMatchObject({
			verified: false,
			differenceCount: 1,
			differences: [
				{
					group: 'Team 3',
					user: 'p9@example.com',
					difference: 'sent as a member, not one in ActivTrak',
				},
			],
		});
		// It read, and sent nothing: no upload, and no request to SCIM but GETs.
		expect(emulator.uploads).toHaveLength(uploads);
		expect(emulator.scimWrites).toEqual([]);
		expect(
			emulator.requests.filter((r) => r.path.startsWith('/scim/')).every((r) => r.method === 'GET'),
		).toBe(true);
	});

	test('Set Baseline over the existing baseline is refused', async () => {
		const everyoneDeleted = hrdcCsv(
			...people(45).map((user_lookup_id) => ({ user_lookup_id, delete_user: 'y' })),
		);
		// Not JSON: the Webhook node hands the body on as the binary 'data'.
		const refused = await post('ledger-set-baseline', everyoneDeleted, 'application/octet-stream');
		// The time as people read it ("Dec 4, 2026, 10:56 EST"), in the instance's time zone.
		expect(refused.error).toMatch(
			/^This workflow already keeps a baseline for this ActivTrak account \(accepted [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} [A-Z][A-Z0-9+:-]+\), so nothing was recorded$/,
		);
	});

	test('the same key behind another base URL is stopped, naming the base URL', async () => {
		const uploads = emulator.uploads.length;
		for (const first of [false, true]) {
			const moved = await sync(inGroups(3), { first }, 'ledger-gateway');
			expect(moved.error).toMatch(
				refusedFor(/keeps a ledger for another base URL and none for this one/),
			);
		}
		expect(emulator.uploads).toHaveLength(uploads);
	});
});
