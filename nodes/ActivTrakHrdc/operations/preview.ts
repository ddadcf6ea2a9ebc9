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
import { brokenLimitsForOutput } from '../limits';
import { openLedger } from '../ledger';
import {
	checkLimits,
	compareWithActivTrak,
	compareWithBaseline,
	protectedHarmOf,
	protectedHarmText,
	safetyLimits,
} from '../pipeline/compare';
import {
	outputItem,
	outputJson,
	storeCsv,
	summaryTextFor,
	type RunStatus,
} from '../pipeline/output';
import { readSnapshotInput, type SnapshotRead } from '../pipeline/read';
import type { OperationResult, OperationTraits } from './types';

export const operation = {
	name: 'Preview Snapshot',
	value: 'preview',
	description:
		'Build and check the snapshot and report what it would change, without calling ActivTrak',
	action: 'Preview snapshot of users and groups',
} as const;

export const traits: OperationTraits = {
	callsActivTrak: false,
	readsInput: true,
	heldToLimits: true,
	canHold: true,
};

/** Its options are the shared 'Options' (pipeline/options.ts). */
export const description: INodeProperties[] = [];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	pairedItem: IPairedItemData[],
): Promise<OperationResult> {
	const limits = safetyLimits(this);
	const read = await readSnapshotInput(this, items, { forUpload: false });
	// The ledger as it is now, without its lock: a preview sends nothing.
	const live = await compareWithActivTrak(this, read);
	const comparison = compareWithBaseline(read, await openLedger(this), live);
	const limitsBroken = checkLimits(read, comparison, limits);
	const harm = protectedHarmOf(this, read, comparison);
	const harmText = protectedHarmText(harm);
	const { snapshot } = read;
	const { csv } = writeSnapshotCsv(snapshot);
	read.clock.lap('csv');
	const json = outputJson(read, comparison, operation.value, csv.length);
	const ready =
		limitsBroken.length === 0 &&
		harmText === null &&
		snapshot.problems.length === 0 &&
		snapshot.users.count > 0;
	json.status = (ready ? 'preview-ready' : 'preview-not-ready') satisfies RunStatus;
	json.summaryText = summaryTextFor(this, read, comparison, 'preview', limitsBroken, {
		leading: [
			...(harmText ? [`An upload would be refused: ${harmText} ('Protected Lookup IDs').`] : []),
			...notReadyLines(read),
		],
	});
	json.readyToUpload = ready;
	json.limitsBroken = brokenLimitsForOutput(limitsBroken);
	if (harmText) json.protectedPeople = { ...harm };
	return { item: await outputItem(this, read, json, pairedItem, storeCsv(this, read, csv)) };
}

/**
 * Why an upload of this snapshot would be refused before any limit is looked at: the first
 * invalid item, or no valid user. A limit broken is said by the summary's own lines.
 */
function notReadyLines(read: SnapshotRead): string[] {
	const { snapshot, input, options } = read;
	if (snapshot.problems.length > 0 && options.skipInvalid !== true) {
		const [first] = snapshot.problems;
		const others = snapshot.problems.length - 1;
		return [
			`An upload would be refused: ${input.recordName(first.itemIndex)}, ${first.column}: ${first.message.replace(/\.$/, '')}${others > 0 ? ` (and ${others} more ${others === 1 ? 'problem' : 'problems'})` : ''}. See 'skippedItems'.`,
		];
	}
	if (snapshot.users.count === 0)
		return ['An upload would be refused: the snapshot has no valid users.'];
	return [];
}
