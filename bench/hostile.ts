/**
 * `npm run bench -- hostile`: what a hostile answer costs the node, in the real engine on loopback.
 * Each case uploads the same small snapshot; the server answers with a normal 200 (the
 * baseline), a 50 MB plain-text 200, a 50 MB 502, or 1 MB of "<" on a 502. Figures: the node's
 * own time (n8n's executionTime for it) and the process memory it added (peak of heap + external
 * + array buffers over the value before, sampled every 2 ms), medians of ROUNDS, as ratios to
 * the baseline measured in this run. For scale, the same 50 MB read whole by Node's own HTTP
 * client, as an unbounded reader (and n8n's helpers) would.
 */
import { createServer, get } from 'node:http';

process.env.N8N_LOG_LEVEL ??= 'silent';

import { HrdcEmulator, type Fault } from '../test/emulator/HrdcEmulator';
import { hrdcWorkflow, runWorkflow } from '../test/support/engine';

const ROUNDS = Number(process.env.HOSTILE_ROUNDS ?? 5);
const MB = 1024 * 1024;

const memory = () => {
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.external + usage.arrayBuffers;
};

/** Runs `work` while sampling memory; gives its time and the peak memory above the start. */
async function measured(work: () => Promise<number | undefined>) {
	(globalThis as { gc?: () => void }).gc?.();
	const before = memory();
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, memory())), 2);
	const started = performance.now();
	const ownMs = await work();
	const wallMs = performance.now() - started;
	clearInterval(sampler);
	peak = Math.max(peak, memory());
	return { ms: ownMs ?? wallMs, addedMiB: (peak - before) / MB };
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
	const emulator = new HrdcEmulator({ apiKey: 'bench', createUnmatchedUsers: true });
	const url = await emulator.start();
	const credentials = { activTrakHrdcApi: { region: 'custom', baseUrl: url, apiKey: 'bench' } };
	const items = [{ user_lookup_id: 'a@x.com', group: 'Sales' }];
	const upload = (fault: Fault | null) => async () => {
		emulator.reset({ users: [{ email: 'a@x.com' }] });
		if (fault) emulator.injectFaults(fault);
		const result = await runWorkflow(hrdcWorkflow(items, { options: { maxRetries: 0 } }), {
			credentials,
			mode: 'trigger',
		});
		if (fault === null && result.error) throw new Error(result.error.message);
		if (fault !== null && !result.error) throw new Error('a hostile answer was taken as success');
		const runData = result.run?.data.resultData.runData['ActivTrak HRDC'];
		return runData?.[0]?.executionTime;
	};
	const fifty = Buffer.alloc(50 * MB, 'x');
	const server = createServer((_req, res) => res.end(fifty));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const bodyServer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

	const readWhole = (bytes: number) => async () => {
		return await new Promise<undefined>((resolve, reject) => {
			get(`${bodyServer}/`, (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () =>
					text.length === bytes ? resolve(undefined) : reject(new Error('short')),
				);
			}).on('error', reject);
		});
	};
	const cases: Array<[string, () => Promise<number | undefined>]> = [
		['normal 200 (baseline)', upload(null)],
		['50 MB plain-text 200', upload({ status: 200, bodyBytes: 50 * MB })],
		['50 MB plain-text 502', upload({ status: 502, bodyBytes: 50 * MB })],
		['1 MB of "<" on a 502', upload({ status: 502, bodyBytes: MB, fill: '<' })],
		['reference: 50 MB read whole by node:http', readWhole(50 * MB)],
	];
	try {
		// Warm-up: load and compile everything once.
		for (const [, work] of cases) await work();
		const figures = new Map<string, Array<{ ms: number; addedMiB: number }>>();
		for (let round = 0; round < ROUNDS; round++) {
			for (const [name, work] of cases) {
				const list = figures.get(name) ?? [];
				list.push(await measured(work));
				figures.set(name, list);
			}
		}
		const base = figures.get(cases[0][0])!;
		const baseMs = median(base.map((f) => f.ms));
		const baseMiB = median(base.map((f) => f.addedMiB));
		console.log(
			`hostile answers: medians of ${ROUNDS} rounds, cases in turn, Node.js ${process.version}`,
		);
		console.log('| case | node time (ms) | x baseline | memory added (MiB) | x baseline |');
		console.log('| --- | --- | --- | --- | --- |');
		for (const [name, list] of figures) {
			const ms = median(list.map((f) => f.ms));
			const mib = median(list.map((f) => f.addedMiB));
			console.log(
				`| ${name} | ${ms.toFixed(0)} | ${(ms / baseMs).toFixed(2)} | ${mib.toFixed(1)} | ${(mib / Math.max(baseMiB, 0.1)).toFixed(2)} |`,
			);
		}
		console.log('(the reference row is wall time of the read alone, not a node run)');
	} finally {
		server.close();
		await emulator.stop();
	}
}

void main();
