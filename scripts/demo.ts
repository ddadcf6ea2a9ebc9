/**
 * `npm run demo`: the example workflow's HR data and field mapping, run by n8n's real engine
 * with the built node, uploading to a local HRDC emulator. Prints the account before, the CSV
 * sent, ActivTrak's (the emulator's) answer and the account after.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';

process.env.N8N_LOG_LEVEL ??= 'silent';

import { HrdcEmulator, type AccountState } from '../test/emulator/HrdcEmulator';
import { SAMPLE_ACCOUNT } from '../test/emulator/sampleAccount';
import { NODE_TYPE, hrdcWorkflow, runWorkflow } from '../test/support/engine';

const EXAMPLE = path.resolve(__dirname, '../examples/hr-to-activtrak.workflow.json');

function printAccount(title: string, state: AccountState) {
	console.log(`\n== ${title} ==`);
	console.log('Users:');
	for (const user of state.users) {
		const flags = [user.tracked ? '' : 'DO NOT TRACK', user.deleted ? 'DELETED' : '']
			.filter(Boolean)
			.join(', ');
		console.log(
			`  ${user.email.padEnd(26)} ${user.displayName.padEnd(18)} ${(user.employeeId || '-').padEnd(7)} ${flags}`,
		);
	}
	console.log('Groups:');
	for (const group of state.groups) {
		console.log(
			`  ${`${group.name} (${group.source === 'hrdc' ? 'HRDC' : 'made in app'})`.padEnd(30)} ${group.members.join(', ')}`,
		);
	}
}

async function main() {
	const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as {
		nodes: Array<{ type: string; parameters: IDataObject }>;
	};
	const hrdcNode = example.nodes.find((node) => node.type === NODE_TYPE);
	const hrExport = example.nodes.find((node) => node.type === 'n8n-nodes-base.set');
	if (!hrdcNode || !hrExport)
		throw new Error(`${EXAMPLE} lacks the HR export or the ActivTrak HRDC node`);
	const employees = (
		JSON.parse(String(hrExport.parameters.jsonOutput)) as { employees: IDataObject[] }
	).employees;

	const apiKey = 'demo-key';
	const emulator = new HrdcEmulator({ apiKey, seed: SAMPLE_ACCOUNT });
	const url = await emulator.start();
	try {
		console.log(`HRDC emulator listening on ${url}`);
		console.log(
			`Workflow: ${path.relative(process.cwd(), EXAMPLE)}: ${employees.length} employees from the HR export,`,
		);
		console.log('mapped by the ActivTrak HRDC node as the example maps them:');
		const mapping = (hrdcNode.parameters.columns as IDataObject).value as IDataObject;
		for (const [column, expression] of Object.entries(mapping))
			console.log(`  ${column.padEnd(15)} <- ${String(expression)}`);
		printAccount('ActivTrak account before', emulator.state());

		// Runs as a scheduled execution would, so the node's change baseline is kept between runs.
		const credentials = { activTrakHrdcApi: { region: 'custom', baseUrl: url, apiKey } };
		const staticData: IDataObject = {};
		const runOnce = async (hrExport: IDataObject[]) =>
			await runWorkflow(hrdcWorkflow(hrExport, hrdcNode.parameters), {
				credentials,
				mode: 'trigger',
				staticData,
			});
		const result = await runOnce(employees);
		if (result.error) {
			console.error(
				`\nThe node failed: ${result.error.message}\n${result.error.description ?? ''}`,
			);
			process.exitCode = 1;
			return;
		}
		console.log(
			`\n== CSV sent (${emulator.uploads.length} upload to POST /hrdc/v2/bulk, part "File") ==`,
		);
		console.log(emulator.uploads[0]?.csv?.replace(/\r\n/g, '\n').trimEnd());
		console.log('\n== Node output ==');
		console.log(JSON.stringify(result.output('ActivTrak HRDC')[0].json, null, 2));
		printAccount('ActivTrak account after', emulator.state());
		console.log(
			'\n"Old Org Chart" was an HRDC group missing from this snapshot, so HRDC deleted it; "Made In App" is untouched.',
		);

		console.log('\n== Next day: the HR export comes back filtered to Sales only ==');
		const filtered = await runOnce(
			employees.filter((e) => (e.teams as string[]).includes('Sales')),
		);
		console.log(
			filtered.error
				? `Stopped: ${filtered.error.message}\n${filtered.error.description}`
				: 'uploaded (unexpected)',
		);
		console.log(`Uploads received by ActivTrak so far: ${emulator.uploads.length}`);

		console.log('\n== A day later: Bo Chen moves from Engineering to Sales ==');
		const moved = employees.map((e) =>
			e.workEmail === 'bo.chen@example.com' ? { ...e, teams: ['Sales'] } : e,
		);
		const third = await runOnce(moved);
		if (third.error) throw new Error(third.error.message);
		const changes = third.output('ActivTrak HRDC')[0].json.changes as IDataObject;
		console.log(
			`Change report: ${JSON.stringify(changes.groupMemberChanges)}; memberships ${JSON.stringify(changes.memberships)}`,
		);
	} finally {
		await emulator.stop();
	}
}

main().catch((error: Error) => {
	console.error(error);
	process.exitCode = 1;
});
