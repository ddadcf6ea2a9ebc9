/**
 * `npm run bench -- load`: memory under repeated load. Rounds of 20 workflows executing the node
 * at once in one engine against the emulator; after each round a forced GC, then the heap. A
 * leak shows as a heap that keeps growing round after round; the figures are printed as ratios
 * to the heap before the first round, measured in the same run.
 */
import type { IDataObject } from 'n8n-workflow';

process.env.N8N_LOG_LEVEL ??= 'silent';

import { HrdcEmulator } from '../test/emulator/HrdcEmulator';
import { hrdcWorkflow, runWorkflow } from '../test/support/engine';

const WORKFLOWS = 20;
const USERS = Number(process.env.LOAD_USERS ?? 2000);
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 6);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench -- load does)');

function heapMiB(): number {
	gc!();
	gc!();
	return process.memoryUsage().heapUsed / 1_048_576;
}

async function round(url: string, roundIndex: number) {
	const credentials = { activTrakHrdcApi: { region: 'custom', baseUrl: url, apiKey: 'bench' } };
	const results = await Promise.all(
		Array.from({ length: WORKFLOWS }, async (_, w) => {
			const items = Array.from({ length: USERS }, (_, u) => ({
				user_lookup_id: `r${roundIndex}w${w}u${u}@x.com`,
				group: [`G${u % 10}`, `H${u % 7}`],
			}));
			const staticData: IDataObject = {};
			return await runWorkflow(
				hrdcWorkflow(items, { baselineStore: 'workflowData', firstUpload: true }),
				{
					credentials,
					mode: 'trigger',
					staticData,
				},
			);
		}),
	);
	const failed = results.filter((r) => r.error);
	if (failed.length) throw new Error(`${failed.length} runs failed: ${failed[0].error?.message}`);
}

async function main() {
	const emulator = new HrdcEmulator({ apiKey: 'bench', createUnmatchedUsers: true });
	const url = await emulator.start();
	let peak = 0;
	const timer = setInterval(
		() => (peak = Math.max(peak, process.memoryUsage().heapUsed / 1_048_576)),
		5,
	);
	try {
		// One warm-up round loads and compiles everything once; the baseline is taken after it.
		await round(url, -1);
		emulator.requests.length = 0;
		const baseline = heapMiB();
		console.log(
			`load: ${ROUNDS} rounds x ${WORKFLOWS} concurrent workflows x ${USERS} users (2 groups each), Node.js ${process.version}`,
		);
		console.log(`heap after warm-up (baseline): ${baseline.toFixed(1)} MiB`);
		console.log('| round | heap after GC (MiB) | ratio to baseline | peak heap in round (MiB) |');
		console.log('| --- | --- | --- | --- |');
		const after: number[] = [];
		for (let r = 0; r < ROUNDS; r++) {
			peak = 0;
			await round(url, r);
			emulator.requests.length = 0;
			const heap = heapMiB();
			after.push(heap);
			console.log(
				`| ${r + 1} | ${heap.toFixed(1)} | ${(heap / baseline).toFixed(2)} | ${peak.toFixed(1)} |`,
			);
		}
		const growth = after[after.length - 1] - after[0];
		console.log(`growth from round 1 to round ${ROUNDS}: ${growth.toFixed(1)} MiB`);
		// A leak of even one snapshot per run would add ~20 x the CSV per round; allow noise only.
		if (growth > 16) {
			console.error('heap keeps growing: possible leak');
			process.exitCode = 1;
		}
	} finally {
		clearInterval(timer);
		await emulator.stop();
	}
}

void main();
