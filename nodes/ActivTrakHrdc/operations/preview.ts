/**
 * Preview Snapshot: everything Upload does but the upload. Returns the CSV, the change report,
 * the safety limits an upload would break and the items it would refuse, and calls nothing.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';

import { writeSnapshotCsv } from '../snapshot';
import {
	fileNameOption,
	groupDelimiterOption,
	outputBinaryFieldOption,
	refuseFormulaCellsOption,
	cutLongGroupNamesOption,
	refuseSharedDisplayNamesOption,
} from '../steps/options.description';
import { brokenLimitsForOutput } from '../limits';
import { checkSnapshot } from '../steps/checkSnapshot';
import { outputItem, outputJson, storeCsv, summaryTextFor } from '../steps/output';
import type { OperationResult, OperationTraits } from './types';

export const operation = {
	name: 'Preview Snapshot',
	value: 'preview',
	description:
		'Build and check the snapshot and report what it would change, without calling ActivTrak',
	action: 'Preview snapshot of users and groups',
} as const;

export const traits: OperationTraits = {
	readsInput: true,
	heldToLimits: true,
	canHold: false,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		description: 'File name, group splitting, and where the CSV goes in the output',
		displayOptions: { show: { operation: [operation.value] } },
		options: [
			fileNameOption,
			groupDelimiterOption,
			outputBinaryFieldOption,
			refuseFormulaCellsOption,
			cutLongGroupNamesOption,
			refuseSharedDisplayNamesOption,
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	pairedItem: IPairedItemData[],
): Promise<OperationResult> {
	const checked = await checkSnapshot(this, items, { forUpload: false });
	const { snapshot, limitsBroken } = checked;
	const { csv } = writeSnapshotCsv(snapshot);
	checked.clock.lap('csv');
	const json = outputJson(checked, operation.value, csv.length);
	json.readyToUpload =
		limitsBroken.length === 0 && snapshot.problems.length === 0 && snapshot.users.count > 0;
	json.limitsBroken = brokenLimitsForOutput(limitsBroken);
	json.summaryText = summaryTextFor(checked, 'preview', limitsBroken);
	return { item: await outputItem(this, checked, json, pairedItem, storeCsv(this, checked, csv)) };
}
