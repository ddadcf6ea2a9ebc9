/**
 * `npm run bench -- server`: this node against Convert to File + HTTP Request in a running n8n
 * (`n8n start`), the way a nightly sync runs: one n8n process for days, each run started by a
 * trigger (here a webhook that answers when the last node is done). `npm run bench` starts a new
 * n8n per run (`n8n execute`), so every node there runs for the first time in its process: its
 * code is compiled, n8n sets up its credential keys and its first HTTP connection. Here the
 * first run of each workflow pays that once, and the runs after show what every later run costs.
 * Times are the nodes' executionTime in the run data n8n saved (read through its REST API).
 *
 *   npm run bench -- server                          10, 100, 1k, 10k and 100k users, 5 runs each
 *   npm run bench -- server --sizes 10,1000 --repeat 7
 *   npm run bench -- server --ab ../other-checkout
 *                      also the package built in another checkout (say the commit before a
 *                      change), in a second n8n: each round runs both builds in turn
 */
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	RealN8n,
	installN8n,
	packPackage,
	setupOwner,
	type N8nInstall,
	type RunningN8n,
} from '../test/e2e/realN8n';
import {
	BENCH_CREDENTIALS,
	CONVERT_HTTP,
	convertNode,
	hrdcNode,
	httpNode,
	startSink,
	workflow,
	writeUsers,
} from './workflows';
import { median } from './stats';

const args = process.argv.slice(2);
const option = (flag: string, fallback: string) =>
	args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback;
const SIZES = option('--sizes', '10,100,1000,10000,100000').split(',').map(Number);
const REPEAT = Math.max(1, Number(option('--repeat', '5')));
const OTHER_CHECKOUT = args.includes('--ab') ? path.resolve(option('--ab', '')) : null;

const CASES = {
	node: () => [hrdcNode({ safety: { maxGroupsRemovedPercent: 100 } })],
	generic: (sinkUrl: string) => [convertNode(800), httpNode(1000, sinkUrl)],
	credential: (sinkUrl: string) => [convertNode(800), httpNode(1000, sinkUrl, 'credential')],
} as const;
type Case = keyof typeof CASES;
const NODES: Record<Case, string[]> = {
	node: ['ActivTrak HRDC'],
	generic: CONVERT_HTTP,
	credential: CONVERT_HTTP,
};

const webhookOf = (kind: Case, users: number) => `bench-${kind}-${users}`;

/** One running n8n with a package installed and a workflow per case and size. */
async function startN8n(
	install: N8nInstall,
	checkout: string | undefined,
	cases: Case[],
	sinkUrl: string,
) {
	const packDir = path.join(tmpdir(), `hrdc-bench-server-${process.pid}-${cases.length}`);
	mkdirSync(packDir, { recursive: true });
	const n8n = new RealN8n(install);
	n8n.installPackage(packPackage(packDir, checkout));
	rmSync(packDir, { recursive: true, force: true });
	mkdirSync(n8n.filesDir, { recursive: true });
	await n8n.importCredentials(BENCH_CREDENTIALS(sinkUrl));
	for (const users of SIZES) {
		const file = path.join(n8n.filesDir, `users-${users}.json`);
		writeUsers(file, users, 1, 'hrdc');
		for (const kind of cases) {
			const id = webhookOf(kind, users);
			await n8n.importWorkflow(workflow(id, file, CASES[kind](sinkUrl), id));
			const published = await n8n.n8n(['publish:workflow', `--id=${id}`]);
			if (published.status !== 0) throw new Error(`publish failed: ${published.stderr}`);
		}
	}
	const server = await n8n.startServer(18000 + Math.floor(Math.random() * 1000));
	return { n8n, server, cookie: `n8n-auth=${await setupOwner(server.url)}` };
}

async function main() {
	const install = installN8n(process.env.N8N_VERSION ?? '2.41.1');
	const sink = await startSink();
	// n8n stores run data "flatted" (references as indexes); its own copy of the library reads it.
	const flatted = createRequire(path.join(install.n8nDir, 'node_modules', 'n8n', 'package.json'))(
		'flatted',
	) as { parse: (text: string) => unknown };
	const seen = new Set<string>();

	/** Runs one workflow by its webhook; its nodes' times from the run data n8n saved. */
	async function run(
		{ server, cookie }: { server: RunningN8n; cookie: string },
		kind: Case,
		users: number,
	): Promise<number> {
		const id = webhookOf(kind, users);
		for (let tries = 0; ; tries++) {
			const response = await fetch(`${server.url}/webhook/${id}`, { method: 'POST' });
			await response.arrayBuffer();
			if (response.ok) break;
			// A webhook answers 404 for a moment after the server is up.
			if (response.status !== 404 || tries > 30) throw new Error(`${id}: ${response.status}`);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		const filter = encodeURIComponent(JSON.stringify({ workflowId: id }));
		for (let tries = 0; tries < 100; tries++) {
			const listed = (await (
				await fetch(`${server.url}/rest/executions?filter=${filter}&limit=1`, {
					headers: { cookie },
				})
			).json()) as { data: { results: Array<{ id: string; status: string }> } };
			const latest = listed.data.results[0];
			if (latest?.status === 'success' && !seen.has(`${server.url}/${latest.id}`)) {
				seen.add(`${server.url}/${latest.id}`);
				const execution = (await (
					await fetch(`${server.url}/rest/executions/${latest.id}`, { headers: { cookie } })
				).json()) as { data: { data: string } };
				const runData = (
					flatted.parse(execution.data.data) as {
						resultData: { runData: Record<string, Array<{ executionTime: number }>> };
					}
				).resultData.runData;
				return NODES[kind].reduce((sum, name) => sum + runData[name][0].executionTime, 0);
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(`${id}: no saved run\n${server.log().slice(-3000)}`);
	}

	const main = await startN8n(install, undefined, ['node', 'generic', 'credential'], sink.url);
	const other = OTHER_CHECKOUT ? await startN8n(install, OTHER_CHECKOUT, ['node'], sink.url) : null;
	const rows: string[] = [];
	try {
		for (const users of SIZES) {
			// Each series: its first run, then REPEAT rounds, all series in turn within a round.
			const series = [
				{ name: 'node', at: main, kind: 'node' as Case },
				{ name: 'generic', at: main, kind: 'generic' as Case },
				{ name: 'credential', at: main, kind: 'credential' as Case },
				...(other ? [{ name: 'other', at: other, kind: 'node' as Case }] : []),
			].map((entry) => ({ ...entry, first: NaN, times: [] as number[] }));
			for (const entry of series) entry.first = await run(entry.at, entry.kind, users);
			for (let round = 0; round < REPEAT; round++)
				for (const entry of series) entry.times.push(await run(entry.at, entry.kind, users));
			const named = (name: string) => series.find((entry) => entry.name === name)!;
			const best = (name: string) => Math.min(...named(name).times);
			const shown = (name: string) =>
				`${best(name)} (${median(named(name).times)}; first ${named(name).first})`;
			const row = `| ${users} | ${shown('node')} | ${shown('generic')} | ${(best('generic') / best('node')).toFixed(2)}x | ${shown('credential')} | ${(best('credential') / best('node')).toFixed(2)}x |${other ? ` ${shown('other')} | ${(best('other') / best('node')).toFixed(2)}x |` : ''}`;
			rows.push(row);
			console.log(row);
		}
	} finally {
		for (const running of [main, other]) {
			await running?.server.stop();
			running?.n8n.dispose();
		}
		sink.server.close();
	}
	console.log(
		[
			'',
			`n8n ${install.version}, \`n8n start\`, runs by webhook; ms best of ${REPEAT} (median; the first run)`,
			'',
			`| users | this node | Convert to File + HTTP Request | generic / node | the same, key in a Header Auth credential | that / node |${other ? ` the node built in ${OTHER_CHECKOUT} | that / this |` : ''}`,
			`|${' --- |'.repeat(other ? 8 : 6)}`,
			...rows,
		].join('\n'),
	);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
