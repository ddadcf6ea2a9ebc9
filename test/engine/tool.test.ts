/**
 * The node as an AI agent's tool (usableAsTool): n8n-core builds the tool from the node and its
 * $fromAI() parameters. The tool must describe the node so an agent can act on it, expose the
 * arguments the workflow asks the model for, and hand them over when invoked.
 */
import type { IDataObject, INode, IWorkflowBase } from 'n8n-workflow';
import { createNodeAsTool } from 'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool';

import { useEmulator } from '../support/emulatorSetup';
import {
	builtNode,
	hrdcWorkflow,
	keptStore,
	NODE_TYPE,
	runWorkflow,
	TOOL_NODE_TYPE,
} from '../support/engine';
import { TEST_AGENT_NODE_TYPE, TEST_ITEMS_NODE_TYPE } from '../support/testNodes';
import { refusedFor, STOPPED_BY_LIMIT } from '../support/messages';

const nodeType = builtNode();

test('the node is usable as a tool, with descriptions an agent can act on', () => {
	expect(nodeType.description.usableAsTool).toBe(true);
	const operations = nodeType.description.properties.find((p) => p.name === 'operation')!;
	for (const option of operations.options as Array<{
		value: string;
		description: string;
		action: string;
	}>) {
		expect(option.description.length).toBeGreaterThan(40);
		// Sentence case, as n8n's guidelines want an action.
		expect(option.action).toMatch(/^[A-Z][a-z]+( [a-z]+)+$/);
	}
	for (const property of nodeType.description.properties) {
		if (property.type === 'notice') continue;
		expect({
			name: property.name,
			explained: Boolean(property.description || property.hint),
		}).toEqual({ name: property.name, explained: true });
	}
});

test('an agent fills $fromAI() arguments; the tool passes them to the node', async () => {
	const node: INode = {
		id: 'tool',
		name: 'Preview HR change',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			operation: 'preview',
			source: 'items',
			columns: {
				mappingMode: 'defineBelow',
				value: {
					user_lookup_id: "={{ $fromAI('email', 'Work e-mail of the employee', 'string') }}",
					group: "={{ $fromAI('team', 'The ActivTrak group the employee belongs to', 'string') }}",
				},
				matchingColumns: [],
				schema: [],
			},
		},
	};
	const received: IDataObject[] = [];
	const { response: tool } = createNodeAsTool({
		node,
		nodeType,
		handleToolInvocation: async (args) => {
			received.push(args);
			return [{ json: { readyToUpload: true } }];
		},
	});
	expect(tool.name).toBe('Preview_HR_change');
	expect(tool.description).toContain('ActivTrak');
	const shape = (tool.schema as unknown as { shape: Record<string, { description?: string }> })
		.shape;
	expect(Object.keys(shape).sort()).toEqual(['email', 'team']);
	expect(shape.email.description).toBe('Work e-mail of the employee');
	await tool.invoke({ email: 'ana@example.com', team: 'Sales' });
	expect(received).toEqual([{ email: 'ana@example.com', team: 'Sales' }]);
});

describe("as an AI agent calls it, through n8n-core's tool wrapper", () => {
	const { emulator, credentials } = useEmulator('tool-key', {
		users: Array.from({ length: 20 }, (_, i) => ({ email: `u${i}@x.com` })),
		groups: [{ name: 'Legacy', source: 'hrdc', members: ['u3@x.com'] }],
	});
	const TWENTY = Array.from({ length: 20 }, (_, i) => ({
		user_lookup_id: `u${i}@x.com`,
		group: i < 10 ? 'Sales' : 'Support',
	}));

	/** HR Items (one item per call: the model's arguments) -> Agent, with the HRDC tool attached. */
	function agentWorkflow(calls: IDataObject[], operation: string): IWorkflowBase {
		return {
			id: 'wf-hrdc',
			name: 'HR agent',
			active: false,
			nodes: [
				{
					id: 'source',
					name: 'HR Items',
					type: TEST_ITEMS_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { items: JSON.stringify(calls.map((args) => ({ args }))), files: '[]' },
				},
				{
					id: 'agent',
					name: 'Agent',
					type: TEST_AGENT_NODE_TYPE,
					typeVersion: 1,
					position: [300, 0],
					parameters: {},
				},
				{
					id: 'hrdc',
					name: 'Sync ActivTrak',
					type: TOOL_NODE_TYPE,
					typeVersion: 1,
					position: [300, 200],
					parameters: {
						operation,
						columns: {
							mappingMode: 'defineBelow',
							value: {
								user_lookup_id: "={{ $fromAI('email', 'Work e-mail of the employee', 'string') }}",
								group: "={{ $fromAI('team', 'The ActivTrak group of the employee', 'string') }}",
							},
							matchingColumns: [],
							schema: [],
						},
					},
					credentials: { activTrakHrdcApi: { id: '1', name: 'ActivTrak' } },
				},
			],
			connections: {
				'HR Items': { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
				'Sync ActivTrak': { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		} as unknown as IWorkflowBase;
	}
	const answers = (result: Awaited<ReturnType<typeof runWorkflow>>) =>
		result.output('Agent').map((item) => item.json);

	test('the tool tells the model that an upload replaces the whole snapshot', async () => {
		const result = await runWorkflow(
			agentWorkflow([{ email: 'u1@x.com', team: 'Sales' }], 'preview'),
			{
				credentials,
				mode: 'trigger',
			},
		);
		expect(result.error).toBeUndefined();
		expect(answers(result)[0].description).toMatch(/replaces the previous one in full/);
	});

	test('Preview works: one call is one user, reported without sending anything', async () => {
		const result = await runWorkflow(
			agentWorkflow([{ email: 'u1@x.com', team: 'Sales' }], 'preview'),
			{
				credentials,
				mode: 'trigger',
			},
		);
		const answer = JSON.parse(String(answers(result)[0].answer));
		expect(answer).toEqual([
			expect.objectContaining({
				operation: 'preview',
				summary: expect.objectContaining({ users: 1 }),
			}),
		]);
		expect(emulator.requests).toHaveLength(0);
	});

	test('Upload without a baseline is refused, and nothing is sent', async () => {
		const result = await runWorkflow(
			agentWorkflow([{ email: 'u1@x.com', team: 'Sales' }], 'upload'),
			{
				credentials,
				mode: 'trigger',
			},
		);
		expect(String(answers(result)[0].answer)).toMatch(refusedFor(/needs a baseline.*/));
		expect(emulator.requests).toHaveLength(0);
		expect(emulator.state().groups).toEqual([
			{ name: 'Legacy', source: 'hrdc', members: ['u3@x.com'] },
		]);
	});

	test("Upload Approved Snapshot is refused to an agent: approving is a person's decision", async () => {
		const agent = agentWorkflow(
			[{ email: 'u1@x.com', team: 'Sales', token: 'hrdc1.x.y' }],
			'uploadApproved',
		);
		agent.nodes[2].parameters.approvalToken =
			"={{ $fromAI('token', 'The approval token', 'string') }}";
		const result = await runWorkflow(agent, { credentials, mode: 'trigger' });
		expect(String(answers(result)[0].answer)).toMatch(
			refusedFor(/As an AI agent's tool, Upload Approved Snapshot is refused/),
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test('Upload with a baseline still goes through every limit: one user of twenty is stopped', async () => {
		const staticData = await keptStore();
		const full = await runWorkflow(
			hrdcWorkflow(TWENTY, { firstUpload: true, safety: { maxUsersShrinkPercent: 100 } }),
			{
				credentials,
				mode: 'trigger',
				staticData,
			},
		);
		expect(full.error).toBeUndefined();
		const agent = agentWorkflow([{ email: 'u1@x.com', team: 'Sales' }], 'upload');
		// Limits raised in the node's settings do not apply to an agent's call.
		agent.nodes[2].parameters.safety = {
			maxUsersShrinkPercent: 100,
			maxGroupsRemovedPercent: 100,
			maxGroupsShrinkPercent: 100,
			maxMembershipsRemovedPercent: 100,
		};
		const result = await runWorkflow(agent, { credentials, mode: 'trigger', staticData });
		expect(String(answers(result)[0].answer)).toContain(STOPPED_BY_LIMIT);
		expect(emulator.uploads).toHaveLength(1);
	});
});
