/**
 * `npm run bench`: this node in a real n8n (installed by the e2e installer) against the generic
 * way to do the same with n8n's own nodes, on the same generated users, all uploading to a
 * loopback server. Per size and case it runs a workflow with `n8n execute` and reads each node's
 * executionTime from the run; peak memory is the n8n process's peak RSS (VmHWM).
 *
 *   npm run bench                  10, 100, 1k, 10k and 100k users
 *   npm run bench -- --with-500k   also 500k users in two groups each (1,000,000 rows)
 *   npm run bench -- --sizes 1000  just these sizes
 *   npm run bench -- --repeat 3    each case 3 times (in turn), best and median reported; the
 *                                  Set chain (minutes at 100,000 items) runs once
 *   npm run bench -- --phases      also, per size, one more run of this node with n8n's log at
 *                                  debug level, whose line from the node gives its phase
 *                                  breakdown (pipeline/phaseClock.ts); printed as a second table
 *   npm run bench -- --profile DIR  also write a V8 CPU profile of every n8n run into DIR
 *   npm run bench -- --cases auto,manual --groups 1
 *                                  only these cases (auto, manual, generic: Convert + HTTP,
 *                                  credential: the same with a Header Auth credential, preset:
 *                                  Entra ID items through the Entra preset, against auto) and
 *                                  groups per user, for a quick A/B of a change
 *   npm run bench -- --heap-watch  also print, per run of this node, the garbage collections
 *                                  V8 made while it ran (--trace-gc, put on the run's clock by
 *                                  bench/heapWatch.cjs)
 *   BENCH_NODE_FLAGS=--trace-gc     extra Node.js flags for the n8n runs (their output goes to
 *                                   <tmp>/hrdc-bench-runs/<workflow>.out, kept)
 *
 *   npm run bench -- --out FILE    where the tables go (default .tmp/bench-n8n.md)
 *
 * Writes the tables with the machine, Node.js and n8n versions; bench/results.md keeps the runs
 * worth keeping, copied from there with what they measured.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';

import { RealN8n, installN8n, packPackage } from '../test/e2e/realN8n';
import { median } from './stats';
import {
	BENCH_CREDENTIALS,
	CONVERT_HTTP,
	MAPPING,
	convertNode,
	hrdcNode,
	httpNode,
	node,
	setNode,
	startSink,
	workflow,
	writeUsers,
} from './workflows';

const args = process.argv.slice(2);
const sizesArg = args.includes('--sizes')
	? args[args.indexOf('--sizes') + 1]
	: '10,100,1000,10000,100000';
const SIZES = sizesArg.split(',').map(Number);
const WITH_500K = args.includes('--with-500k');
const SKIP_SET = args.includes('--skip-set-chain');
const REPEAT = args.includes('--repeat')
	? Math.max(1, Number(args[args.indexOf('--repeat') + 1]))
	: 1;
const RUNS_DIR = path.join(tmpdir(), 'hrdc-bench-runs');
const listArg = (flag: string, all: string) =>
	(args.includes(flag) ? args[args.indexOf(flag) + 1] : all).split(',');
const CASES = new Set(listArg('--cases', 'auto,manual,generic,credential'));
const GROUPS = listArg('--groups', '1,2').map(Number);
const HEAP_WATCH = args.includes('--heap-watch');
const PHASES = args.includes('--phases');
const PROFILE_DIR = args.includes('--profile')
	? path.resolve(args[args.indexOf('--profile') + 1])
	: null;

interface Measured {
	ok: boolean;
	times: Record<string, number>;
	/** Each node's startTime (epoch ms). */
	starts: Record<string, number>;
	/** The process's resident memory over the run: [epoch ms, KiB], every few ms. */
	rss: Array<[number, number]>;
	/** From the node's output, or its debug log line when n8n could not print the run. */
	csvBytes?: number;
	/** The node's own time from its debug log line (n8n cannot print runs of 500,000 users). */
	loggedMs?: number;
	/** The node's phases from its debug log line, when n8n logged at debug level. */
	phases: Map<string, number>;
	peakMiB: number;
	wallS: number;
	error?: string;
}

/** Runs one workflow; reads node times from the (possibly huge) output without holding it. */
async function execute(
	n8n: RealN8n,
	id: string,
	outFile: string,
	extraEnv: Record<string, string> = {},
): Promise<Measured> {
	const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
	const bin = path.join(n8n.install.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const started = Date.now();
	// stdout goes straight to a file: writes to a file are synchronous in Node.js, so nothing is
	// lost when n8n exits right after printing (through a pipe, a large run would be cut short).
	// With extra flags (say --trace-gc), each run's output is kept apart to be read afterwards.
	if (flags.length) {
		mkdirSync(RUNS_DIR, { recursive: true });
		outFile = path.join(RUNS_DIR, `${id}.out`);
	}
	const out = openSync(outFile, 'w');
	const profile = PROFILE_DIR
		? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${id}.cpuprofile`]
		: [];
	const heapWatchFile = `${outFile}.heap.json`;
	const heapWatch = HEAP_WATCH
		? ['--trace-gc', '--require', path.join(__dirname, 'heapWatch.cjs')]
		: [];
	const child = spawn(
		path.join(n8n.install.nodeHome, 'bin', 'node'),
		[...flags, ...profile, ...heapWatch, bin, 'execute', `--id=${id}`, '--rawOutput'],
		{
			env: { ...n8n.env, ...extraEnv, HEAP_WATCH_OUT: heapWatchFile },
			stdio: ['ignore', out, 'pipe'],
		},
	);
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	let peakKiB = 0;
	const rss: Array<[number, number]> = [];
	// Read from this process, so the samples go on while n8n's own thread is busy in a node.
	const poll = setInterval(() => {
		try {
			const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
			peakKiB = Math.max(peakKiB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
			rss.push([Date.now(), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)]);
		} catch {
			// the process has ended
		}
	}, 5);
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	clearInterval(poll);
	closeSync(out);
	const times: Record<string, number> = {};
	const starts: Record<string, number> = {};
	// Each node's task starts `"Node name": [ { "startTime": S, ... "executionTime": N`.
	const text = readFileSync(outFile, 'utf8');
	for (const match of text.matchAll(
		/\n {8}"([^"\n]+)": \[\n {10}\{\n {12}"startTime": (\d+),[\s\S]*?\n {12}"executionTime": (\d+),/g,
	)) {
		starts[match[1]] = Number(match[2]);
		times[match[1]] = Number(match[3]);
	}
	const logged =
		/ActivTrak HRDC (?:upload|preview) done: \d+ users, \d+ rows, (\d+) CSV bytes in (\d+) ms(?: \(([^)]*)\))?/.exec(
			text,
		);
	// "parameters 0.4, items 1.2, ..." (pipeline/phaseClock.ts)
	const phases = new Map<string, number>();
	for (const part of logged?.[3]?.split(', ') ?? []) {
		const [phase, ms] = part.split(' ');
		phases.set(phase, Number(ms));
	}
	const csvBytes = Number(/"csvBytes": (\d+)/.exec(text)?.[1] ?? logged?.[1] ?? NaN);
	const loggedMs = logged ? Number(logged[2]) : undefined;
	if (HEAP_WATCH && starts['ActivTrak HRDC'] !== undefined) {
		const { timeOrigin } = JSON.parse(readFileSync(heapWatchFile, 'utf8')) as {
			timeOrigin: number;
		};
		console.log(
			`${id}: ${collectionsDuring(text, timeOrigin, starts['ActivTrak HRDC'], starts['ActivTrak HRDC'] + times['ActivTrak HRDC'])}`,
		);
	}
	const error =
		code === 0
			? undefined
			: (/"message": "([^"]+)"/.exec(text)?.[1] ??
				(stderr.trim().slice(-300) || text.trim().slice(-300)));
	return {
		ok: code === 0,
		times,
		starts,
		rss,
		csvBytes,
		loggedMs,
		phases,
		peakMiB: peakKiB / 1024,
		wallS: (Date.now() - started) / 1000,
		error: error && `${error} ${stderr.slice(-500)}`,
	};
}

/**
 * The garbage collections --trace-gc printed while the node ran: "[pid:isolate] 1234 ms:
 * Scavenge 41.9 (59.4) -> 31.7 (59.4) MB, ..." (heap used (committed) before -> after).
 */
function collectionsDuring(output: string, timeOrigin: number, from: number, to: number): string {
	const lines: string[] = [];
	for (const match of output.matchAll(
		/^\[\d+:0x[0-9a-f]+\]\s+(\d+) ms: (.+?) ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/gm,
	)) {
		const at = timeOrigin + Number(match[1]);
		if (at < from || at > to) continue;
		lines.push(
			`  +${Math.round(at - from)} ms ${match[2]}: used ${match[3]} -> ${match[5]} MB, committed ${match[4]} -> ${match[6]} MB`,
		);
	}
	return lines.length
		? `collections while the node ran:\n${lines.join('\n')}`
		: 'no collection while the node ran';
}

/**
 * How much the process's resident memory grew while these nodes ran: the highest sample from
 * the first node's start to the last one's end, minus the last sample before the start. This
 * is what the nodes made the process take on top of what it already held (items included).
 */
function rssGrowthMiB(run: Measured & { uploadedAt?: number }, nodes: string[]): number {
	let from = Math.min(...nodes.map((name) => run.starts[name]));
	let to = Math.max(...nodes.map((name) => run.starts[name] + run.times[name]));
	if (!Number.isFinite(from + to) && run.loggedMs !== undefined && run.uploadedAt !== undefined) {
		// No run data printed: the node's window ends about when the upload arrived.
		to = run.uploadedAt + 50;
		from = to - 50 - run.loggedMs;
	}
	let before = 0;
	let peak = 0;
	for (const [at, kib] of run.rss) {
		if (at <= from) before = kib;
		else if (at <= to) peak = Math.max(peak, kib);
	}
	return Math.max(0, peak - before) / 1024;
}

async function main() {
	const install = installN8n(process.env.N8N_VERSION ?? '2.41.1');
	const sink = await startSink();
	const packDir = path.join(tmpdir(), `hrdc-bench-pack-${process.pid}`);
	mkdirSync(packDir, { recursive: true });
	const n8n = new RealN8n(install);
	n8n.installPackage(packPackage(packDir));
	mkdirSync(n8n.filesDir, { recursive: true });
	await n8n.importCredentials(BENCH_CREDENTIALS(sink.url));

	const rows: string[] = [];
	const phaseRows: Array<{
		users: number;
		groups: number;
		ms: number;
		phases: Map<string, number>;
	}> = [];
	const cases: Array<{ users: number; groups: number }> = [];
	for (const users of SIZES) for (const groups of GROUPS) cases.push({ users, groups });
	if (WITH_500K) cases.push({ users: 500_000, groups: 2 });
	const outFile = path.join(n8n.userFolder, 'run.json');
	const report = (line: string) => {
		rows.push(line);
		console.log(line);
	};
	const header =
		'| users | groups/user | rows | CSV bytes | case | node ms, best (median) | generic chain ms, best (median) | generic / node, best / best | generic chain with the key in a Header Auth credential ms | that / node | memory added by the node MiB | added / CSV | memory added by the generic chain MiB | n8n process peak MiB |';
	const rule = `|${' --- |'.repeat(14)}`;
	console.log(header);
	console.log(rule);
	let wf = 0;
	for (const { users, groups } of cases) {
		const hrdcFile = path.join(n8n.filesDir, `hrdc-${users}-${groups}.json`);
		const hrFile = path.join(n8n.filesDir, `hr-${users}-${groups}.json`);
		writeUsers(hrdcFile, users, groups, 'hrdc');
		writeUsers(hrFile, users, groups, 'hr');
		const entraFile = path.join(n8n.filesDir, `entra-${users}-${groups}.json`);
		if (CASES.has('preset')) writeUsers(entraFile, users, groups, 'entra');
		// n8n cannot print a run of 500,000 users as JSON (longer than a string may be); there the
		// node's time comes from its debug log line.
		const extraEnv: Record<string, string> = users >= 500_000 ? { N8N_LOG_LEVEL: 'debug' } : {};
		const run = async (
			targets: Array<ReturnType<typeof node>>,
			file: string,
			env: Record<string, string> = extraEnv,
		) => {
			const id = `bench${++wf}`;
			await n8n.importWorkflow(workflow(id, file, targets));
			const before = sink.received.length;
			const measured = await execute(n8n, id, outFile, env);
			const upload = sink.received.slice(before).pop();
			return { ...measured, bytes: measured.csvBytes ?? NaN, uploadedAt: upload?.at };
		};
		const mib = (bytes: number) => bytes / 1_048_576;
		const total = (m: Measured, nodes: string[]) =>
			nodes.reduce((sum, name) => sum + (m.times[name] ?? NaN), 0);
		const best = (values: number[]) => (values.length ? Math.min(...values) : NaN);
		/** Best and median node time; from the node's log line where n8n printed no run data. */
		const ownMs = (runs: Measured[]) => {
			const printed = runs.map((m) => m.times['ActivTrak HRDC']).filter((ms) => ms !== undefined);
			const shown = (values: number[]) =>
				values.length > 1 ? `${best(values)} (${median(values)})` : String(values[0]);
			if (printed.length)
				return { ms: median(printed), best: best(printed), shown: shown(printed) };
			const logged = runs.map((m) => m.loggedMs).filter((ms): ms is number => ms !== undefined);
			if (logged.length)
				return { ms: median(logged), best: best(logged), shown: `${shown(logged)} (node's log)` };
			return { ms: NaN, best: NaN, shown: runs.length ? 'failed' : 'not run' };
		};
		const SET_CHAIN = ['Set fields', ...CONVERT_HTTP];
		const autoRuns: Measured[] = [];
		const directRuns: Measured[] = [];
		const credentialRuns: Measured[] = [];
		const manualRuns: Measured[] = [];
		const presetRuns: Measured[] = [];
		let csvBytes = NaN;
		// Each case in turn, REPEAT times, so that the machine's ups and downs fall on all alike.
		for (let r = 0; r < REPEAT; r++) {
			if (CASES.has('auto')) {
				const auto = await run([hrdcNode({ safety: { maxGroupsRemovedPercent: 100 } })], hrdcFile);
				autoRuns.push(auto);
				if (Number.isFinite(auto.bytes)) csvBytes = auto.bytes;
			}
			if (CASES.has('preset'))
				presetRuns.push(
					await run(
						[hrdcNode({ source: 'entraId', safety: { maxGroupsRemovedPercent: 100 } })],
						entraFile,
					),
				);
			if (groups === 1 && CASES.has('generic'))
				directRuns.push(await run([convertNode(800), httpNode(1000, sink.url)], hrdcFile));
			if (groups === 1 && CASES.has('credential'))
				credentialRuns.push(
					await run([convertNode(800), httpNode(1000, sink.url, 'credential')], hrdcFile),
				);
			if (CASES.has('manual')) {
				const manual = await run(
					[
						hrdcNode({
							columns: {
								mappingMode: 'defineBelow',
								value: MAPPING,
								matchingColumns: [],
								schema: [],
							},
							safety: { maxGroupsRemovedPercent: 100 },
						}),
					],
					hrFile,
				);
				manualRuns.push(manual);
				if (Number.isFinite(manual.bytes)) csvBytes = manual.bytes;
			}
		}
		for (const m of [...autoRuns, ...directRuns, ...manualRuns]) {
			if (m.ok) continue;
			// Expected at 500,000 users: the node finished (its log says so), printing the run did not.
			if (m.loggedMs !== undefined)
				console.error(
					`n8n could not print a run of ${users} users; the node's own log line gives its time`,
				);
			else console.error(`a run failed: ${m.error?.slice(0, 400)}`);
		}
		const rowCount = users * groups;

		const auto = ownMs(autoRuns);
		const autoAdded = median(autoRuns.map((m) => rssGrowthMiB(m, ['ActivTrak HRDC'])));
		/** A chain's best (median) time with its nodes', its ratio to this node, each round's. */
		const chainFigures = (runs: Measured[]) => {
			if (!runs.length) return { shown: 'not run', ratio: '', added: '' };
			const chainMs = runs.map((m) => total(m, CONVERT_HTTP));
			const fastest = runs[chainMs.indexOf(best(chainMs))];
			// The issue's measure: best of the runs against best of the runs. The machine's load
			// drifts over minutes, so the runs of one round (taken back to back) are compared too.
			const paired = autoRuns
				.map((m, r) => total(runs[r], CONVERT_HTTP) / m.times['ActivTrak HRDC'])
				.filter(Number.isFinite);
			return {
				shown: `${best(chainMs)}${chainMs.length > 1 ? ` (${median(chainMs)})` : ''} (Convert ${fastest.times['Convert to File']} + HTTP ${fastest.times['HTTP Request']})`,
				ratio: `${(best(chainMs) / auto.best).toFixed(2)}x${paired.length > 1 ? ` (rounds: ${paired.map((x) => x.toFixed(1)).join(', ')})` : ''}`,
				added: median(runs.map((m) => rssGrowthMiB(m, CONVERT_HTTP))).toFixed(0),
			};
		};
		const direct = chainFigures(directRuns);
		const withCredential = chainFigures(credentialRuns);
		if (groups !== 1)
			direct.shown = withCredential.shown =
				'n/a (Convert to File writes one row per item, not per group)';
		if (autoRuns.length || directRuns.length)
			report(
				`| ${users} | ${groups} | ${rowCount} | ${csvBytes} | fields named like the columns (auto-map) | ${auto.shown} | ${direct.shown} | ${direct.ratio} | ${withCredential.shown} | ${withCredential.ratio} | ${autoAdded.toFixed(0)} | ${(autoAdded / mib(csvBytes)).toFixed(1)} | ${direct.added} | ${median(autoRuns.map((m) => m.peakMiB)).toFixed(0)} |`,
			);

		if (presetRuns.length) {
			// Issue #19: the same people as Entra items through the Entra preset, against auto-map.
			const preset = ownMs(presetRuns);
			const paired = autoRuns
				.map((m, r) => presetRuns[r]?.times['ActivTrak HRDC'] / m.times['ActivTrak HRDC'])
				.filter(Number.isFinite);
			report(
				`| ${users} | ${groups} | ${rowCount} | ${presetRuns[0].csvBytes} | Entra ID items (Output: Raw) through the Entra preset | ${preset.shown} | auto-map: ${auto.shown} | preset / auto-map ${(preset.best / auto.best).toFixed(2)}${paired.length > 1 ? ` (rounds: ${paired.map((x) => x.toFixed(2)).join(', ')})` : ''} |  |  | ${median(presetRuns.map((m) => rssGrowthMiB(m, ['ActivTrak HRDC']))).toFixed(0)} |  |  | ${median(presetRuns.map((m) => m.peakMiB)).toFixed(0)} |`,
			);
		}

		if (PHASES && CASES.has('auto')) {
			// One more run with n8n's log at debug level: the node's line gives its phases.
			const logged = await run([hrdcNode({ safety: { maxGroupsRemovedPercent: 100 } })], hrdcFile, {
				...extraEnv,
				N8N_LOG_LEVEL: 'debug',
			});
			phaseRows.push({ users, groups, ms: logged.loggedMs ?? NaN, phases: logged.phases });
		}

		const manual = ownMs(manualRuns);
		const manualAdded = median(manualRuns.map((m) => rssGrowthMiB(m, ['ActivTrak HRDC'])));
		let genericSet = 'skipped';
		let ratioSet = '';
		let setAdded = '';
		if (groups === 1 && !SKIP_SET && manualRuns.length) {
			// Minutes per run at 100,000 items: run once.
			const chain = await run([setNode(), convertNode(1000), httpNode(1200, sink.url)], hrFile);
			const ms = total(chain, SET_CHAIN);
			genericSet = `${ms} (Set ${chain.times['Set fields']} + Convert ${chain.times['Convert to File']} + HTTP ${chain.times['HTTP Request']})`;
			ratioSet = `${(ms / manual.ms).toFixed(1)}x`;
			setAdded = rssGrowthMiB(chain, SET_CHAIN).toFixed(0);
			if (!chain.ok) console.error(`a run did not end well: ${chain.error?.slice(0, 400)}`);
		} else if (groups !== 1) {
			genericSet = 'n/a (one row per item)';
		}
		if (manualRuns.length)
			report(
				`| ${users} | ${groups} | ${rowCount} | ${csvBytes} | mapped by hand ({{ $json.x }}) | ${manual.shown} | ${genericSet} | ${ratioSet} |  |  | ${manualAdded.toFixed(0)} | ${(manualAdded / mib(csvBytes)).toFixed(1)} | ${setAdded} | ${median(manualRuns.map((m) => m.peakMiB)).toFixed(0)} |`,
			);
		rmSync(hrdcFile);
		rmSync(hrFile);
		rmSync(entraFile, { force: true });
	}
	sink.server.close();
	const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
	const nodeVersion = readFileSync(path.join(install.nodeHome, 'package.json'), 'utf8').match(
		/"version": "([^"]+)"/,
	)?.[1];
	const phaseNames = [...new Set(phaseRows.flatMap((row) => [...row.phases.keys()]))];
	const phaseTable = phaseRows.length
		? [
				'',
				"The node's own time by phase (ms), from its debug log line in one more run per size (n8n's log at debug level); the credential is read while the items are, so its figure is what was left to wait for.",
				'',
				`| users | groups/user | node ms (its log) | ${phaseNames.join(' | ')} |`,
				`| --- | --- | --- | ${phaseNames.map(() => '---').join(' | ')} |`,
				...phaseRows.map(
					(row) =>
						`| ${row.users} | ${row.groups} | ${row.ms} | ${phaseNames.map((name) => row.phases.get(name)?.toFixed(1) ?? '').join(' | ')} |`,
				),
			]
		: [];
	for (const line of phaseTable) console.log(line);
	// The run's tables go to a file of their own: bench/results.md keeps the runs worth keeping,
	// with what they were measured for, and is written by hand from these.
	const resultsFile = path.resolve(
		args.includes('--out') ? args[args.indexOf('--out') + 1] : '.tmp/bench-n8n.md',
	);
	mkdirSync(path.dirname(resultsFile), { recursive: true });
	writeFileSync(
		resultsFile,
		[
			"# Benchmark: ActivTrak HRDC node vs n8n's generic nodes",
			'',
			`Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` on ${machine}; n8n ${install.version} on Node.js ${nodeVersion}.`,
			"Node ms is the node's executionTime in n8n's run data; the generic chain is the sum of its nodes' executionTime, on the same",
			"items in the same run. Memory added is how far the n8n process's resident memory (VmRSS, sampled every 5 ms from outside",
			"the process) rose above its level at the node's start while the node (or the chain) ran; the process peak is its VmHWM over",
			'the whole run, which also holds the items and the run printed as JSON. Every upload goes to a loopback server.',
			REPEAT > 1
				? `Each case ran ${REPEAT} times, the cases in turn; times are the best run with the median in brackets, the ratio is best against best (each round's own ratio listed), memory the median (the Set chain ran once).`
				: 'Each figure is from one run.',
			"At 500,000 users n8n cannot print the run (its JSON is longer than a string may be), so the node's time is the one it logs.",
			'',
			header,
			rule,
			...rows,
			...phaseTable,
			'',
		].join('\n'),
	);
	n8n.dispose();
	rmSync(packDir, { recursive: true, force: true });
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
