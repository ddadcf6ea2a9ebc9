/**
 * The node as an AI agent's tool (usableAsTool): n8n-core builds the tool from the node and its
 * $fromAI() parameters. The tool must describe the node so an agent can act on it, expose the
 * arguments the workflow asks the model for, and hand them over when invoked.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { createNodeAsTool } from 'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool';

import { builtNode, NODE_TYPE } from '../support/engine';

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
		expect(option.action).toMatch(/^(Upload|Preview) snapshot of users and groups$/);
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
