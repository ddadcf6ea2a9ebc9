import type { INodeProperties } from 'n8n-workflow';

// Defaults are literals for n8n's linter; a unit test checks they equal DEFAULT_GUARD_LIMITS.
import { GUARD_OPTION_NAMES } from './snapshot/guards';

export const OPERATION_UPLOAD = 'upload';
export const OPERATION_PREVIEW = 'preview';
export const SOURCE_ITEMS = 'items';
export const SOURCE_CSV_FILE = 'csvFile';

export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Upload Snapshot',
				value: OPERATION_UPLOAD,
				description:
					'Build one HRDC CSV from the input, check it, and upload it to ActivTrak, replacing the previous snapshot',
				action: 'Upload snapshot of users and groups',
			},
			{
				name: 'Preview Snapshot',
				value: OPERATION_PREVIEW,
				description:
					'Build and check the snapshot and report what it would change, without calling ActivTrak',
				action: 'Preview snapshot of users and groups',
			},
		],
		default: OPERATION_UPLOAD,
		description: 'Upload the snapshot to ActivTrak, or only preview what it would change',
	},
	{
		displayName:
			"Every upload is a full snapshot: an HRDC group missing from it is deleted in ActivTrak, and delete_user = y permanently deletes a user's data. Send every user of every HRDC group on every run; use Preview Snapshot first.",
		name: 'snapshotNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Input',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Items (Map Fields)',
				value: SOURCE_ITEMS,
				description: 'Each input item is a user; its fields are mapped to the HRDC columns',
			},
			{
				name: 'CSV File',
				value: SOURCE_CSV_FILE,
				description:
					'A CSV file with HRDC columns in a binary property, e.g. an HR export read from SFTP or e-mail',
			},
		],
		default: SOURCE_ITEMS,
		description: 'Where the snapshot comes from',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { source: [SOURCE_CSV_FILE] } },
		hint: 'The name of the binary property holding the CSV file',
		description:
			"Binary property of the input item(s) that holds the CSV. Its header must use HRDC column names; several items' files are combined into one snapshot.",
	},
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: {
			mappingMode: 'autoMapInputData',
			value: null,
		},
		required: true,
		displayOptions: { show: { source: [SOURCE_ITEMS] } },
		typeOptions: {
			loadOptionsDependsOn: ['operation'],
			resourceMapper: {
				resourceMapperMethod: 'getHrdcColumns',
				mode: 'add',
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		description:
			"How item fields become HRDC columns. 'Map Automatically' reads fields named exactly like the columns (user_lookup_id, group, ...); 'Map Each Column Manually' takes an expression per column.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		description: 'File name, group splitting, retries and timeouts, and what to return',
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: 'hrdc-snapshot.csv',
				placeholder: 'e.g. hrdc-snapshot.csv',
				description:
					'Name of the CSV file sent to ActivTrak and returned in the output; must end in .csv',
			},
			{
				displayName: 'First Retry Delay (Seconds)',
				name: 'retryDelaySeconds',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 2,
				description:
					'Wait before the first retry; each next wait doubles, with jitter. A Retry-After header from ActivTrak takes precedence.',
			},
			{
				displayName: 'Group Delimiter',
				name: 'groupDelimiter',
				type: 'string',
				default: '',
				placeholder: 'e.g. ;',
				description:
					"Splits a text group value into several groups, e.g. 'Sales;EMEA' with ';'. Empty: a text value is one group name (arrays are always several groups).",
			},
			{
				displayName: 'Include CSV in Output',
				name: 'includeCsv',
				type: 'boolean',
				default: true,
				description:
					"Whether to return the CSV as binary data (in the field named by 'Put Output File in Field'), so every run can be audited",
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 3,
				description:
					'How often to send the same snapshot again after a rate limit (429), a gateway error (502, 503, 504) or a dropped connection. 0 switches retries off. Refusals (400, 401, 403, 404, 413) are never retried.',
			},
			{
				displayName: 'Max Total Retry Wait (Seconds)',
				name: 'maxRetryWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description: 'All waits between attempts of one upload together stay within this',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'outputBinaryField',
				type: 'string',
				default: 'data',
				placeholder: 'e.g. data',
				hint: 'The name of the output binary field to put the CSV in',
				description:
					"Where the output item carries the CSV (sent, or for 'Preview Snapshot' built)",
			},
			{
				displayName: 'Request Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 120,
				description: 'How long one attempt may take before it counts as a dropped connection',
			},
			{
				displayName: 'Skip Invalid Items',
				name: 'skipInvalid',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out items (or CSV rows) that fail a check and list them in the output, instead of stopping the run. Careful: a user left out is also left out of their HRDC groups.',
			},
		],
	},
	{
		displayName: 'Safety Limits',
		name: 'safety',
		type: 'collection',
		placeholder: 'Change a limit',
		default: {},
		description:
			'Limits on what one upload may change, on by default. A run that would break one sends nothing and says why.',
		options: [
			{
				displayName: GUARD_OPTION_NAMES.allowUploadWithoutGroups,
				name: 'allowUploadWithoutGroups',
				type: 'boolean',
				default: false,
				description:
					'Whether to allow an upload in which no user has a group although the group column is mapped or the last upload had groups; such an upload deletes every HRDC group',
			},
			{
				displayName: GUARD_OPTION_NAMES.maxMembershipsRemovedPercent,
				name: 'maxMembershipsRemovedPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
				default: 20,
				description:
					"Largest share of the last upload's group memberships that one upload may remove. 100 switches this check off.",
			},
			{
				displayName: GUARD_OPTION_NAMES.maxGroupsRemovedPercent,
				name: 'maxGroupsRemovedPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
				default: 20,
				description:
					"Largest share of the last upload's HRDC groups that one upload may delete by leaving them out. 100 switches this check off.",
			},
			{
				displayName: GUARD_OPTION_NAMES.maxGroupsShrinkPercent,
				name: 'maxGroupsShrinkPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
				default: 20,
				description:
					'Largest drop in the number of groups against the last upload. 100 switches this check off.',
			},
			{
				displayName: GUARD_OPTION_NAMES.maxUsersShrinkPercent,
				name: 'maxUsersShrinkPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
				default: 20,
				description:
					'Largest drop in the number of users against the last upload (a filtered or partial export). 100 switches this check off.',
			},
			{
				displayName: GUARD_OPTION_NAMES.maxNewDeletions,
				name: 'maxNewDeletions',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description:
					'Most users newly marked delete_user = y in one upload (deletion is permanent)',
			},
			{
				displayName: GUARD_OPTION_NAMES.maxNewDeletionsPercent,
				name: 'maxNewDeletionsPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
				default: 10,
				description:
					"Largest share of the snapshot's users newly marked delete_user = y in one upload. 100 switches this check off.",
			},
			{
				displayName: GUARD_OPTION_NAMES.maxNewDoNotTrack,
				name: 'maxNewDoNotTrack',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description: 'Most users newly marked track = n (Do Not Track) in one upload',
			},
			{
				displayName: GUARD_OPTION_NAMES.maxNewDoNotTrackPercent,
				name: 'maxNewDoNotTrackPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
				default: 10,
				description:
					"Largest share of the snapshot's users newly marked track = n in one upload. 100 switches this check off.",
			},
		],
	},
];
