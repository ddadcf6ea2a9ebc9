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
		const items: INodeExecutionData[] = parse('items').map((json) => ({ json: json as INodeExecutionData['json'] }));
		for (const [index, base64] of (parse('files') as string[]).entries()) {
			const data = await this.helpers.prepareBinaryData(Buffer.from(base64, 'base64'), `export-${index}.csv`, 'text/csv');
			items.push({ json: { file: index }, binary: { data } });
		}
		return [items];
	}
}
