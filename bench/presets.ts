/**
 * `npm run bench -- presets`: what reading items with a source preset costs against the auto-map
 * path (items already named like the columns), in-process, same run, same people, each through
 * the node's own reading as the node calls it (readPresetItems; readItems with Map
 * Automatically), its settings given by a stand-in of n8n's context, then what the node does
 * alike (hashes and change report, CSV): 100,000 Microsoft Entra ID users (Output: Raw) with the
 * Entra preset, and the same users as HRDC-named items; and as many people in each HTTP Request
 * preset's vendor shape (Workday, HiBob, Rippling, Personio, ADP, the e2e stand-ins' records)
 * against the same people as HRDC-named items. Prints the median and best of several runs of
 * each, and their ratios; and the preset's reading alone (readWithPreset handing each person to
 * nothing), the share of the preset path that the auto-map path has no part like: the floor of
 * its ratio. And auto-map timed a second time in the same rounds: the same work, so its ratio to
 * the first is this run's noise, what "within noise" is measured against. PRESETS=entraId,hibob
 * picks some.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readItems } from '../nodes/ActivTrakHrdc/pipeline/readInput';
import { readPresetItems, todayIn } from '../nodes/ActivTrakHrdc/pipeline/readPreset';
import { presetNamed, readWithPreset } from '../nodes/ActivTrakHrdc/presets';
import {
	hashUsers,
	reportChanges,
	writeSnapshotCsv,
	type Snapshot,
} from '../nodes/ActivTrakHrdc/snapshot';

import { VENDOR_RECORDS, keptRows, personNumber } from '../test/e2e/hrApiStandIns';
import { median } from './stats';

/** What the node does after reading, the same for both paths: hashes, change report, CSV. */
function rest(snapshot: Snapshot) {
	const hashes = hashUsers(snapshot, null);
	reportChanges(snapshot, null, hashes);
	return writeSnapshotCsv(snapshot).csv.length;
}

const USERS = Number(process.env.USERS ?? 100_000);
/**
 * FRESH=1: both paths read input made anew for every run (parsed from JSON, untimed, as HTTP
 * Request parses an answer and as a worker in queue mode gets its items), not the same objects
 * every round: strings seen before have their hash and flat form already, which favours the
 * input's own strings over what a preset has to make.
 */
const FRESH = process.env.FRESH === '1';
/**
 * With FRESH, the heap is collected before each run (node --expose-gc, as npm run bench runs
 * this): the input a run replaced is garbage, and would otherwise fall on whichever run comes
 * next, the largest vendor answer on the most.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (FRESH && !collect) throw new Error('FRESH=1 needs node --expose-gc (npm run bench -- presets)');
const REPEAT = Number(process.env.REPEAT ?? 15);

const entra = Array.from({ length: USERS }, (_, i) => ({
	id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
	accountEnabled: i % 50 !== 0,
	department: `Dept ${i % 500}`,
	displayName: `User ${i}, Dept ${i % 50}`,
	employeeId: `E${100000 + i}`,
	mail: `user${i}@example.com`,
	userPrincipalName: `user${i}@example.onmicrosoft.com`,
	userType: 'Member',
	companyName: null,
	jobTitle: 'Engineer',
}));
// The same people as the auto-map path gets them (the leavers left out, as the preset does).
const named = entra
	.filter((user) => user.accountEnabled)
	.map((user) => ({
		user_lookup_id: user.userPrincipalName,
		employee_id: user.employeeId,
		email_address: user.mail,
		display_name: user.displayName,
		group: user.department,
	}));

/** The node's settings as n8n's context gives them: only what reading asks for. */
function contextWith(settings: Record<string, unknown>): IExecuteFunctions {
	const context = {
		getNodeParameter: (name: string, _item: number, fallback?: unknown) =>
			Object.prototype.hasOwnProperty.call(settings, name) ? settings[name] : fallback,
		getNode: () => ({ name: 'ActivTrak HRDC' }),
		getTimezone: () => 'UTC',
	};
	return context as unknown as IExecuteFunctions;
}

const asItems = (records: readonly unknown[]): INodeExecutionData[] =>
	records.map((json) => ({ json: json as INodeExecutionData['json'] }));

async function time(work: () => Promise<unknown>): Promise<number> {
	const start = process.hrtime.bigint();
	await work();
	return Number(process.hrtime.bigint() - start) / 1e6;
}

const autoMapping = contextWith({ 'columns.mappingMode': 'autoMapInputData' });

interface Case {
	preset: string;
	label: string;
	items: INodeExecutionData[];
	/** The same people the preset keeps, named like the columns: the auto-map path. */
	named: INodeExecutionData[];
	groupFrom: string;
}

const people = Array.from({ length: USERS }, (_, i) => personNumber(i));
const namedPeople = asItems(keptRows(people));
const GROUP_FROM: Record<keyof typeof VENDOR_RECORDS, string> = {
	workdayRaas: 'Department',
	hibob: 'work.department',
	rippling: 'department',
	personio: 'department',
	adp: 'department',
};
const CASES: Case[] = [
	{
		preset: 'entraId',
		label: 'Entra preset',
		items: asItems(entra),
		named: asItems(named),
		groupFrom: 'department',
	},
	...(Object.keys(VENDOR_RECORDS) as Array<keyof typeof VENDOR_RECORDS>).map((preset) => {
		const { record, answer } = VENDOR_RECORDS[preset];
		return {
			preset,
			label: `${preset} preset (HTTP Request's answer)`,
			items: asItems(answer(people.map((p) => record(p)))),
			named: namedPeople,
			groupFrom: GROUP_FROM[preset],
		};
	}),
].filter((c) => !process.env.PRESETS || process.env.PRESETS.split(',').includes(c.preset));

async function main() {
	console.log(
		`Node.js ${process.version}; ${USERS} users, ${REPEAT} runs of each in turn${FRESH ? ', input parsed anew for every run (FRESH=1)' : ''}`,
	);
	console.log('| path | median ms | / auto-map | best ms | / auto-map |');
	console.log('| --- | --- | --- | --- | --- |');
	for (const { preset: value, label, items, named: sameNamed, groupFrom } of CASES) {
		const preset = presetNamed(value)!;
		// Leavers left out, future hires too (the defaults): the people auto-map is given.
		const presetSettings = contextWith({ groupFrom, leavers: 'leaveOut' });
		const autoMap: number[] = [];
		const autoMapAgain: number[] = [];
		const withPreset: number[] = [];
		const readingAlone: number[] = [];
		const records = items.map((item) => item.json);
		const itemsJson = FRESH ? JSON.stringify(items) : '';
		const namedJson = FRESH ? JSON.stringify(sameNamed) : '';
		/** A run's input: the same objects, or with FRESH parsed anew, the heap collected after. */
		const input = (same: INodeExecutionData[], json: string): INodeExecutionData[] => {
			if (!FRESH) return same;
			const parsed = JSON.parse(json) as INodeExecutionData[];
			collect!();
			return parsed;
		};
		// As readPresetItems reads them from presetSettings.
		const reading = {
			groupFrom,
			groupPrefix: '',
			leavers: 'leaveOut' as const,
			suspendedAreLeavers: false,
			uniqueDisplayNames: false,
			leaveOutFutureHires: preset.startField !== undefined,
			today: todayIn('UTC'),
		};
		// Two rounds first, not counted: both paths compiled by the JIT before they are timed.
		for (let round = -2; round < REPEAT; round++) {
			// In turn, so drift on a shared machine falls on both alike.
			const timeAuto = () => {
				const given = input(sameNamed, namedJson);
				return time(async () => rest((await readItems(autoMapping, given, {})).snapshot));
			};
			const timePreset = () => {
				const given = input(items, itemsJson);
				return time(async () => {
					const { snapshot } = await readPresetItems(presetSettings, preset, given, {});
					if (snapshot.summary.users !== sameNamed.length)
						throw new Error(`${value}: ${snapshot.summary.users} people kept`);
					return rest(snapshot);
				});
			};
			// Which goes first turns over three orders: each of the three is first, second and third
			// as often, so none pays for another's garbage more than the others do.
			const runs = [timeAuto, timePreset, timeAuto];
			const taken: number[] = [];
			for (let k = 0; k < 3; k++) {
				const which = (k + round + 3) % 3;
				taken[which] = await runs[which]();
			}
			const [a, p, again] = taken;
			// The reading alone last: it adds no garbage that either path above pays for.
			const r = await time(() => readWithPreset(preset, records, reading, () => {}));
			if (round >= 0) {
				autoMap.push(a);
				autoMapAgain.push(again);
				withPreset.push(p);
				readingAlone.push(r);
			}
		}
		const autoMs = median(autoMap);
		const presetMs = median(withPreset);
		// The best run too: on a shared machine the median moves with the neighbours' load, while
		// the fastest run of CPU-bound work is the one least disturbed.
		const autoBest = Math.min(...autoMap);
		const presetBest = Math.min(...withPreset);
		console.log(
			`| auto-map, the same people, read + build to CSV | ${autoMs.toFixed(0)} | 1.00 | ${autoBest.toFixed(0)} | 1.00 |`,
		);
		console.log(
			`| ${label}, read + build to CSV | ${presetMs.toFixed(0)} | ${(presetMs / autoMs).toFixed(2)} | ${presetBest.toFixed(0)} | ${(presetBest / autoBest).toFixed(2)} |`,
		);
		const againMs = median(autoMapAgain);
		const againBest = Math.min(...autoMapAgain);
		console.log(
			`| auto-map again, the same work (this run's noise) | ${againMs.toFixed(0)} | ${(againMs / autoMs).toFixed(2)} | ${againBest.toFixed(0)} | ${(againBest / autoBest).toFixed(2)} |`,
		);
		const readingMs = median(readingAlone);
		const readingBest = Math.min(...readingAlone);
		console.log(
			`| ${value}'s reading alone (no snapshot) | ${readingMs.toFixed(0)} | ${(readingMs / autoMs).toFixed(2)} | ${readingBest.toFixed(0)} | ${(readingBest / autoBest).toFixed(2)} |`,
		);
	}
}

void main();
