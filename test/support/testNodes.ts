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
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<Record<string, unknown>>;
		return [items.map((json) => ({ json: json as INodeExecutionData['json'] }))];
	}
}
