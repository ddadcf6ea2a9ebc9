/**
 * Load: 20 workflows execute the node at once in one engine (one process, one n8n-core), each
 * with its own snapshot, options and static data. Every upload must arrive whole, belong to
 * exactly one workflow, and no workflow's baseline may hold another's snapshot.
 * (Memory under repeated load is measured by `npm run bench -- load`.)
 */
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import { firstUploadOn, hrdcWorkflow, keptStore, runWorkflow } from '../support/engine';
import { parseStrictCsv } from '../support/strictCsv';
import { useEmulator } from '../support/emulatorSetup';
import { baselineIn, rowCells } from '../support/snapshots';

const WORKFLOWS = 20;
const USERS = 300;

function workflowFor(index: number): { workflow: IWorkflowBase; expectedRows: string[][] } {
	const delimiter = index % 2 === 0 ? ';' : '|';
	const items = Array.from({ length: USERS }, (_, u) => ({
		user_lookup_id: `w${index}-u${u}@x.com`,
		display_name: `W${index} User ${u}, "${u}"`,
		group: [`W${index}-A`, `W${index}-B`].join(delimiter),
	}));
	const workflow = hrdcWorkflow(items, {
		options: { groupDelimiter: delimiter, fileName: `w${index}.csv` },
	});
	workflow.id = `load-${index}`;
	const expectedRows = items.flatMap((item) =>
		[`W${index}-A`, `W${index}-B`].map((group) =>
			rowCells({ user_lookup_id: item.user_lookup_id, display_name: item.display_name, group }),
		),
	);
	return { workflow, expectedRows };
}

describe('load', () => {
	const { emulator, credentials } = useEmulator('load-key');

	test(`${WORKFLOWS} workflows at once: whole uploads, each its own, baselines kept apart`, async () => {
		const runs = Array.from({ length: WORKFLOWS }, (_, index) => workflowFor(index));
		// Each a new workflow on its first upload (one kept run before, First Upload on).
		const staticData: IDataObject[] = await Promise.all(runs.map(() => keptStore()));
		const results = await Promise.all(
			runs.map(({ workflow }, index) =>
				runWorkflow(firstUploadOn(workflow), {
					credentials,
					mode: 'trigger',
					staticData: staticData[index],
				}),
			),
		);
		for (const result of results) expect(result.error).toBeUndefined();

		expect(emulator.uploads).toHaveLength(WORKFLOWS);
		const owners = emulator.uploads.map((upload) => {
			const [header, ...rows] = parseStrictCsv(upload.csv!);
			expect(header[0]).toBe('user_lookup_id');
			const owner = runs.findIndex(
				({ expectedRows }) => JSON.stringify(expectedRows) === JSON.stringify(rows),
			);
			expect(owner).toBeGreaterThanOrEqual(0);
			expect(upload.fileName).toBe(`w${owner}.csv`);
			return owner;
		});
		expect(new Set(owners).size).toBe(WORKFLOWS);

		results.forEach((result, index) => {
			const json = result.output('ActivTrak HRDC')[0].json;
			expect(json.summary).toMatchObject({ users: USERS, rows: USERS * 2, groups: 2 });
			const fingerprint = baselineIn(result.staticData) as {
				groups: Record<string, number[]>;
				users: string;
			};
			expect(Object.keys(fingerprint.groups).sort()).toEqual([`W${index}-A`, `W${index}-B`]);
			// 8 base64url characters (48 bits) per user.
			expect(fingerprint.users).toHaveLength(USERS * 8);
		});
	});
});
