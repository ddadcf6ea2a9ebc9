/**
 * `npm run bench -- live-check`: what 'Check Against ActivTrak' costs. In the real engine on
 * loopback, a Preview of USERS people against an emulated account of as many ActivTrak users,
 * with the check and without, in turn (the node's own time, n8n's executionTime); and in-process,
 * the pure check against the snapshot beside the change report it runs next to. Medians of
 * ROUNDS, with the ratios measured in this run.
 */
process.env.N8N_LOG_LEVEL ??= 'silent';

import { HrdcEmulator } from '../test/emulator/HrdcEmulator';
import { hrdcWorkflow, runWorkflow } from '../test/support/engine';
import { buildSnapshot } from '../test/support/snapshots';
import {
	checkAgainstAccount,
	readAccount,
	fingerprintSnapshot,
	hashUsers,
	reportChanges,
} from '../nodes/ActivTrakHrdc/snapshot';

import { median } from './stats';

const USERS = Number(process.env.USERS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);

async function main() {
	const emails = Array.from({ length: USERS }, (_, i) => `user${i}@example.com`);
	const emulator = new HrdcEmulator({
		apiKey: 'bench',
		scimKey: 'bench-scim',
		seed: { users: emails.map((email) => ({ email })) },
	});
	const url = await emulator.start();
	const credentials = {
		activTrakHrdcApi: { region: 'custom', baseUrl: url, apiKey: 'bench', scimApiKey: 'bench-scim' },
	};
	const items = emails.map((user_lookup_id, i) => ({ user_lookup_id, group: `Team ${i % 50}` }));
	const preview = async (liveCheck: boolean) => {
		const result = await runWorkflow(
			hrdcWorkflow(items, { operation: 'preview', options: { liveCheck } }),
			{ credentials, mode: 'trigger' },
		);
		if (result.error) throw new Error(result.error.message);
		return result.run.data.resultData.runData['ActivTrak HRDC'][0].executionTime;
	};
	const without: number[] = [];
	const withCheck: number[] = [];
	for (let round = -1; round < ROUNDS; round++) {
		// In turn, which goes first alternating; the first round warms both up and is not counted.
		let plain: number;
		let checked: number;
		if (round % 2 === 0) {
			plain = await preview(false);
			checked = await preview(true);
		} else {
			checked = await preview(true);
			plain = await preview(false);
		}
		if (round < 0) continue;
		without.push(plain);
		withCheck.push(checked);
	}
	await emulator.stop();

	// In-process: the check against ActivTrak's users beside the change report against a last
	// upload of the same people (a nightly run), same snapshot.
	const snapshot = buildSnapshot(items);
	const previous = fingerprintSnapshot(snapshot, hashUsers(snapshot, null), new Date(0));
	const scimUsers = emails.map((userName, i) => ({ id: String(i), userName }));
	const readMs: number[] = [];
	const checkMs: number[] = [];
	const reportMs: number[] = [];
	for (let round = 0; round < ROUNDS * 3; round++) {
		let started = performance.now();
		const account = readAccount(scimUsers, []);
		readMs.push(performance.now() - started);
		started = performance.now();
		checkAgainstAccount(snapshot, account);
		checkMs.push(performance.now() - started);
		started = performance.now();
		reportChanges(snapshot, previous, hashUsers(snapshot, previous));
		reportMs.push(performance.now() - started);
	}

	const [a, b] = [median(without), median(withCheck)];
	console.log(
		`Node.js ${process.version}; ${USERS} people and ${USERS} ActivTrak users, ${ROUNDS} rounds`,
	);
	console.log('| what | median ms | ratio |');
	console.log('| --- | --- | --- |');
	console.log(`| Preview, node time, without the check | ${a.toFixed(0)} | 1.00 |`);
	console.log(
		`| Preview, node time, with the check (SCIM over loopback) | ${b.toFixed(0)} | ${(b / a).toFixed(2)} |`,
	);
	console.log(`| the check's added time | ${(b - a).toFixed(0)} | |`);
	const [c, r, read] = [median(checkMs), median(reportMs), median(readMs)];
	console.log(`| change report against a last upload (in-process) | ${r.toFixed(1)} | 1.00 |`);
	console.log(
		`| reading the SCIM records into the account (in-process) | ${read.toFixed(1)} | ${(read / r).toFixed(2)} |`,
	);
	console.log(
		`| check against the account (in-process) | ${c.toFixed(1)} | ${(c / r).toFixed(2)} |`,
	);
}

void main();
