/**
 * Held for approval in a real n8n 2.x server: a webhook sync whose snapshot breaks a limit holds
 * it, tells a "person" (a loopback server standing in for Slack or e-mail) with the held CSV, the
 * approval token and the Wait node's resume URL, and waits. Calling the resume URL approves it:
 * exactly the held bytes arrive at the emulated ActivTrak. Then the refusals, each with nothing
 * sent: a newer upload accepted since the hold, an expired approval, another workflow's token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { HrdcEmulator } from '../emulator/HrdcEmulator';
import { RealN8n, installN8n, packPackage, setupOwner, type RunningN8n } from './realN8n';
import { csvRows } from '../support/snapshots';
import { APPROVAL_REFUSED, beginningWith, HELD_FOR_APPROVAL } from '../support/messages';
import { escapeForPattern } from '../../nodes/ActivTrakHrdc/transport/answer';

const API_KEY = 'approval-e2e-key-5b7e';
const HRDC_TYPE = 'n8n-nodes-activtrak-hrdc.activTrakHrdc';
const CREDENTIAL = { activTrakHrdcApi: { id: 'activTrakHrdcDemo', name: 'ActivTrak HRDC' } };
const emails = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@example.com`);
const EVERYONE = emails(20).map((user_lookup_id) => ({ user_lookup_id, group: 'Sales' }));
/** Six users marked for deletion, from `from` on: over the default limit of five. */
const leaving = (from: number) =>
	EVERYONE.map((user, i) => ({ ...user, delete_user: i >= from && i < from + 6 }));
const SIX_LEAVING = leaving(0);

/** A person is asked: the held item's CSV goes to `notifyUrl`, with the resume URL and token. */
function approvalWorkflow(id: string, path: string, webhookId: string, notifyUrl: string) {
	const node = (
		name: string,
		type: string,
		typeVersion: number,
		x: number,
		parameters: object,
	) => ({
		id: `${id}-${name.replace(/\W/g, '')}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
	});
	return {
		id,
		name: `HR sync with approval (${id})`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				...node('HR webhook', 'n8n-nodes-base.webhook', 2, 0, {
					httpMethod: 'POST',
					path,
					responseMode: 'onReceived',
					options: {},
				}),
				webhookId,
			},
			node('One item per employee', 'n8n-nodes-base.splitOut', 1, 200, {
				fieldToSplitOut: 'body.employees',
				options: {},
			}),
			{
				...node('ActivTrak HRDC', HRDC_TYPE, 1, 400, {
					operation: 'upload',
					// A sync's first upload says so in its body (the one switch, for one run).
					firstUpload: "={{ $('HR webhook').first().json.body.first === true }}",
					onSafetyLimit: 'hold',
					approvalValidHours: "={{ $('HR webhook').first().json.body.validHours ?? 24 }}",
					options: { includeCsv: false },
				}),
				credentials: CREDENTIAL,
			},
			node('Ask a person', 'n8n-nodes-base.httpRequest', 4.2, 600, {
				method: 'POST',
				url: notifyUrl,
				sendQuery: true,
				specifyQuery: 'keypair',
				queryParameters: {
					parameters: [
						{ name: 'resumeUrl', value: '={{ $execution.resumeUrl }}' },
						{ name: 'token', value: '={{ $json.approvalToken }}' },
						{ name: 'summary', value: '={{ $json.summaryText }}' },
					],
				},
				sendBody: true,
				contentType: 'binaryData',
				inputDataFieldName: 'data',
				options: {},
			}),
			{
				...node('Wait for approval', 'n8n-nodes-base.wait', 1.1, 800, {
					resume: 'webhook',
					httpMethod: 'POST',
					options: {},
				}),
				webhookId: `${webhookId.slice(0, -2)}ff`,
			},
			node('Keep the held item', 'n8n-nodes-base.merge', 3, 1000, {
				mode: 'chooseBranch',
				useDataOfInput: 1,
			}),
			{
				...node('Upload approved', HRDC_TYPE, 1, 1200, {
					operation: 'uploadApproved',
					// The approver may hand in a token; by default, the held item's own.
					approvalToken:
						"={{ $('Wait for approval').first().json.body.token || $json.approvalToken }}",
					// Who approved, as the person's answer says (the templates take Slack's responder).
					approvedBy: "={{ $('Wait for approval').first().json.body.approver ?? '' }}",
				}),
				credentials: CREDENTIAL,
			},
		],
		connections: {
			'HR webhook': { main: [[{ node: 'One item per employee', type: 'main', index: 0 }]] },
			'One item per employee': { main: [[{ node: 'ActivTrak HRDC', type: 'main', index: 0 }]] },
			'ActivTrak HRDC': {
				main: [
					[],
					[
						{ node: 'Ask a person', type: 'main', index: 0 },
						{ node: 'Keep the held item', type: 'main', index: 0 },
					],
				],
			},
			'Ask a person': { main: [[{ node: 'Wait for approval', type: 'main', index: 0 }]] },
			'Wait for approval': { main: [[{ node: 'Keep the held item', type: 'main', index: 1 }]] },
			'Keep the held item': { main: [[{ node: 'Upload approved', type: 'main', index: 0 }]] },
		},
	};
}

interface Asked {
	csv: Buffer;
	resumeUrl: string;
	token: string;
	summary: string;
	executionId: string;
}

const n8n2 = () => !(process.env.N8N_VERSION ?? '2.41.1').startsWith('1.');
(n8n2() ? describe : describe.skip)('held for approval in a real n8n', () => {
	const emulator = new HrdcEmulator({ apiKey: API_KEY, createUnmatchedUsers: true });
	let n8n: RealN8n;
	let server: RunningN8n;
	let person: Server;
	let cookie = '';
	let packDir: string;
	const asked: Asked[] = [];

	beforeAll(async () => {
		const emulatorUrl = await emulator.start();
		emulator.reset({ users: emails(21).map((email) => ({ email })) });
		person = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const query = new URL(req.url ?? '/', 'http://x').searchParams;
				const resumeUrl = query.get('resumeUrl') ?? '';
				asked.push({
					csv: Buffer.concat(chunks),
					// n8n names its own host "localhost"; it listens on 127.0.0.1 here.
					resumeUrl: resumeUrl.replace('//localhost:', '//127.0.0.1:'),
					token: query.get('token') ?? '',
					summary: query.get('summary') ?? '',
					executionId: /webhook-waiting\/(\d+)/.exec(resumeUrl)?.[1] ?? '',
				});
				res.end('{}');
			});
		});
		await new Promise<void>((resolve) => person.listen(0, '127.0.0.1', resolve));
		const notifyUrl = `http://127.0.0.1:${(person.address() as AddressInfo).port}/ask`;

		packDir = mkdtempSync(path.join(tmpdir(), 'hrdc-pack-'));
		n8n = new RealN8n(installN8n());
		n8n.installPackage(packPackage(packDir));
		await n8n.importCredentials([
			{
				id: 'activTrakHrdcDemo',
				name: 'ActivTrak HRDC',
				type: 'activTrakHrdcApi',
				data: { region: 'custom', baseUrl: emulatorUrl, apiKey: API_KEY },
			},
		]);
		for (const workflow of [
			approvalWorkflow(
				'approvalFlow1',
				'hr-sync',
				'7c1e5a1d-6a51-4f43-a4a4-3c2c7f0e9b01',
				notifyUrl,
			),
			approvalWorkflow(
				'approvalFlow2',
				'hr-sync-2',
				'7c1e5a1d-6a51-4f43-a4a4-3c2c7f0e9b02',
				notifyUrl,
			),
		]) {
			await n8n.importWorkflow(workflow);
			const published = await n8n.n8n(['publish:workflow', `--id=${workflow.id}`]);
			if (published.status !== 0) throw new Error(`publish failed: ${published.stderr}`);
		}
		server = await n8n.startServer(17000 + Math.floor(Math.random() * 1000), {
			N8N_LOG_LEVEL: 'debug',
		});
		cookie = await setupOwner(server.url);
	});

	afterAll(async () => {
		await server?.stop();
		person?.close();
		await emulator.stop();
		n8n?.dispose();
		if (packDir) rmSync(packDir, { recursive: true, force: true });
	});

	async function post(url: string, body: object) {
		for (let tries = 0; ; tries++) {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			// A webhook registered a moment after the server is up answers 404 until it is.
			if (response.ok) return;
			if (response.status !== 404 || tries >= 60)
				throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}

	const sync = async (employees: object[], extra: object = {}, path = 'hr-sync') =>
		await post(`${server.url}/webhook/${path}`, { employees, ...extra });

	/** How many executions of the workflow have ended (n8n's REST API). */
	async function endedRuns(workflowId: string): Promise<number> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const response = await fetch(`${server.url}/rest/executions?filter=${filter}`, {
			headers: { cookie: `n8n-auth=${cookie}` },
		});
		const body = (await response.json()) as { data: { results: Array<{ status: string }> } };
		return body.data.results.filter((run) => ['error', 'success', 'crashed'].includes(run.status))
			.length;
	}

	async function eventually<T>(
		check: () => T | undefined | false | Promise<T | undefined | false>,
		what: string,
	): Promise<T> {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const value = await check();
			if (value) return value;
			if (Date.now() > deadline)
				throw new Error(`timed out waiting for ${what}\n${server.log().slice(-4000)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/**
	 * A workflow's first sync with Static Data: the first run records that n8n keeps the
	 * workflow's static data (and sends nothing), the next sends the first upload.
	 */
	async function firstUpload(path: string, workflowId: string) {
		const uploads = emulator.uploads.length;
		const ended = await endedRuns(workflowId);
		await sync(EVERYONE, { first: true }, path);
		await eventually(async () => (await endedRuns(workflowId)) > ended, 'the marking run to end');
		expect(emulator.uploads).toHaveLength(uploads);
		await sync(EVERYONE, { first: true }, path);
		await eventually(() => emulator.uploads.length === uploads + 1, 'the first upload');
	}

	const nextAsk = async () => {
		const seen = asked.length;
		return await eventually(() => asked.length > seen && asked[seen], 'the person to be asked');
	};

	/** How an execution ended, from n8n's REST API. */
	async function execution(id: string): Promise<{ status: string; error?: string; text: string }> {
		const response = await fetch(`${server.url}/rest/executions/${id}`, {
			headers: { cookie: `n8n-auth=${cookie}` },
		});
		const text = await response.text();
		const body = JSON.parse(text) as { data: { status: string } };
		// The run data is stored flattened; the node's message is one of its strings.
		const error = new RegExp(`${escapeForPattern(APPROVAL_REFUSED)}: [^"\\\\]*`).exec(text)?.[0];
		return { status: body.data.status, error, text };
	}

	test('a held sync waits; the resume URL approves it; exactly the held bytes arrive', async () => {
		await firstUpload('hr-sync', 'approvalFlow1');

		await sync(SIX_LEAVING);
		const ask = await nextAsk();
		expect(ask.summary).toMatch(
			beginningWith(HELD_FOR_APPROVAL, /a safety limit is broken\.\n- 6 users would be deleted/),
		);
		expect(ask.token).toMatch(/^hrdc1\./);
		expect(ask.csv.toString('utf8')).toContain(
			`\r\n${csvRows({ user_lookup_id: 'u0@example.com', group: 'Sales', delete_user: 'y' })}`,
		);
		expect(emulator.uploads).toHaveLength(1);

		await post(ask.resumeUrl, { approver: 'Dana Reyes' });
		await eventually(() => emulator.uploads.length === 2, 'the approved upload');
		expect(Buffer.from(emulator.uploads[1].csv!, 'utf8').equals(ask.csv)).toBe(true);
		expect(emulator.uploads[1].status).toBe(200);
		// The approved run's output names the approver (n8n stores run data flattened: its strings).
		const ended = await eventually(async () => {
			const run = await execution(ask.executionId);
			return run.status === 'success' && run;
		}, 'the approved run to end');
		expect(ended.text).toContain('approvedBy');
		expect(ended.text).toContain('Dana Reyes');
	});

	async function refused(ask: Asked, body: object, why: RegExp) {
		const uploads = emulator.uploads.length;
		await post(ask.resumeUrl, body);
		let outcome: { status: string; error?: string } = { status: 'waiting' };
		const deadline = Date.now() + 60_000;
		while (!['error', 'success', 'crashed'].includes(outcome.status) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			outcome = await execution(ask.executionId);
		}
		expect(outcome.status).toBe('error');
		expect(outcome.error).toMatch(beginningWith(APPROVAL_REFUSED));
		expect(outcome.error).toMatch(why);
		expect(emulator.uploads).toHaveLength(uploads);
	}

	test('an approval after a newer accepted upload is refused', async () => {
		// The approved snapshot (u0 to u5 deleted) is the baseline now: six others are new.
		await sync(leaving(6));
		const ask = await nextAsk();
		const before = emulator.uploads.length;
		await sync([...EVERYONE, { user_lookup_id: 'u20@example.com', group: 'Sales' }]);
		await eventually(() => emulator.uploads.length === before + 1, 'the newer upload');
		await refused(
			ask,
			{},
			/the baseline of this ActivTrak account changed after the snapshot was held: an upload was accepted since/,
		);
	});

	test('an expired approval is refused', async () => {
		await sync(SIX_LEAVING, { validHours: 0.0005 });
		const ask = await nextAsk();
		await new Promise((resolve) => setTimeout(resolve, 2500));
		await refused(ask, {}, /the approval expired at /);
	});

	test("another workflow's token is refused", async () => {
		await firstUpload('hr-sync-2', 'approvalFlow2');
		await sync(SIX_LEAVING, {}, 'hr-sync-2');
		const other = await nextAsk();
		await sync(SIX_LEAVING);
		const ask = await nextAsk();
		await refused(ask, { token: other.token }, /the token was made for another workflow/);
	});
});
