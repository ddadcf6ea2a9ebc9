/**
 * `npm run bench -- snapshot`: the pure snapshot code in-process (build and check, change report and
 * fingerprint, CSV), against csv-stringify alone writing the same rows, already made, which was
 * the floor when the node wrote its CSV with csv-stringify. The node's own writer now writes the
 * same bytes (the tests hold it to csv-stringify) in a fraction of that. Prints median times of
 * several runs and their ratios, measured in the same run.
 */
import { spawnSync } from 'node:child_process';

import { stringify } from 'csv-stringify/sync';

import {
	HRDC_COLUMN_IDS,
	SnapshotBuilder,
	fingerprintSnapshot,
	hashUsers,
	reportChanges,
} from '../nodes/ActivTrakHrdc/snapshot';
import { snapshotRows, snapshotToCsv } from '../test/support/snapshots';

const SIZES = (process.env.SIZES ?? '1000,10000,100000').split(',').map(Number);
const REPEAT = Number(process.env.REPEAT ?? 5);

export function generateUsers(count: number, groupsPerUser: number) {
	return Array.from({ length: count }, (_, i) => ({
		user_lookup_id: `user${i}@example.com`,
		employee_id: `E${100000 + i}`,
		email_address: `user${i}@example.com`,
		display_name: `User ${i}, Dept ${i % 50}`,
		group: Array.from({ length: groupsPerUser }, (_, g) => `Group ${(i + g * 7) % 500}`),
	}));
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function time<T>(work: () => T): { ms: number; result: T } {
	const start = process.hrtime.bigint();
	const result = work();
	return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function main() {
	console.log(`Node.js ${process.version}; median of ${REPEAT} runs`);
	console.log(
		'| users | groups/user | rows | CSV MiB | build+check ms | change report+fingerprint ms | CSV ms | total ms | csv-stringify alone ms | total / csv-stringify |',
	);
	console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const size of SIZES) {
		for (const groupsPerUser of [1, 2]) {
			const items = generateUsers(size, groupsPerUser);
			const builds: number[] = [];
			const reports: number[] = [];
			const csvs: number[] = [];
			const floors: number[] = [];
			let rows = 0;
			let bytes = 0;
			for (let r = 0; r < REPEAT; r++) {
				const built = time(() => {
					const builder = new SnapshotBuilder({ expectedRecords: items.length });
					for (let i = 0; i < items.length; i++) builder.add(i, items[i]);
					return builder.build();
				});
				const snapshot = built.result;
				const report = time(() => {
					const hashes = hashUsers(snapshot, null);
					const changes = reportChanges(snapshot, null, hashes);
					return { changes, fingerprint: fingerprintSnapshot(snapshot, hashes, new Date()) };
				});
				const csv = time(() => snapshotToCsv(snapshot));
				// The floor: csv-stringify alone on the same rows, already made.
				const rowArrays = [...snapshotRows(snapshot)];
				const floor = time(() =>
					stringify(rowArrays, {
						header: true,
						columns: HRDC_COLUMN_IDS as string[],
						record_delimiter: '\r\n',
					}),
				);
				builds.push(built.ms);
				reports.push(report.ms);
				csvs.push(csv.ms);
				floors.push(floor.ms);
				rows = snapshot.summary.rows;
				bytes = csv.result.length;
			}
			const total = median(builds) + median(reports) + median(csvs);
			console.log(
				`| ${size} | ${groupsPerUser} | ${rows} | ${(bytes / 1_048_576).toFixed(1)} | ${median(builds).toFixed(0)} | ${median(reports).toFixed(0)} | ${median(csvs).toFixed(0)} | ${total.toFixed(0)} | ${median(floors).toFixed(0)} | ${(total / median(floors)).toFixed(2)} |`,
			);
		}
	}
}

/**
 * `npm run bench -- snapshot --inlining`: runs the bench again under V8's --trace-turbo-inlining
 * and lists, for each of the group encoding's small functions (snapshot/groups.ts), the
 * optimised functions V8 inlined it into: the hot loops should be among them.
 */
function reportInlining() {
	const trace = spawnSync(process.execPath, ['--trace-turbo-inlining', __filename], {
		env: { ...process.env, SIZES: process.env.SIZES ?? '100000', REPEAT: '2' },
		encoding: 'utf8',
		maxBuffer: 1024 * 1024 * 1024,
	});
	const inlinedInto = new Map<string, Set<string>>();
	const line = /^Inlining .*<SharedFunctionInfo (\w+)>\} into .*<SharedFunctionInfo (\w*)>\}/;
	for (const text of trace.stdout.split('\n')) {
		const match = line.exec(text);
		if (!match || !GROUP_FUNCTIONS.includes(match[1])) continue;
		const into = inlinedInto.get(match[1]) ?? new Set<string>();
		into.add(match[2] || '(anonymous)');
		inlinedInto.set(match[1], into);
	}
	for (const name of GROUP_FUNCTIONS) {
		const into = [...(inlinedInto.get(name) ?? [])].sort();
		console.log(
			`${name}: ${into.length ? `inlined into ${into.join(', ')}` : 'not inlined (not hot in this bench)'}`,
		);
	}
}

const GROUP_FUNCTIONS = ['groupCount', 'groupAt', 'rowCount', 'rowGroup', 'hasGroup', 'withGroup'];

if (require.main === module) {
	if (process.argv.includes('--inlining')) reportInlining();
	else main();
}
