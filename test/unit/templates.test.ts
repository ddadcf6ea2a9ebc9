/**
 * The ready-made workflows: each preset's template sets its source node the way the preset
 * needs (the output setting, Return All), holds for approval, and posts the summary; the
 * generic ones map automatically. (test/e2e imports every one into a real n8n.)
 */
import { readFileSync } from 'node:fs';

import { PRESETS } from '../../nodes/ActivTrakHrdc/presets';
import { exampleFiles } from '../../scripts/docs';

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

/** What each preset needs of its source node, read from n8n's node code (see presets/). */
const NEEDS: Record<string, [string, Record<string, unknown>]> = {
	entraId: [
		'n8n-nodes-base.microsoftEntra',
		{ operation: 'getAll', returnAll: true, output: 'raw' },
	],
	okta: ['n8n-nodes-base.okta', { operation: 'getAll', returnAll: true, simplify: false }],
	googleWorkspace: [
		'n8n-nodes-base.gSuiteAdmin',
		{ operation: 'getAll', returnAll: true, output: 'raw' },
	],
	bambooHr: [
		'n8n-nodes-base.bambooHr',
		{ resource: 'employee', operation: 'getAll', returnAll: true },
	],
	ldap: ['n8n-nodes-base.ldap', { operation: 'search', returnAll: true }],
};

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
		const need = NEEDS[String(hrdc.parameters.source)];
		if (need) {
			const source = workflow.nodes.find((n) => n.type === need[0]);
			expect(source?.parameters).toMatchObject(need[1]);
		}
	},
);
