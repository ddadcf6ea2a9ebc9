/**
 * The packed package in a real n8n: installed where the Community Nodes installer puts it,
 * workflows imported and executed with n8n's CLI, uploading to the emulator on loopback.
 */
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

import { HrdcEmulator } from '../emulator/HrdcEmulator';
import { SAMPLE_ACCOUNT } from '../emulator/sampleAccount';
import { loopbackServer } from './loopback';
import { FIRST_SYNC, RealN8n, installN8n, packPackage } from './realN8n';
import { hrdcCsv } from '../support/snapshots';
import {
	FIRST_UPLOAD_NEEDS_KEPT_RUN,
	NO_EARLIER_UPLOAD,
	STOPPED_BY_LIMIT,
} from '../support/messages';

const EXAMPLE = JSON.parse(
	readFileSync(path.resolve(__dirname, '../../examples/hr-to-activtrak.workflow.json'), 'utf8'),
) as { nodes: Array<Record<string, unknown>> } & Record<string, unknown>;
const API_KEY = 'e2e-key-7f3a';
const SCIM_KEY = 'e2e-scim-key-51d0';

/**
 * Manual trigger -> Set (raw JSON) -> Split Out -> ActivTrak HRDC with the given parameters, as a
 * first sync (FIRST_SYNC) unless they say otherwise.
 */
function workflowFeeding(
	id: string,
	items: unknown[],
	hrdcParameters: Record<string, unknown>,
	credentialId: string,
) {
	const [trigger, hrExport, splitOut, hrdc] = EXAMPLE.nodes;
	return {
		...EXAMPLE,
		id,
		name: id,
		nodes: [
			trigger,
			{
				...hrExport,
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ employees: items }), options: {} },
			},
			splitOut,
			{
				...hrdc,
				// Version 1, as every workflow saved before 0.3: these runs set the baseline settings
				// at the top level. Version 2 runs through the templates (presets.e2e, editor.e2e).
				typeVersion: 1,
				parameters: { ...FIRST_SYNC, ...hrdcParameters },
				credentials: { activTrakHrdcApi: { id: credentialId, name: credentialId } },
			},
		],
	};
}

/**
 * A server that sends an answer's headers a byte every 100 ms for 20 s and then a success: only
 * a deadline over the whole attempt ends such an upload in time. Notes when each connection
 * closed, counted from its request.
 */
function trickleServer() {
	const connections: Array<{ closedAfterMs: number | null }> = [];
	const timers: NodeJS.Timeout[] = [];
	const server = loopbackServer((req) => {
		const started = Date.now();
		const record: { closedAfterMs: number | null } = { closedAfterMs: null };
		connections.push(record);
		req.resume();
		req.socket.on('close', () => (record.closedAfterMs = Date.now() - started));
		const body = '{"success":true,"messages":["1 lines read"]}';
		const head = `HTTP/1.1 200 OK\r\nX-Padding: ${'p'.repeat(200)}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
		let at = 0;
		const timer = setInterval(() => {
			if (req.socket.destroyed) return clearInterval(timer);
			if (at < head.length) req.socket.write(head[at++]);
			else {
				req.socket.end(body);
				clearInterval(timer);
			}
		}, 20_000 / head.length);
		timers.push(timer);
	});
	return {
		connections,
		start: server.start,
		stop: async () => {
			timers.forEach(clearInterval);
			await server.stop();
		},
	};
}

describe(`the packed package in a real n8n ${process.env.N8N_VERSION ?? '2.41.1'}`, () => {
	const emulator = new HrdcEmulator({ apiKey: API_KEY, createUnmatchedUsers: true });
	let n8n: RealN8n;
	let packDir: string;
	let tarball: string;
	let url = '';
	const trickle = trickleServer();

	beforeAll(async () => {
		url = await emulator.start();
		emulator.scimKey = SCIM_KEY;
		const trickleUrl = await trickle.start();
		packDir = mkdtempSync(path.join(tmpdir(), 'hrdc-pack-'));
		tarball = packPackage(packDir);
		n8n = new RealN8n(installN8n());
		n8n.installPackage(tarball);
		await n8n.importCredentials([
			{
				id: 'activTrakHrdcDemo',
				name: 'ActivTrak HRDC (local emulator)',
				type: 'activTrakHrdcApi',
				data: { region: 'custom', baseUrl: url, apiKey: API_KEY },
			},
			{
				id: 'activTrakHrdcWrong',
				name: 'wrong key',
				type: 'activTrakHrdcApi',
				data: { region: 'custom', baseUrl: url, apiKey: 'not-the-key-91c2' },
			},
			{
				id: 'activTrakHrdcScim',
				name: 'with a SCIM key',
				type: 'activTrakHrdcApi',
				data: { region: 'custom', baseUrl: url, apiKey: API_KEY, scimApiKey: SCIM_KEY },
			},
			{
				id: 'activTrakHrdcTrickle',
				name: 'trickling headers',
				type: 'activTrakHrdcApi',
				data: { region: 'custom', baseUrl: trickleUrl, apiKey: API_KEY },
			},
		]);
	});
	afterAll(async () => {
		await emulator.stop();
		await trickle.stop();
		n8n?.dispose();
		rmSync(packDir, { recursive: true, force: true });
	});
	beforeEach(() => emulator.reset(SAMPLE_ACCOUNT));

	test('the tarball has no runtime dependencies and installs with nothing beside it', () => {
		const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
		expect(listing).toEqual(
			expect.arrayContaining([
				'package/package.json',
				'package/index.js',
				'package/dist/nodes/ActivTrakHrdc/ActivTrakHrdc.node.js',
				'package/dist/nodes/ActivTrakHrdc/ActivTrakHrdc.node.json',
				'package/dist/nodes/ActivTrakHrdc/activTrakHrdc.svg',
				'package/dist/nodes/ActivTrakHrdc/activTrakHrdc.dark.svg',
				'package/dist/credentials/ActivTrakHrdcApi.credentials.js',
			]),
		);
		expect(
			listing.filter((entry) => /^package\/(test|nodes|credentials|scripts)\//.test(entry)),
		).toEqual([]);
		const manifest = JSON.parse(
			execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
		);
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		const packageDir = path.join(
			n8n.userFolder,
			'.n8n/nodes/node_modules/n8n-nodes-activtrak-hrdc',
		);
		expect(
			existsSync(path.join(packageDir, 'node_modules'))
				? readdirSync(path.join(packageDir, 'node_modules'))
				: [],
		).toEqual([]);
	});

	test('every example workflow imports', async () => {
		const examples = readdirSync(path.resolve(__dirname, '../../examples')).filter((file) =>
			file.endsWith('.workflow.json'),
		);
		expect(examples.length).toBeGreaterThanOrEqual(2);
		for (const file of examples) {
			const workflow = JSON.parse(
				readFileSync(path.resolve(__dirname, '../../examples', file), 'utf8'),
			);
			await n8n.importWorkflow(workflow);
			const listed = await n8n.n8n(['list:workflow']);
			expect(listed.stdout).toContain(String(workflow.id));
		}
	});

	test('the README example workflow, told to make its first upload, uploads the mapped snapshot', async () => {
		await n8n.importWorkflow(EXAMPLE);
		// As it is, nothing is recorded for this account: it stops, naming the one switch.
		const asIs = await n8n.execute(String(EXAMPLE.id));
		expect(asIs.ok).toBe(false);
		expect(asIs.stdout + asIs.stderr).toContain(NO_EARLIER_UPLOAD);
		expect(asIs.stdout + asIs.stderr).toContain("turn on 'Baseline (Advanced)' > 'First Upload'");
		expect(emulator.uploads).toHaveLength(0);
		await n8n.setBaselineSetting(String(EXAMPLE.id), 'ActivTrak HRDC', 'firstUpload', true);
		const result = await n8n.execute(String(EXAMPLE.id));
		expect(result.stderr + (result.ok ? '' : result.stdout)).not.toContain(API_KEY);
		expect(result.ok).toBe(true);
		expect(emulator.uploads).toHaveLength(1);
		expect(emulator.uploads[0].csv).toBe(
			hrdcCsv(
				{
					user_lookup_id: 'ana.garcia@example.com',
					employee_id: 'E-1001',
					display_name: 'Ana García',
					group: 'Sales',
				},
				{
					user_lookup_id: 'ana.garcia@example.com',
					employee_id: 'E-1001',
					display_name: 'Ana García',
					group: 'EMEA',
				},
				{
					user_lookup_id: 'bo.chen@example.com',
					employee_id: 'E-1002',
					display_name: 'Bo Chen',
					group: 'Engineering',
				},
				{
					user_lookup_id: 'chloe.dubois@example.com',
					employee_id: 'E-1003',
					display_name: 'Chloé Dubois',
					group: 'Engineering',
				},
				{
					user_lookup_id: 'chloe.dubois@example.com',
					employee_id: 'E-1003',
					display_name: 'Chloé Dubois',
					group: 'Platform, Core',
				},
				{
					user_lookup_id: 'dev.patel@example.com',
					employee_id: 'E-1004',
					display_name: 'Dev "DP" Patel',
					group: 'Sales',
				},
				{
					user_lookup_id: 'emma.schmidt@example.com',
					employee_id: 'E-1005',
					display_name: 'Emma Schmidt',
				},
				{
					user_lookup_id: 'finn.obrien@example.com',
					employee_id: 'E-1006',
					display_name: "Finn O'Brien",
					group: 'Support',
				},
			),
		);
		const output = RealN8n.output(result, 'ActivTrak HRDC');
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			success: true,
			summary: { users: 6, rows: 8, groups: 5 },
		});
		expect(emulator.state().groups.map((g) => g.name)).toEqual([
			'EMEA',
			'Engineering',
			'Made In App',
			'Platform, Core',
			'Sales',
			'Support',
		]);
	});

	test('a node left at its defaults uploads items named like the columns exactly', async () => {
		const items = [
			{
				user_lookup_id: 'ana.garcia@example.com',
				employee_id: 1001,
				display_name: 'García, Ana "AJ"',
				group: ['Sales', 'EMEA'],
			},
			{
				user_lookup_id: 'bo.chen@example.com',
				display_name: 'Bo 陈 Ødegård',
				group: 'R&D, Berlin',
				track: 'yes',
			},
			{ user_lookup_id: 'emma.schmidt@example.com', group: [] },
		];
		await n8n.importWorkflow(workflowFeeding('defaultsWorkflow1', items, {}, 'activTrakHrdcDemo'));
		const result = await n8n.execute('defaultsWorkflow1');
		expect(result.ok).toBe(true);
		expect(emulator.uploads).toHaveLength(1);
		expect(emulator.uploads[0].csv).toBe(
			hrdcCsv(
				{
					user_lookup_id: 'ana.garcia@example.com',
					employee_id: '1001',
					display_name: 'García, Ana "AJ"',
					group: 'Sales',
				},
				{
					user_lookup_id: 'ana.garcia@example.com',
					employee_id: '1001',
					display_name: 'García, Ana "AJ"',
					group: 'EMEA',
				},
				{
					user_lookup_id: 'bo.chen@example.com',
					display_name: 'Bo 陈 Ødegård',
					group: 'R&D, Berlin',
				},
				{ user_lookup_id: 'emma.schmidt@example.com' },
			),
		);
		expect(emulator.state().groups.map((g) => g.name)).toEqual([
			'EMEA',
			'Made In App',
			'R&D, Berlin',
			'Sales',
		]);
	});

	test('a safety limit stops a run: nothing reaches ActivTrak', async () => {
		const items = Array.from({ length: 20 }, (_, i) => ({
			user_lookup_id: `u${i}@example.com`,
			delete_user: i < 6,
		}));
		await n8n.importWorkflow(workflowFeeding('guardWorkflow1', items, {}, 'activTrakHrdcDemo'));
		const result = await n8n.execute('guardWorkflow1');
		expect(result.ok).toBe(false);
		expect(result.stdout + result.stderr).toContain(
			`${STOPPED_BY_LIMIT}: 6 users would be deleted`,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test('a CSV export read from disk, and the ledger kept by n8n between executions', async () => {
		const exportFile = path.join(n8n.filesDir, 'hr-export.csv');
		mkdirSync(n8n.filesDir, { recursive: true });
		const [trigger, , , hrdc] = EXAMPLE.nodes;
		await n8n.importWorkflow({
			...EXAMPLE,
			id: 'csvFileWorkflow1',
			name: 'csvFileWorkflow1',
			nodes: [
				trigger,
				{
					id: 'read-file',
					name: 'Read HR export',
					type: 'n8n-nodes-base.readWriteFile',
					typeVersion: 1,
					position: [220, 0],
					parameters: { operation: 'read', fileSelector: exportFile, options: {} },
				},
				{
					...hrdc,
					parameters: {
						operation: 'upload',
						source: 'csvFile',
						binaryPropertyName: 'data',
						// Version 2, as the example: First Upload in 'Baseline (Advanced)'.
						baseline: { firstUpload: true },
						// The second export drops one of two groups: allowed here, to read the report.
						safety: {
							maxGroupsRemovedPercent: 50,
							maxGroupsShrinkPercent: 50,
							maxMembershipsRemovedPercent: 50,
						},
					},
				},
			],
			connections: {
				[String(trigger.name)]: { main: [[{ node: 'Read HR export', type: 'main', index: 0 }]] },
				'Read HR export': { main: [[{ node: 'ActivTrak HRDC', type: 'main', index: 0 }]] },
			},
		});
		writeFileSync(
			exportFile,
			'\ufeffuser_lookup_id,group\r\nana.garcia@example.com,Sales\r\nbo.chen@example.com,"R&D, Berlin"\r\n',
		);
		// First Upload with Static Data goes once a run shows that n8n keeps the workflow's
		// static data: the first run records that and sends nothing.
		const marking = await n8n.execute('csvFileWorkflow1');
		expect(marking.ok).toBe(false);
		expect(marking.stdout + marking.stderr).toContain(FIRST_UPLOAD_NEEDS_KEPT_RUN);
		expect(emulator.uploads).toHaveLength(0);
		const first = await n8n.execute('csvFileWorkflow1');
		if (!first.ok) console.log(first.stdout.slice(-3000), first.stderr.slice(-2000));
		expect(first.ok).toBe(true);
		expect(RealN8n.output(first, 'ActivTrak HRDC')[0].json).toMatchObject({
			baselineUpdated: true,
			changes: { firstUpload: true },
		});

		writeFileSync(
			exportFile,
			'user_lookup_id,group\nana.garcia@example.com,Sales\nbo.chen@example.com,Sales\nchloe.dubois@example.com,Sales\n',
		);
		const second = await n8n.execute('csvFileWorkflow1');
		if (!second.ok) console.log(second.stdout.slice(-3000), second.stderr.slice(-2000));
		expect(second.ok).toBe(true);
		expect(RealN8n.output(second, 'ActivTrak HRDC')[0].json).toMatchObject({
			baseline: { found: true, generation: 1 },
			baselineGeneration: { previous: 1, new: 2 },
			// First Upload left on does nothing once the account has a ledger, and says so.
			warnings: [
				expect.stringMatching(/^'First Upload' is on, but this ActivTrak account has a ledger/),
			],
			changes: {
				firstUpload: false,
				groupsRemoved: ['R&D, Berlin'],
				groupMemberChanges: [{ group: 'Sales', added: 2, removed: 0 }],
			},
		});
		expect(emulator.uploads.map((u) => u.csv)).toEqual([
			hrdcCsv(
				{ user_lookup_id: 'ana.garcia@example.com', group: 'Sales' },
				{ user_lookup_id: 'bo.chen@example.com', group: 'R&D, Berlin' },
			),
			hrdcCsv(
				{ user_lookup_id: 'ana.garcia@example.com', group: 'Sales' },
				{ user_lookup_id: 'bo.chen@example.com', group: 'Sales' },
				{ user_lookup_id: 'chloe.dubois@example.com', group: 'Sales' },
			),
		]);
	});

	test('ActivTrak rejecting the key fails the execution with a clear message and no key in the output', async () => {
		await n8n.importWorkflow(
			workflowFeeding(
				'wrongKeyWorkflow1',
				[{ user_lookup_id: 'ana.garcia@example.com' }],
				{},
				'activTrakHrdcWrong',
			),
		);
		const result = await n8n.execute('wrongKeyWorkflow1');
		expect(result.ok).toBe(false);
		expect(result.stdout + result.stderr).toContain('ActivTrak rejected the API key');
		expect(result.stdout + result.stderr).not.toContain('not-the-key-91c2');
		expect(emulator.uploads.map((u) => u.status)).toEqual([401]);
	});

	test("'Request Timeout' ends an attempt whose answer's headers trickle in, whatever n8n's axios does", async () => {
		await n8n.importWorkflow(
			workflowFeeding(
				'trickleWorkflow1',
				[{ user_lookup_id: 'ana.garcia@example.com' }],
				{ options: { timeoutSeconds: 2, maxRetries: 0 } },
				'activTrakHrdcTrickle',
			),
		);
		const result = await n8n.execute('trickleWorkflow1');
		// The server would have answered success after 20 s: only the deadline stops it.
		expect(result.ok).toBe(false);
		expect(result.stdout + result.stderr).toMatch(/no complete answer within 2 s|ETIMEDOUT/);
		expect(trickle.connections).toHaveLength(1);
		const [connection] = trickle.connections;
		// From the request to the end of its connection: the 2 s deadline and n8n ending the
		// execution and its process; without the deadline, 20 s and a success.
		expect(connection.closedAfterMs).toBeLessThan(10_000);
	});

	/** n8n's HTTP Request node with a credential of this node's type, calling `target`. */
	function httpRequestWorkflow(
		id: string,
		target: string,
		method = 'GET',
		credentialId = 'activTrakHrdcDemo',
	) {
		return {
			id,
			name: id,
			active: false,
			nodes: [
				{
					id: 'b1e0c6f2-0000-4000-8000-000000000001',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'b1e0c6f2-0000-4000-8000-000000000002',
					name: 'Ping',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [220, 0],
					parameters: {
						method,
						url: target,
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'activTrakHrdcApi',
						options: {},
					},
					credentials: { activTrakHrdcApi: { id: credentialId, name: credentialId } },
				},
			],
			connections: { Start: { main: [[{ node: 'Ping', type: 'main', index: 0 }]] } },
			settings: {},
		};
	}

	test("the credential works in n8n's HTTP Request node on its own base URL, and only there", async () => {
		await n8n.importWorkflow(httpRequestWorkflow('httpRequestWorkflow1', `${url}/hrdc/ping`));
		const own = await n8n.execute('httpRequestWorkflow1');
		expect(own.ok).toBe(true);
		expect(own.run?.data.resultData.runData.Ping[0].data?.main[0][0].json).toEqual({
			messages: ['up'],
			success: true,
		});
		expect(emulator.requests.map((r) => `${r.method} ${r.path} ${r.apiKeyAccepted}`)).toEqual([
			'GET /hrdc/ping true',
		]);

		// The same host under another name is another address: the key is not attached.
		const elsewhere = url.replace('127.0.0.1', 'localhost');
		await n8n.importWorkflow(httpRequestWorkflow('httpRequestWorkflow2', `${elsewhere}/hrdc/ping`));
		const other = await n8n.execute('httpRequestWorkflow2');
		expect(other.ok).toBe(false);
		expect(other.stdout + other.stderr).toContain(
			`The ActivTrak API key is only sent to ${url}; this request goes to ${elsewhere}/hrdc/ping`,
		);
		expect(other.stdout + other.stderr).not.toContain(API_KEY);
		expect(emulator.requests).toHaveLength(1);
	});

	describe("ActivTrak's SCIM API, read only (the credential's SCIM API Key)", () => {
		const known = Array.from({ length: 30 }, (_, i) => `u${i}@example.com`);
		const people = (unknown: number) =>
			known.map((email, i) => ({
				user_lookup_id: i < unknown ? `x${i}@example.com` : email,
				group: 'All',
			}));
		beforeEach(() => emulator.reset({ users: known.map((email) => ({ email })) }));
		const scimRequests = () =>
			emulator.requests
				.filter((r) => r.path.startsWith('/scim/'))
				.map((r) => `${r.method} ${r.path}`);

		test('Preview with Check Against ActivTrak lists the ids ActivTrak does not know', async () => {
			await n8n.importWorkflow(
				workflowFeeding(
					'liveCheckPreview1',
					people(4),
					{ operation: 'preview', options: { liveCheck: true } },
					'activTrakHrdcScim',
				),
			);
			const result = await n8n.execute('liveCheckPreview1');
			expect(result.ok).toBe(true);
			const [{ json }] = result.run!.data.resultData.runData['ActivTrak HRDC'][0].data!.main[0]!;
			expect(json.liveCheck).toEqual({
				accountUsers: 30,
				usersNotFound: 4,
				notFound: ['x0@example.com', 'x1@example.com', 'x2@example.com', 'x3@example.com'],
				accountGroups: 0,
				hrdcSourceType: null,
				groupsOfOtherSources: [],
				groupsToDelete: null,
			});
			expect(scimRequests()).toEqual(['GET /scim/v1/users', 'GET /scim/v1/groups']);
			expect(emulator.uploads).toHaveLength(0);
		});

		test('an upload with 4 of 30 people not found is stopped by the limit', async () => {
			await n8n.importWorkflow(
				workflowFeeding(
					'liveCheckUpload1',
					people(4),
					{ options: { liveCheck: true } },
					'activTrakHrdcScim',
				),
			);
			const result = await n8n.execute('liveCheckUpload1');
			expect(result.ok).toBe(false);
			expect(result.stdout + result.stderr).toContain(
				`${STOPPED_BY_LIMIT}: 4 of 30 users (13.3%) match no ActivTrak user`,
			);
			expect(emulator.uploads).toHaveLength(0);
			expect(emulator.scimWrites).toEqual([]);
		});

		test("n8n's HTTP Request node with this credential cannot write to SCIM, and reads it with the SCIM key", async () => {
			await n8n.importWorkflow(
				httpRequestWorkflow('scimWrite1', `${url}/scim/v1/users/1`, 'DELETE', 'activTrakHrdcScim'),
			);
			const write = await n8n.execute('scimWrite1');
			expect(write.ok).toBe(false);
			expect(write.stdout + write.stderr).toContain(
				"ActivTrak's SCIM API is only read through this credential",
			);
			expect(emulator.scimWrites).toEqual([]);
			expect(scimRequests()).toEqual([]);

			await n8n.importWorkflow(
				httpRequestWorkflow('scimRead1', `${url}/scim/v1/ping`, 'GET', 'activTrakHrdcScim'),
			);
			const read = await n8n.execute('scimRead1');
			// On failure, n8n's own words: why the read did not go through.
			expect({
				ok: read.ok,
				said: read.ok ? '' : (read.stdout + read.stderr).slice(-3000),
			}).toEqual({
				ok: true,
				said: '',
			});
			expect(scimRequests()).toEqual(['GET /scim/v1/ping']);
			expect(write.stdout + write.stderr + read.stdout + read.stderr).not.toContain(SCIM_KEY);
		});
	});
});
