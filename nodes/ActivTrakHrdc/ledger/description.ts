/**
 * 'Baseline Store' and the switches of the account ledger (index.ts). Shown for every operation:
 * a preview compares with the same ledger an upload would. Version 1 of the node shows them at
 * the top level; version 2 in the collapsed 'Baseline (Advanced)', since a first sync needs
 * none of them at their defaults. `baselineSetting` reads either.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

const STORE_STATIC_DATA = 'staticData';
export const STORE_WORKFLOW_DATA = 'workflowData';

/** The node version from which the settings are in the 'Baseline (Advanced)' collection. */
export const BASELINE_COLLECTION_SINCE = 2;
const BASELINE_COLLECTION = 'baseline';

const baselineSettings: INodeProperties[] = [
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
			'Where the last upload ActivTrak accepted is kept, which the change report and the safety limits compare with',
	},
	{
		displayName: 'Previous Baseline',
		name: 'previousBaseline',
		type: 'string',
		default: '',
		placeholder: "e.g. {{ $('Get Baseline').item.json.baseline }}",
		displayOptions: { show: { baselineStore: [STORE_WORKFLOW_DATA] } },
		description:
			"The 'newBaseline' of the last accepted upload, as the workflow kept it; empty stops the run unless 'First Upload' is on (a lost store must never look like a first upload)",
	},
	{
		displayName: 'First Upload',
		name: 'firstUpload',
		type: 'boolean',
		default: false,
		description:
			'Whether to allow the first upload from this workflow to this ActivTrak account, which has no baseline here yet; once one is recorded the switch does nothing (see the docs for Static Data)',
	},
	{
		displayName: 'Keep Lookup IDs in Baseline',
		name: 'keepLookupIds',
		type: 'boolean',
		default: true,
		description:
			"Whether the baseline keeps each user's lookup ID (no other column), so a held run can name who it removes; off, only hashes are kept and removed users are counted, not named",
	},
	{
		displayName: 'Take Over Baseline',
		name: 'takeOverBaseline',
		type: 'boolean',
		default: false,
		// hide, not show: in the collection an unset Baseline Store is Static Data.
		displayOptions: { hide: { baselineStore: [STORE_WORKFLOW_DATA] } },
		description:
			"Whether this is the same ActivTrak account under a new API key or base URL, so the baseline kept for the old one becomes this one's; turn it off after the next accepted upload",
	},
];

type BaselineSettingName =
	| 'baselineStore'
	| 'previousBaseline'
	| 'firstUpload'
	| 'keepLookupIds'
	| 'takeOverBaseline';

/** Version 1: at the top level, where workflows saved before version 2 keep them. */
export const baselineProperties: INodeProperties[] = baselineSettings.map((setting) => ({
	...setting,
	displayOptions: {
		...setting.displayOptions,
		show: { ...setting.displayOptions?.show, '@version': [1] },
	},
}));

/** Version 2: the same settings, collapsed, after the Options (a first sync needs none). */
export const baselineCollection: INodeProperties = {
	displayName: 'Baseline (Advanced)',
	name: BASELINE_COLLECTION,
	type: 'collection',
	placeholder: 'Add Baseline Setting',
	default: {},
	displayOptions: { show: { '@version': [{ _cnd: { gte: BASELINE_COLLECTION_SINCE } }] } },
	description:
		'Where the last accepted upload is kept (by default n8n\'s Static Data) and the switches for a first upload, a new API key or queue mode (<a href="https://github.com/activtrak-hrdc/n8n-nodes-activtrak-hrdc/blob/main/docs/baseline.md">docs</a>)',
	options: [...baselineSettings].sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

/** A baseline setting as this node's version keeps it, or the setting's default when unset. */
export function baselineSetting(ctx: IExecuteFunctions, name: BaselineSettingName): unknown {
	const fallback = baselineSettings.find((setting) => setting.name === name)?.default;
	const inCollection = ctx.getNode().typeVersion >= BASELINE_COLLECTION_SINCE;
	return ctx.getNodeParameter(inCollection ? `${BASELINE_COLLECTION}.${name}` : name, 0, fallback);
}
