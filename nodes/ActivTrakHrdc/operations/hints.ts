/**
 * Hints the editor shows beside the parameters when a setting is risky. n8n's lint allows 120
 * characters each (test/unit/nodeDescription.test.ts holds them to it).
 */
import type { NodeHint } from 'n8n-workflow';

export const NODE_HINTS: NodeHint[] = [
	{
		message: 'Leavers: Delete User deletes their data for good; their logins stay on Do Not Track.',
		type: 'warning',
		location: 'ndv',
		whenToDisplay: 'always',
		displayCondition: '={{ $parameter["leavers"] === "deleteUser" }}',
	},
	{
		message: 'No group column is mapped: an upload deletes every HRDC group in ActivTrak.',
		type: 'warning',
		location: 'ndv',
		whenToDisplay: 'always',
		displayCondition:
			'={{ ($parameter["source"] ?? "items") === "items" && $parameter["columns"]?.mappingMode === "defineBelow" && !$parameter["columns"]?.value?.group }}',
	},
];
