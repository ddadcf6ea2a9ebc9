/**
 * A test-only source node for engine tests: it emits the items written in its `items` parameter,
 * the way an HR node (BambooHR, Google Sheets, ...) would emit employees. The node under test,
 * the engine, expression evaluation and HTTP are all real.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	ASK_N8N,
	classifyColumnSource,
	readField,
} from '../../nodes/ActivTrakHrdc/snapshot/fieldMapping';

export const TEST_ITEMS_NODE_TYPE = 'test.hrItems';

export class HrItemsSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HR Items (test)',
		name: 'hrItems',
		group: ['input'],
		version: 1,
		description: 'Emits the items of its parameter',
		defaults: { name: 'HR Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Items', name: 'items', type: 'json', default: '[]' },
			{
				displayName: 'Files (base64, one item each, as binary property "data")',
				name: 'files',
				type: 'json',
				default: '[]',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const parse = (name: string) => {
			const raw = this.getNodeParameter(name, 0, '[]') as unknown;
			return (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown[];
		};
		const items: INodeExecutionData[] = parse('items').map((json) => ({
			json: json as INodeExecutionData['json'],
		}));
		for (const [index, base64] of (parse('files') as string[]).entries()) {
			const data = await this.helpers.prepareBinaryData(
				Buffer.from(base64, 'base64'),
				`export-${index}.csv`,
				'text/csv',
			);
			items.push({ json: { file: index }, binary: { data } });
		}
		return [items];
	}
}

export const MAPPING_PROBE_NODE_TYPE = 'test.mappingProbe';

/**
 * For the fast-path test: for every item and mapped column, what n8n's own evaluation gives
 * and what the node's direct read gives (or that it would ask n8n). Same `columns` parameter
 * as the real node, so n8n evaluates it exactly as it would there.
 */
export class MappingProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mapping Probe (test)',
		name: 'mappingProbe',
		group: ['transform'],
		version: 1,
		description: 'Compares n8n expression evaluation with direct field reads',
		defaults: { name: 'Mapping Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	/** Takes the real node's properties, so `columns` is shown and resolved as it is there. */
	constructor(properties: INodeTypeDescription['properties']) {
		this.description.properties = properties;
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const mapping = this.getNodeParameter(
			'columns.value',
			0,
			{},
			{ rawExpressions: true },
		) as Record<string, unknown>;
		const show = (value: unknown) => (value === undefined ? '<undefined>' : value);
		return [
			items.map((item, itemIndex) => {
				const byN8n: Record<string, unknown> = {};
				const direct: Record<string, unknown> = {};
				for (const [column, raw] of Object.entries(mapping)) {
					try {
						byN8n[column] = show(this.getNodeParameter(`columns.value.${column}`, itemIndex));
					} catch (error) {
						byN8n[column] = `<error: ${(error as Error).message}>`;
					}
					const source = classifyColumnSource(raw);
					if (source.kind === 'field') {
						const value = readField(item.json, source.path);
						direct[column] = value === ASK_N8N ? '<ask n8n>' : show(value);
					}
				}
				return { json: { byN8n, direct } as unknown as INodeExecutionData['json'] };
			}),
		];
	}
}

export const TEST_AGENT_NODE_TYPE = 'test.agent';

/**
 * A test-only stand-in for an AI agent: for each input item it calls the connected tools, in
 * order, with the item's `args` (what a model would choose), through n8n-core's own tool wrapper
 * (getInputConnectionData -> createNodeAsTool -> the tool node's execute), and outputs what each
 * tool answered. No model is involved; everything from the tool call down is n8n's.
 */
export class TestAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Agent (test)',
		name: 'agent',
		group: ['transform'],
		version: 1,
		description: "Calls its tools with each item's args",
		defaults: { name: 'Agent' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools' }],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const tools = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as Array<{
			name: string;
			description: string;
			invoke(args: unknown): Promise<string>;
		}>;
		const out: INodeExecutionData[] = [];
		for (const [index, item] of this.getInputData().entries()) {
			for (const tool of tools) {
				// As n8n's Tools Agent does, a tool's error goes back to the model as its answer.
				const answer = await tool
					.invoke(item.json.args)
					.catch((error: Error) => `Error: ${error.message}`);
				out.push({
					json: { tool: tool.name, description: tool.description, answer },
					pairedItem: { item: index },
				});
			}
		}
		return [out];
	}
}

/**
 * The tool variant of a node, as n8n's loader makes it for a node with usableAsTool: the same
 * node under the type name "<name>Tool", with no main input and an ai_tool output.
 */
export function asToolVariant(nodeType: INodeType): INodeType {
	const variant = Object.create(nodeType) as INodeType;
	variant.description = {
		...nodeType.description,
		name: `${nodeType.description.name}Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	};
	return variant;
}
