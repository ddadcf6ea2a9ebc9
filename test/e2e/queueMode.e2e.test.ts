/**
 * Queue mode, the way n8n scales past one machine: PostgreSQL and Redis on loopback, n8n main
 * plus one worker. A webhook workflow is triggered twice through the main instance and executed
 * by the worker; the second run's change report must reflect the first, so the node's baseline
 * (workflow static data) was saved by one process and read back by another run. n8n 2.x does
 * not hand a new queued run the saved static data; there 'Baseline Store' > Workflow Data
 * carries the baseline through the workflow, which the last test shows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { HrdcEmulator } from '../emulator/HrdcEmulator';
import { RealN8n, installN8n, packPackage, type RunningN8n } from './realN8n';
import {
	describeWhenInstalled,
	postgresBin,
	startPostgres,
	startRedis,
	type Service,
} from './services';
import { baselineIn } from '../support/snapshots';
import { FIRST_UPLOAD_NEEDS_KEPT_RUN } from '../support/messages';

const EXAMPLE = JSON.parse(
	readFileSync(path.resolve(__dirname, '../../examples/hr-to-activtrak.workflow.json'), 'utf8'),
);
const hrdc = EXAMPLE.nodes.find(
	(n: { type: string }) => n.type === 'n8n-nodes-activtrak-hrdc.activTrakHrdc',
);

const WORKFLOW = {
	id: 'queueModeSync1',
	name: 'HR webhook to ActivTrak (queue mode)',
	nodes: [
		{
			id: 'wh',
			name: 'HR webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '5a1d7c1e-6a51-4f43-a4a4-3c2c7f0e9b01',
			parameters: { httpMethod: 'POST', path: 'hrdc-sync', responseMode: 'lastNode', options: {} },
		},
		{
			id: 'split',
			name: 'One item per employee',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
			parameters: { fieldToSplitOut: 'body.employees', options: {} },
		},
		// First Upload left on, as a builder may: it must never become a send on every run.
		{
			...hrdc,
			parameters: {
				operation: 'upload',
				baseline: { firstUpload: true },
				options: { includeCsv: false },
			},
		},
	],
	connections: {
		'HR webhook': { main: [[{ node: 'One item per employee', type: 'main', index: 0 }]] },
		'One item per employee': { main: [[{ node: 'ActivTrak HRDC', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	active: false,
	pinData: {},
};

/**
 * The same sync with 'Baseline Store' > Workflow Data: the baseline comes in with the webhook's
 * body and goes out in its answer. This test stands in for the store a workflow would use (an
 * n8n Data table); what it shows is that the worker reads the baseline from the workflow.
 */
const WORKFLOW_DATA = {
	...WORKFLOW,
	id: 'queueModeSync2',
	name: 'HR webhook to ActivTrak (queue mode, workflow data)',
	nodes: [
		{
			...WORKFLOW.nodes[0],
			id: 'wh2',
			webhookId: '5a1d7c1e-6a51-4f43-a4a4-3c2c7f0e9b02',
			parameters: { ...WORKFLOW.nodes[0].parameters, path: 'hrdc-sync-workflow-data' },
		},
		WORKFLOW.nodes[1],
		{
			...hrdc,
			parameters: {
				operation: 'upload',
				// Version 2 (the example's): the settings in 'Baseline (Advanced)', as expressions.
				baseline: {
					baselineStore: 'workflowData',
					previousBaseline: "={{ $('HR webhook').item.json.body.baseline ?? '' }}",
					firstUpload: "={{ $('HR webhook').item.json.body.first === true }}",
				},
				options: { includeCsv: false },
			},
		},
	],
};

const describeIfServices = describeWhenInstalled(
	postgresBin() && existsSync('/usr/bin/redis-server')
		? null
		: 'PostgreSQL and Redis (Debian packages postgresql and redis-server)',
);
const n8n1 = () => (process.env.N8N_VERSION ?? '2.41.1').startsWith('1.');

describeIfServices('queue mode: main + worker on PostgreSQL and Redis', () => {
	const emulator = new HrdcEmulator({ apiKey: 'queue-key-8e2a', createUnmatchedUsers: true });
	let postgres: Service;
	let redis: Service;
	let n8n: RealN8n;
	let main: RunningN8n;
	let worker: RunningN8n;
	let packDir: string;

	beforeAll(async () => {
		const emulatorUrl = await emulator.start();
		emulator.reset({
			users: ['ana', 'bo', 'cy', 'dee'].map((name) => ({ email: `${name}@example.com` })),
		});
		postgres = await startPostgres();
		redis = await startRedis();
		packDir = mkdtempSync(path.join(tmpdir(), 'hrdc-pack-'));
		n8n = new RealN8n(installN8n());
		n8n.extraEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		n8n.installPackage(packPackage(packDir));
		await n8n.importCredentials([
			{
				id: 'activTrakHrdcDemo',
				name: 'ActivTrak HRDC (local emulator)',
				type: 'activTrakHrdcApi',
				data: { region: 'custom', baseUrl: emulatorUrl, apiKey: 'queue-key-8e2a' },
			},
		]);
		for (const workflow of [WORKFLOW, WORKFLOW_DATA]) {
			await n8n.importWorkflow(workflow);
			// n8n 2.x publishes a workflow; 1.x activates it.
			const activate = n8n.install.version.startsWith('1.')
				? ['update:workflow', `--id=${workflow.id}`, '--active=true']
				: ['publish:workflow', `--id=${workflow.id}`];
			const published = await n8n.n8n(activate);
			if (published.status !== 0)
				throw new Error(`${activate[0]} failed: ${published.stdout}${published.stderr}`);
		}
		const port = 16000 + Math.floor(Math.random() * 1000);
		worker = await n8n.startServer(
			port + 1,
			{
				QUEUE_HEALTH_CHECK_PORT: String(port + 1),
				N8N_RUNNERS_BROKER_PORT: String(n8n.brokerPort + 1),
			},
			'worker',
		);
		// Debug logging tells when the published workflow's webhook is registered.
		main = await n8n.startServer(port, { N8N_LOG_LEVEL: 'debug' });
		// n8n registers the workflow's webhook shortly after the server is up (2.x logs each
		// webhook, 1.x each workflow's webhooks).
		const deadline = Date.now() + 90_000;
		while (
			!/Added webhooks? (?:"HR webhook"|for workflow "HR webhook to ActivTrak)/.test(main.log())
		) {
			if (Date.now() > deadline)
				throw new Error(
					`the workflow was not activated:\n${main
						.log()
						.split('\n')
						.filter((l) => /activ|leader|webhook|workflow/i.test(l))
						.join('\n')
						.slice(-6000)}`,
				);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	});

	afterAll(async () => {
		await main?.stop();
		await worker?.stop();
		await redis?.stop();
		await postgres?.stop();
		await emulator.stop();
		n8n?.dispose();
		if (packDir) rmSync(packDir, { recursive: true, force: true });
	});

	async function trigger(employees: unknown[], path = 'hrdc-sync', extra: object = {}) {
		// A webhook registered a moment after the first answers 404 until it is.
		let response: Response;
		for (let tries = 0; ; tries++) {
			response = await fetch(`${main.url}/webhook/${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ employees, ...extra }),
			});
			if (response.status !== 404 || tries >= 60) break;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`webhook answered ${response.status}: ${text}\nmain:\n${main.log().slice(-3000)}\nworker:\n${worker.log().slice(-3000)}`,
			);
		return JSON.parse(text) as {
			changes: {
				firstUpload: boolean;
				previousAcceptedAt: string | null;
				users: Record<string, number>;
				groupMemberChanges: unknown[];
			};
			baselineUpdated: boolean;
			newBaseline?: string;
			baseline: { found: boolean; keptIn: string };
		};
	}

	const team = (names: string[]) =>
		names.map((name) => ({ user_lookup_id: `${name}@example.com`, group: 'Sales' }));

	/** One SQL answer from n8n's PostgreSQL database. */
	function sql(query: string): string {
		return execFileSync(
			'runuser',
			[
				'-u',
				'postgres',
				'--',
				path.join(postgresBin()!, 'psql'),
				'-h',
				'127.0.0.1',
				'-p',
				String(postgres.port),
				'-U',
				'postgres',
				'-d',
				'n8n',
				'-tAc',
				query,
			],
			{ encoding: 'utf8' },
		).trim();
	}
	const storedStaticData = () => {
		const text = sql(`select "staticData"::text from workflow_entity where id = '${WORKFLOW.id}'`);
		return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
	};
	/** How many stored executions of the workflow say `text`. */
	const executionsSaying = (text: string) =>
		Number(
			sql(
				`select count(*) from execution_data d join execution_entity e on e.id = d."executionId" where e."workflowId" = '${WORKFLOW.id}' and d.data like '%${text.replace(/'/g, "''")}%'`,
			),
		);
	const post = (employees: unknown[]) =>
		fetch(`${main.url}/webhook/hrdc-sync`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ employees }),
		});
	const NEEDS_KEPT_RUN = FIRST_UPLOAD_NEEDS_KEPT_RUN;

	if (n8n1()) {
		// n8n 1.x hands the worker the workflow's saved static data: the ledger goes from one
		// process to another, and First Upload goes once the first run showed that.
		test('the worker keeps the ledger in PostgreSQL and the next run compares with it', async () => {
			await trigger(team(['eve'])).catch(() => undefined);
			expect(executionsSaying(NEEDS_KEPT_RUN)).toBe(1);
			const first = await trigger(team(['ana', 'bo', 'cy']));
			expect(first).toMatchObject({ baselineUpdated: true, changes: { firstUpload: true } });
			const second = await trigger(team(['ana', 'bo', 'cy', 'dee']));
			expect(second.changes).toMatchObject({
				firstUpload: false,
				users: { before: 3, after: 4, added: 1, removed: 0 },
			});
			expect(baselineIn(storedStaticData())).toBeDefined();
			expect(worker.log()).toMatch(/Worker started execution/i);
		});
	} else {
		// n8n 2.41.1 (and, reading its code, 2.41.3) does not hand the worker the saved static
		// data: a queued execution is stored without it (toWorkflowSnapshot keeps id, name, nodes,
		// connections and settings), and the worker reloads it only for resumed executions. So
		// every queued run starts without the ledger; with First Upload left on, each must stop,
		// not send as a first upload.
		test('with Static Data, every queued run stops with nothing sent, though the worker saved its mark', async () => {
			for (let run = 1; run <= 3; run++) {
				const response = await post(team(['ana', 'bo', 'cy']));
				expect(response.status).toBe(500);
			}
			expect(emulator.uploads).toHaveLength(0);
			expect(executionsSaying(NEEDS_KEPT_RUN)).toBe(3);
			expect(executionsSaying("set 'Baseline Store' to Workflow Data")).toBe(3);
			// What the worker saved is in the database: it is never handed to the next run.
			expect(storedStaticData().global).toMatchObject({
				activTrakHrdcKeptSince: expect.any(String),
			});
			expect(worker.log()).toMatch(/Worker started execution/i);
		});
	}

	test("with 'Baseline Store' > Workflow Data, the second queued run compares with the first", async () => {
		const path = 'hrdc-sync-workflow-data';
		const first = await trigger(team(['ana', 'bo', 'cy']), path, { first: true });
		expect(first).toMatchObject({
			baselineUpdated: true,
			baseline: { found: false, keptIn: 'workflow data' },
			changes: { firstUpload: true },
		});
		expect(first.newBaseline).toEqual(expect.any(String));

		// No baseline and not marked as the first upload: the run fails, nothing is sent.
		const uploadsBefore = emulator.uploads.length;
		const refused = await fetch(`${main.url}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ employees: team(['eve']) }),
		});
		expect(refused.status).toBe(500);
		expect(emulator.uploads.length).toBe(uploadsBefore);

		const next = await trigger(team(['ana', 'bo', 'cy', 'dee']), path, {
			baseline: first.newBaseline,
		});
		expect(next.baseline).toMatchObject({ found: true, keptIn: 'workflow data' });
		expect(next.changes).toMatchObject({
			firstUpload: false,
			users: { before: 3, after: 4, added: 1, removed: 0 },
			groupMemberChanges: [{ group: 'Sales', added: 1, removed: 0 }],
		});
		expect(emulator.uploads.length).toBe(uploadsBefore + 1);
		expect(worker.log()).toMatch(/Worker started execution/i);
	});
});
