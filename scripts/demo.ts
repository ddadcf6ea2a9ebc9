/**
 * `npm run demo`: a builder's first week with the node, told step by step. The example
 * workflow's HR export and mapping, run by n8n's real engine with the built node against a local
 * HRDC emulator: a preview, a check against ActivTrak (SCIM, read only) that finds a new hire it
 * does not know, the first upload, an export filtered by mistake that is held and
 * rejected, two leavers that are held, approved and sent, and Verify Last Upload reading back
 * what ActivTrak did (and what it did not). Each step prints what a person reads (the node's
 * summaryText, a short table), not the raw output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

process.env.N8N_LOG_LEVEL ??= 'silent';

import { HrdcEmulator, type AccountState } from '../test/emulator/HrdcEmulator';
import { SAMPLE_ACCOUNT } from '../test/emulator/sampleAccount';
import { NODE_TYPE, hrdcWorkflow, runWorkflow } from '../test/support/engine';

const EXAMPLE = path.resolve(__dirname, '../examples/hr-to-activtrak.workflow.json');
const NODE = 'ActivTrak HRDC';

const step = (n: number, title: string) => console.log(`\n━━ ${n}. ${title} ━━`);
const indent = (text: string) => text.replace(/^/gm, '   ');

/** `={{ $json.workEmail }}` as a person says it: the field workEmail. */
const fieldOf = (expression: unknown) =>
	String(expression).replace(/^=\{\{\s*\$json\.(.+?)\s*\}\}$/, '$1');

function printAccount(state: AccountState) {
	const users = state.users.map((user) => {
		const flags = [user.tracked ? '' : 'Do Not Track', user.deleted ? 'deleted' : '']
			.filter(Boolean)
			.join(', ');
		return `${user.email.padEnd(26)} ${user.displayName.padEnd(16)} ${flags}`;
	});
	const groups = state.groups.map(
		(group) =>
			`${`${group.name}${group.source === 'hrdc' ? '' : ' (made in the app)'}`.padEnd(32)} ${group.members.length} ${group.members.length === 1 ? 'member' : 'members'}`,
	);
	console.log(indent(['Users:', ...users, 'Groups:', ...groups].join('\n')));
}

async function main() {
	const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as {
		nodes: Array<{ type: string; typeVersion: number; parameters: IDataObject }>;
	};
	const hrdcNode = example.nodes.find((node) => node.type === NODE_TYPE);
	const hrExport = example.nodes.find((node) => node.type === 'n8n-nodes-base.set');
	if (!hrdcNode || !hrExport)
		throw new Error(`${EXAMPLE} lacks the HR export or the ActivTrak HRDC node`);
	const employees = (
		JSON.parse(String(hrExport.parameters.jsonOutput)) as { employees: IDataObject[] }
	).employees;

	const apiKey = 'demo-key';
	const scimKey = 'demo-scim-key';
	const emulator = new HrdcEmulator({ apiKey, scimKey, seed: SAMPLE_ACCOUNT });
	const url = await emulator.start();
	// Scheduled runs: n8n keeps the node's baseline between them, as for an active workflow.
	const credentials = {
		activTrakHrdcApi: { region: 'custom', baseUrl: url, apiKey, scimApiKey: scimKey },
	};
	const staticData: IDataObject = {};
	const run = async (items: unknown[], parameters: IDataObject, files?: Buffer[]) =>
		await runWorkflow(
			hrdcWorkflow(
				items,
				{ ...hrdcNode.parameters, ...parameters },
				{ files, typeVersion: hrdcNode.typeVersion },
			),
			{
				credentials,
				mode: 'trigger',
				staticData,
			},
		);
	const summaryOf = (item: INodeExecutionData) => indent(String(item.json.summaryText));

	try {
		step(1, `The HR export: ${employees.length} employees, mapped to the HRDC columns`);
		const mapping = (hrdcNode.parameters.columns as IDataObject).value as IDataObject;
		for (const [column, expression] of Object.entries(mapping))
			console.log(`   ${column.padEnd(15)} <- the field ${fieldOf(expression)}`);
		console.log('   ActivTrak (a local emulator) before:');
		printAccount(emulator.state());

		step(2, 'Preview Snapshot: what an upload would change, nothing sent');
		const preview = await run(employees, { operation: 'preview' });
		const previewed = preview.output(NODE)[0];
		console.log(summaryOf(previewed));
		console.log(
			indent(
				`Ready to upload: ${previewed.json.readyToUpload ? 'yes' : 'no'}; requests sent to ActivTrak: ${emulator.requests.length}`,
			),
		);

		step(3, 'Check Against ActivTrak: a new hire whose computer has no agent yet');
		// ActivTrak is read through its SCIM API (GET only): HRDC itself would say nothing.
		const newHire = { ...employees[0], workEmail: 'gus.new@example.com', preferredName: 'Gus New' };
		const checked = await run([...employees, newHire], {
			operation: 'preview',
			options: { liveCheck: true },
		});
		if (checked.error) throw new Error(checked.error.message);
		const live = checked.output(NODE)[0];
		console.log(summaryOf(live));
		console.log(
			indent(
				`Not found in ActivTrak: ${JSON.stringify((live.json.liveCheck as IDataObject).notFound)}; SCIM writes sent: ${emulator.scimWrites.length}`,
			),
		);

		step(4, "Upload Snapshot: the first upload ('First Upload' on for this one run)");
		// No earlier upload is recorded, so the node sends only when told this is the first one;
		// the preview above was the earlier production run that First Upload with Static Data needs.
		const first = await run(employees, { baseline: { firstUpload: true } });
		if (first.error) throw new Error(first.error.message);
		console.log(summaryOf(first.output(NODE)[0]));
		console.log('   ActivTrak after:');
		printAccount(emulator.state());
		console.log(
			indent('"Old Org Chart" was an HRDC group missing from the snapshot, so HRDC deleted it.'),
		);

		const hold = { onSafetyLimit: 'hold' };
		step(5, 'Next night: the export comes back filtered to Sales only, by mistake');
		const filtered = await run(
			employees.filter((e) => (e.teams as string[]).includes('Sales')),
			hold,
		);
		const [heldFiltered] = filtered.output(NODE, 1);
		console.log(summaryOf(heldFiltered));
		console.log(
			indent(
				`A person reads this in Slack and rejects it: nothing is sent (uploads so far: ${emulator.uploads.length}).`,
			),
		);

		step(6, 'The night after: two people left and go on Do Not Track');
		const leavers = new Set(['dev.patel@example.com', 'emma.schmidt@example.com']);
		const withLeavers = employees.map((e) => ({
			...e,
			...(leavers.has(String(e.workEmail)) ? { track: false } : {}),
		}));
		const trackMapping = { ...mapping, track: '={{ $json.track }}' };
		const columns = { ...(hrdcNode.parameters.columns as IDataObject), value: trackMapping };
		const held = await run(withLeavers, { ...hold, columns });
		const [heldLeavers] = held.output(NODE, 1);
		console.log(summaryOf(heldLeavers));

		step(7, 'A person approves: Upload Approved Snapshot sends exactly the held CSV');
		const approved = await run(
			[],
			{ operation: 'uploadApproved', approvalToken: heldLeavers.json.approvalToken },
			[Buffer.from(heldLeavers.binary!.data.data, 'base64')],
		);
		if (approved.error) throw new Error(approved.error.message);
		console.log(summaryOf(approved.output(NODE)[0]));
		console.log('   ActivTrak after:');
		printAccount(emulator.state());
		const again = await run(
			[],
			{ operation: 'uploadApproved', approvalToken: heldLeavers.json.approvalToken },
			[Buffer.from(heldLeavers.binary!.data.data, 'base64')],
		);
		console.log(indent(`The same approval a second time: ${again.error?.message ?? 'sent (!)'}`));

		step(8, 'Verify Last Upload (after a Wait in the templates): did ActivTrak do it?');
		// HRDC's answer only counts lines; SCIM (GET only) shows what the account holds now.
		const verified = await run([{}], { operation: 'verifyUpload' });
		if (verified.error) throw new Error(verified.error.message);
		console.log(summaryOf(verified.output(NODE)[0]));
		// As if ActivTrak had not applied one row: Verify names it.
		const [group] = emulator.state().groups.filter((g) => g.source === 'hrdc');
		emulator.dropMembership(group.name, group.members[0]);
		const differs = (await run([{}], { operation: 'verifyUpload' })).output(NODE)[0];
		console.log(summaryOf(differs));
		console.log(indent(JSON.stringify(differs.json.differences)));
		console.log(indent(`SCIM writes sent in the whole demo: ${emulator.scimWrites.length}`));
	} finally {
		await emulator.stop();
	}
}

main().catch((error: Error) => {
	console.error(error);
	process.exitCode = 1;
});
