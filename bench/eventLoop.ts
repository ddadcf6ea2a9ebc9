/**
 * `npm run bench -- event-loop`: the longest stall of the event loop while the node runs, in the
 * real engine (test/support/engine.ts, on the built node in dist/), uploading to a loopback sink.
 * The stall is the largest delay `perf_hooks.monitorEventLoopDelay` saw during the run, and the
 * longest gap between two ticks of a 2 ms timer (which also catches a stall that ends the run,
 * before the monitor takes its sample): while it lasts, every other workflow, webhook and the
 * editor of that n8n wait. Cases:
 *
 * - 100,000 items named like the columns;
 * - a 100,000-user CSV file (source CSV File);
 * - one item whose group list holds 100,000 names (an LDAP memberOf), refused;
 * - a CSV file with one user on 30,000 rows, a group each, refused from row 1,002 on;
 * - one HTTP Request answer holding 200,000 Workday people (the workdayRaas preset).
 *
 * "While the node ran" counts only the part of each gap inside the node's own run (its start
 * and executionTime in the run data): the test source node parses its items first.
 *
 * The test source node turns its JSON parameter into items inside the same run: its own parse is
 * in the figure, and is the same before and after a change. To compare two builds, run this file
 * in each checkout in turn (it uses only runWorkflow and hrdcWorkflow).
 *
 *   npm run bench -- event-loop [-- --repeat 3]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IDataObject } from 'n8n-workflow';

process.env.N8N_LOG_LEVEL ??= 'silent';

import { VENDOR_RECORDS, personNumber } from '../test/e2e/hrApiStandIns';
import { hrdcWorkflow, runWorkflow } from '../test/support/engine';
import { startSink } from './workflows';

const args = process.argv.slice(2);
const REPEAT = args.includes('--repeat') ? Number(args[args.indexOf('--repeat') + 1]) : 1;
/** Each run is a first upload handed out as Workflow Data: nothing to set up, 0.2 reads it too. */
const FIRST = { baselineStore: 'workflowData', firstUpload: true, options: { maxRetries: 0 } };

const users = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		user_lookup_id: `user${i}@example.com`,
		employee_id: `E${100000 + i}`,
		display_name: `User ${i}`,
		group: `Group ${i % 500}`,
	}));
const csvOf = (rows: Array<Record<string, string>>) =>
	Buffer.from(
		`user_lookup_id,employee_id,email_address,display_name,group,track,delete_user\r\n${rows
			.map(
				(r) => `${r.user_lookup_id},${r.employee_id ?? ''},,${r.display_name ?? ''},${r.group},,`,
			)
			.join('\r\n')}\r\n`,
	);

interface Case {
	name: string;
	items: unknown[];
	parameters: IDataObject;
	files?: Buffer[];
}

const CASES: Case[] = [
	{ name: '100,000 items', items: users(100_000), parameters: FIRST },
	{
		name: '100,000-user CSV file',
		items: [],
		parameters: { ...FIRST, source: 'csvFile', binaryPropertyName: 'data' },
		files: [csvOf(users(100_000))],
	},
	{
		name: 'one item, 100,000 groups',
		items: [
			{
				user_lookup_id: 'a@example.com',
				group: Array.from({ length: 100_000 }, (_, i) => `CN=Group ${i},OU=Groups`),
			},
		],
		parameters: FIRST,
	},
	{
		name: 'one user on 30,000 CSV rows',
		items: [],
		parameters: { ...FIRST, source: 'csvFile', binaryPropertyName: 'data' },
		files: [
			csvOf(
				Array.from({ length: 30_000 }, (_, i) => ({
					user_lookup_id: 'one@example.com',
					group: `Group ${i}`,
				})),
			),
		],
	},
	{
		name: 'one Workday answer, 200,000 people',
		items: VENDOR_RECORDS.workdayRaas.answer(
			Array.from({ length: 200_000 }, (_, i) => VENDOR_RECORDS.workdayRaas.record(personNumber(i))),
		),
		parameters: { ...FIRST, source: 'workdayRaas', groupFrom: 'Department' },
	},
];

async function main() {
	const sink = await startSink();
	const credentials = {
		activTrakHrdcApi: { region: 'custom', baseUrl: sink.url, apiKey: 'bench' },
	};
	console.log(
		'| case | run ms | longest stall ms (monitor) | longest gap between ticks ms | of it while the node ran ms | outcome |',
	);
	console.log('| --- | --- | --- | --- | --- | --- |');
	for (let round = 0; round < REPEAT; round++) {
		for (const { name, items, parameters, files } of CASES) {
			const workflow = hrdcWorkflow(items, parameters, { files });
			const monitor = monitorEventLoopDelay({ resolution: 5 });
			const started = performance.now();
			let lastTick = started;
			let longestGap = 0;
			// Gaps on the wall clock, to be matched with the node's own start and run time.
			const gaps: Array<{ from: number; to: number }> = [];
			let lastWall = Date.now();
			const ticker = setInterval(() => {
				const now = performance.now();
				const wall = Date.now();
				longestGap = Math.max(longestGap, now - lastTick);
				if (wall - lastWall > 20) gaps.push({ from: lastWall, to: wall });
				lastTick = now;
				lastWall = wall;
			}, 2);
			monitor.enable();
			const result = await runWorkflow(workflow, { credentials, mode: 'trigger', staticData: {} });
			monitor.disable();
			clearInterval(ticker);
			longestGap = Math.max(longestGap, performance.now() - lastTick);
			gaps.push({ from: lastWall, to: Date.now() });
			// The source node parses its JSON parameter into items first: that stall is not the node's.
			const task = result.run.data.resultData.runData['ActivTrak HRDC']?.[0];
			const nodeFrom = task?.startTime ?? 0;
			const nodeTo = nodeFrom + (task?.executionTime ?? 0);
			const inNode = gaps.reduce(
				(longest, { from, to }) =>
					Math.max(longest, Math.min(to, nodeTo) - Math.max(from, nodeFrom)),
				0,
			);
			const ms = (performance.now() - started).toFixed(0);
			const outcome = result.error ? `refused: ${result.error.message.slice(0, 60)}` : 'uploaded';
			console.log(
				`| ${name} | ${ms} | ${(monitor.max / 1e6).toFixed(0)} | ${longestGap.toFixed(0)} | ${inNode.toFixed(0)} | ${outcome} |`,
			);
		}
	}
	sink.server.close();
}

void main();
