/**
 * The ready-made workflows: each preset's template sets its source node the way the preset
 * needs (the output setting, Return All), holds for approval, and posts the summary; the
 * generic ones map automatically. (test/e2e imports every one into a real n8n.)
 */
import { readFileSync } from 'node:fs';

import { PRESETS } from '../../nodes/ActivTrakHrdc/presets';
import { exampleFiles } from '../../scripts/docs';
import { presetFixture } from '../fixtures/presets';

type Node = { name: string; type: string; parameters: Record<string, unknown> };
const templates = exampleFiles()
	.filter((file) => /\/sync-[\w-]+\.workflow\.json$/.test(file))
	.map((file) => ({
		file,
		workflow: JSON.parse(readFileSync(file, 'utf8')) as {
			nodes: Node[];
			connections: Record<string, unknown>;
		},
	}));

test('every preset has a template, and three generic sources too', () => {
	const sources = templates.map(
		({ workflow }) => workflow.nodes.find((n) => n.name === 'ActivTrak HRDC')!.parameters.source,
	);
	for (const preset of PRESETS) expect(sources).toContain(preset.value);
	expect(sources.filter((source) => source === 'items')).toHaveLength(2);
	expect(sources).toContain('csvFile');
});

test.each(templates.map(({ file, workflow }) => [file.split('/').pop()!, workflow] as const))(
	'%s: a schedule, the source set right, Hold for Approval, both outputs posted',
	(_name, workflow) => {
		const hrdc = workflow.nodes.find((n) => n.name === 'ActivTrak HRDC')!;
		expect(hrdc.parameters.onSafetyLimit).toBe('hold');
		expect(workflow.nodes.some((n) => n.type === 'n8n-nodes-base.scheduleTrigger')).toBe(true);
		expect(workflow.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote')).toBe(true);
		const outputs = (workflow.connections['ActivTrak HRDC'] as { main: unknown[][] }).main;
		expect(outputs).toHaveLength(2);
		for (const output of outputs) expect(output).toHaveLength(1);
		const source = String(hrdc.parameters.source);
		// A preset's template sets its source node as the preset's fixture says it must.
		if (PRESETS.some(({ value }) => value === source)) {
			const [nodeType, parameters] = presetFixture(source).template;
			expect(workflow.nodes.find((n) => n.type === nodeType)?.parameters).toMatchObject(parameters);
		} else {
			expect(['items', 'csvFile']).toContain(source);
		}
	},
);

describe('the templates that guard the ledger', () => {
	const every = exampleFiles().map((file) => ({
		file,
		workflow: JSON.parse(readFileSync(file, 'utf8')) as {
			nodes: Array<Node & { webhookId?: string; onError?: string }>;
			connections: Record<string, { main: Array<Array<{ node: string }>> }>;
		},
	}));
	const named = (suffix: string) => every.find(({ file }) => file.endsWith(suffix))!.workflow;

	test('no form takes anonymous submissions or keeps a fixed webhookId (n8n import keeps it)', () => {
		const forms = every.flatMap(({ workflow }) =>
			workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.formTrigger'),
		);
		expect(forms.length).toBeGreaterThan(0);
		for (const form of forms) {
			expect(form.webhookId).toBeUndefined();
			expect(['n8nUserAuth', 'basicAuth']).toContain(form.parameters.authentication);
		}
		const setBaseline = named('set-baseline-from-last-upload.workflow.json');
		const note = setBaseline.nodes.find((node) => node.type === 'n8n-nodes-base.stickyNote');
		expect(String(note?.parameters.content)).toMatch(/Delete the form once the baseline is set/);
	});

	test('the queue-mode template writes the ledger with a compare-and-swap on its generation', () => {
		const queue = named('queue-mode-baseline-in-data-table.workflow.json');
		const node = (name: string) => queue.nodes.find((candidate) => candidate.name === name)!;
		const keep = node('Keep Baseline');
		expect(keep.parameters).toMatchObject({
			operation: 'update',
			matchType: 'allConditions',
			filters: {
				conditions: expect.arrayContaining([
					expect.objectContaining({
						keyName: 'generation',
						keyValue: '={{ $json.baselineGeneration.previous }}',
					}),
				]),
			},
			columns: { value: { generation: '={{ $json.baselineGeneration.new }}' } },
		});
		// No row changed: another run moved the ledger first, and the run fails saying so.
		expect(queue.connections['Keep Baseline'].main[0][0].node).toBe('Row Updated?');
		expect(queue.connections['Row Updated?'].main[1][0].node).toBe('Ledger Moved');
		// A lost answer: the error output keeps the record with the upload in doubt.
		expect(node('ActivTrak HRDC').onError).toBe('continueErrorOutput');
		expect(queue.connections['ActivTrak HRDC'].main[1][0].node).toBe('Upload In Doubt?');
		expect(node('Keep Upload In Doubt').parameters).toMatchObject({
			operation: 'update',
			columns: { value: { baseline: '={{ $json.details.newBaseline }}' } },
		});
	});
});

describe('the approval templates name who approved', () => {
	const workflowOf = (name: string) =>
		JSON.parse(readFileSync(exampleFiles().find((file) => file.endsWith(name))!, 'utf8')) as {
			nodes: Node[];
		};
	const nodeOf = (workflow: { nodes: Node[] }, name: string) =>
		workflow.nodes.find((node) => node.name === name)!;

	test("Slack's Send and Wait lets only the listed approvers approve, and the upload records who", () => {
		const slack = workflowOf('nightly-sync-with-slack-approval.workflow.json');
		const ask = nodeOf(slack, 'Ask HR ops to approve');
		expect(ask.parameters).toMatchObject({ operation: 'sendAndWait', captureResponder: true });
		expect((ask.parameters.approvers as string[]).length).toBeGreaterThan(0);
		expect(nodeOf(slack, 'Upload approved snapshot').parameters.approvedBy).toMatch(
			/\$\('Ask HR ops to approve'\)\.first\(\)\.json\.data\.responder/,
		);
	});

	test('the Slack template verifies the upload after a Wait, and a missing SCIM key fails nothing', () => {
		const slack = workflowOf('nightly-sync-with-slack-approval.workflow.json') as {
			nodes: Array<Node & { onError?: string }>;
			connections: Record<string, { main: Array<Array<{ node: string }>> }>;
		};
		const next = (name: string) => slack.connections[name].main[0][0].node;
		// HRDC applies on its own time: the verification waits, then reads, then posts.
		expect(next('Report the sync')).toBe('Let HRDC apply it');
		const wait = nodeOf(slack, 'Let HRDC apply it');
		expect(wait.type).toBe('n8n-nodes-base.wait');
		expect(wait.parameters).toMatchObject({ resume: 'timeInterval', unit: 'minutes' });
		expect(Number(wait.parameters.amount)).toBeGreaterThanOrEqual(10);
		expect(next('Let HRDC apply it')).toBe('Verify Last Upload');
		const verify = slack.nodes.find((node) => node.name === 'Verify Last Upload')!;
		expect(verify.parameters.operation).toBe('verifyUpload');
		expect(verify.onError).toBe('continueRegularOutput');
		expect(next('Verify Last Upload')).toBe('Report the verification');
	});

	test('the form asks for the approver, and the upload records the name', () => {
		const form = workflowOf('nightly-sync-with-form-approval.workflow.json');
		const fields = (
			nodeOf(form, 'Wait for the decision').parameters.formFields as {
				values: Array<{ fieldLabel: string; requiredField?: boolean }>;
			}
		).values;
		expect(fields).toContainEqual(
			expect.objectContaining({ fieldLabel: 'Your name', requiredField: true }),
		);
		expect(nodeOf(form, 'Upload approved snapshot').parameters.approvedBy).toBe(
			"={{ $('Wait for the decision').first().json['Your name'] }}",
		);
	});
});

describe('the templates never go quiet and can be run on demand', () => {
	type Workflow = {
		nodes: Array<Node & { alwaysOutputData?: boolean }>;
		connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	};
	const every = exampleFiles().map((file) => ({
		name: file.split('/').pop()!,
		workflow: JSON.parse(readFileSync(file, 'utf8')) as Workflow,
	}));
	const isTrigger = (node: Node) => /trigger$/i.test(node.type);
	const parentsOf = (workflow: Workflow, name: string) =>
		Object.entries(workflow.connections)
			.filter(([, { main }]) => main.some((output) => output.some((edge) => edge.node === name)))
			.map(([parent]) => workflow.nodes.find((node) => node.name === parent)!);
	const syncs = every.filter(({ workflow }) =>
		workflow.nodes.some(
			(node) => node.type.endsWith('.activTrakHrdc') && node.parameters.operation !== 'setBaseline',
		),
	);

	test.each(syncs.map(({ name, workflow }) => [name, workflow] as const))(
		'%s: every node from the trigger to ActivTrak HRDC has Always Output Data',
		(_name, workflow) => {
			const hrdc = workflow.nodes.find((node) => node.type.endsWith('.activTrakHrdc'))!;
			const feeding: Array<Node & { alwaysOutputData?: boolean }> = [];
			for (let todo = parentsOf(workflow, hrdc.name); todo.length > 0; ) {
				const node = todo.pop()!;
				if (isTrigger(node) || feeding.includes(node)) continue;
				feeding.push(node);
				todo.push(...parentsOf(workflow, node.name));
			}
			expect(feeding.length).toBeGreaterThan(0);
			for (const node of feeding)
				expect([node.name, node.alwaysOutputData]).toEqual([node.name, true]);
		},
	);

	test.each(
		every
			.filter(({ workflow }) =>
				workflow.nodes.some((n) => n.type === 'n8n-nodes-base.scheduleTrigger'),
			)
			.map(({ name, workflow }) => [name, workflow] as const),
	)("%s: a 'Run now' form for n8n users starts what the schedule starts", (_name, workflow) => {
		const schedule = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
		const runNow = workflow.nodes.find((n) => n.name === 'Run now')!;
		expect(runNow.type).toBe('n8n-nodes-base.formTrigger');
		expect(runNow.parameters).toMatchObject({
			authentication: 'n8nUserAuth',
			requireExecuteAccess: true,
		});
		expect(workflow.connections['Run now']).toEqual(workflow.connections[schedule.name]);
	});

	test("a sticky note offers the 'Leavers' option only where the Input has it", () => {
		const presets = new Set<unknown>(PRESETS.map((preset) => preset.value));
		let checked = 0;
		for (const { name, workflow } of syncs) {
			const inputs = workflow.nodes
				.filter((node) => node.type.endsWith('.activTrakHrdc'))
				.map((node) => node.parameters.source ?? 'items');
			const notes = workflow.nodes
				.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
				.map((node) => String(node.parameters.content))
				.join('\n');
			if (!inputs.some((input) => presets.has(input))) {
				checked++;
				expect([name, notes.includes("'Leavers'")]).toEqual([name, false]);
			}
		}
		expect(checked).toBeGreaterThanOrEqual(3);
	});

	test("the Set Baseline form answers with the node's summary", () => {
		const { workflow } = every.find(
			({ name }) => name === 'set-baseline-from-last-upload.workflow.json',
		)!;
		const hrdc = workflow.nodes.find((node) => node.type.endsWith('.activTrakHrdc'))!;
		const [[next]] = workflow.connections[hrdc.name].main;
		const answer = workflow.nodes.find((node) => node.name === next.node)!;
		expect(answer.type).toBe('n8n-nodes-base.form');
		expect(answer.parameters).toMatchObject({
			operation: 'completion',
			respondWith: 'text',
			completionMessage: '={{ $json.summaryText }}',
		});
	});
});
