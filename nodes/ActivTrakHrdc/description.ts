import type { INodeProperties } from 'n8n-workflow';

export const OPERATION_UPLOAD = 'upload';

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
					'Build one HRDC CSV from all input items and upload it to ActivTrak, replacing the previous snapshot',
				action: 'Upload a snapshot of users and groups',
			},
		],
		default: OPERATION_UPLOAD,
	},
	{
		displayName:
			'Every run is a full snapshot: an HRDC group missing from the upload is deleted in ActivTrak, and delete_user = y permanently deletes a user\'s data. Send every user of every HRDC group on every run.',
		name: 'snapshotNotice',
		type: 'notice',
		default: '',
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
			'How item fields become HRDC columns. "Map Automatically" reads fields named exactly like the columns (user_lookup_id, group, ...); "Map Each Column Manually" takes an expression per column.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Group Delimiter',
				name: 'groupDelimiter',
				type: 'string',
				default: '',
				placeholder: ';',
				description:
					'Splits a text group value into several groups, e.g. "Sales;EMEA" with ";". Empty: a text value is one group name (arrays are always several groups).',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: 'hrdc-snapshot.csv',
				description: 'Name of the CSV file sent to ActivTrak; must end in .csv',
			},
		],
	},
];
