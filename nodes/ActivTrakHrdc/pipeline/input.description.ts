/**
 * The parameters every operation shares: where the snapshot comes from (mapped items or a CSV
 * file) and how item fields become HRDC columns.
 */
import type { INodeProperties } from 'n8n-workflow';

import { presetProperties, presetSourceOptions } from '../presets/description';

const SOURCE_ITEMS = 'items';
export const SOURCE_CSV_FILE = 'csvFile';

/** The input parameters, shown for the operations that build a snapshot from their input. */
export const inputProperties = (readsInput: string[]): INodeProperties[] => [
	{
		displayName: 'Input',
		name: 'source',
		displayOptions: { show: { operation: readsInput } },
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
			...presetSourceOptions,
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
		displayOptions: { show: { operation: readsInput, source: [SOURCE_CSV_FILE] } },
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
		displayOptions: { show: { operation: readsInput, source: [SOURCE_ITEMS] } },
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
	...presetProperties(readsInput),
];
