/**
 * 'Baseline Store' and the switches of the account ledger (index.ts). Shown for every operation:
 * a preview compares with the same ledger an upload would.
 */
import type { INodeProperties } from 'n8n-workflow';

export const STORE_STATIC_DATA = 'staticData';
export const STORE_WORKFLOW_DATA = 'workflowData';

export const baselineProperties: INodeProperties[] = [
	{
		displayName: 'Baseline Store',
		name: 'baselineStore',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Static Data',
				value: STORE_STATIC_DATA,
				description:
					'Kept by n8n with the workflow. Works in regular mode and in queue mode on n8n 1.x; on n8n 2.x queue mode n8n does not hand it to the next execution.',
			},
			{
				name: 'Workflow Data',
				value: STORE_WORKFLOW_DATA,
				description:
					"Read from 'Previous Baseline' and given out as 'newBaseline' after an accepted upload, for the workflow to keep (e.g. in an n8n Data table). For queue mode on n8n 2.x.",
			},
		],
		default: STORE_STATIC_DATA,
		description:
			'Where the last snapshot ActivTrak accepted is kept, which the change report and the safety limits compare with',
	},
	{
		displayName: 'Previous Baseline',
		name: 'previousBaseline',
		type: 'string',
		default: '',
		placeholder: "e.g. {{ $('Get Baseline').item.json.baseline }}",
		displayOptions: { show: { baselineStore: [STORE_WORKFLOW_DATA] } },
		description:
			"The 'newBaseline' the last accepted upload gave out, as the workflow kept it. Empty stops the run unless 'First Upload' is on: a lost store must never look like a first upload.",
	},
	{
		displayName: 'First Upload',
		name: 'firstUpload',
		type: 'boolean',
		default: false,
		description:
			'Whether this is the first upload from this workflow to this ActivTrak account. It only ever applies while the account has no ledger here: once one is recorded the switch does nothing (and the output says so). With Static Data it also needs one earlier run that n8n kept. Turn it off after the first accepted upload.',
	},
	{
		displayName: 'Keep Lookup IDs in Baseline',
		name: 'keepLookupIds',
		type: 'boolean',
		default: true,
		description:
			"Whether the baseline keeps each user's lookup ID (no other column), so that a held run and the change report can name who would be removed. Off: only hashes are kept, for accounts that must not store IDs in n8n, and removed users are counted but not named.",
	},
	{
		displayName: 'Take Over Baseline',
		name: 'takeOverBaseline',
		type: 'boolean',
		default: false,
		displayOptions: { show: { baselineStore: [STORE_STATIC_DATA] } },
		description:
			"Whether this is the same ActivTrak account under a new API key or base URL: the one ledger this workflow keeps for the old key or base URL becomes this one's, and the run is held to it. Turn it off after the first accepted upload.",
	},
];
