import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nodeOutputs } from './approval/description';
import { NODE_HINTS, nodeProperties, nodeSubtitle, route } from './operations';
import { activTrakHrdcApiTest } from './methods/credentialTest';
import { getHrdcColumns } from './methods/resourceMapping';

export class ActivTrakHrdc implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ActivTrak HRDC',
		name: 'activTrakHrdc',
		icon: { light: 'file:activTrakHrdc.svg', dark: 'file:activTrakHrdc.dark.svg' },
		group: ['output'],
		// 2: the baseline settings in the collapsed 'Baseline (Advanced)' (ledger/description.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: nodeSubtitle,
		description:
			'Sync users and groups from an HR system into ActivTrak: all input items become one HR Data Connector CSV snapshot that replaces the previous one in full (every HRDC group left out is deleted), uploaded in one request',
		defaults: { name: 'ActivTrak HRDC' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// One output, or two with 'When a Safety Limit Is Hit' > 'Hold for Approval'.
		outputs: nodeOutputs,
		credentials: [{ name: 'activTrakHrdcApi', required: true, testedBy: 'activTrakHrdcApiTest' }],
		properties: nodeProperties,
		hints: NODE_HINTS,
	};

	methods = {
		credentialTest: { activTrakHrdcApiTest },
		resourceMapping: { getHrdcColumns },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
