/**
 * Upload Snapshot: all input items -> one checked HRDC snapshot -> held to the safety limits ->
 * one request -> ActivTrak's answer, and the snapshot becomes the baseline.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';

import {
	keepsLookupIds,
	openLedger,
	refuseManualSend,
	requireLedger,
	sendRecorded,
	withLedgerLock,
} from '../ledger';
import { fingerprintSnapshot, writeSnapshotCsv } from '../snapshot';
import { snapshotMultipartFrame, uploadSnapshotCsv } from '../transport';
import { heldItem, holdsForApproval } from '../approval/hold';
import { limitsBrokenError, toolWithoutBaselineError } from '../steps/errors';
import { EventLoopTurns } from '../steps/eventLoop';
import { compareWithLedger, readSnapshotInput, runsAsAiTool } from '../steps/checkSnapshot';
import { acceptedJson } from '../steps/accepted';
import { outputItem, outputJson, storeCsv } from '../steps/output';
import { uploadSettings } from '../steps/uploadSettings';
import type { OperationResult, OperationTraits } from './types';

export const operation = {
	name: 'Upload Snapshot',
	value: 'upload',
	description:
		'Build one HRDC CSV from the input, check it, and upload it to ActivTrak, replacing the previous snapshot',
	action: 'Upload snapshot of users and groups',
} as const;

export const traits: OperationTraits = {
	readsInput: true,
	heldToLimits: true,
	canHold: true,
};

/** Its options are the shared 'Options' (steps/options.description.ts), kept across Preview. */
export const description: INodeProperties[] = [];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	pairedItem: IPairedItemData[],
): Promise<OperationResult> {
	const read = await readSnapshotInput(this, items, { forUpload: true });
	// Read the ledger, compare, upload and record as one step for every other run of this
	// workflow and account in this n8n process (ledger/).
	return await withLedgerLock(this, async () => {
		// Between the larger steps below, n8n's event loop gets a turn when one is due.
		const turns = new EventLoopTurns();
		const ledger = await openLedger(this);
		read.clock.lap('baseline');
		if (runsAsAiTool(this) && !ledger.entry.accepted) throw toolWithoutBaselineError(this);
		requireLedger(this, ledger);
		const checked = compareWithLedger(read, ledger, true);
		const { snapshot, changes, limitsBroken, options, clock } = checked;
		if (limitsBroken.length > 0) {
			// Nothing is sent either way: held for a person to approve, or stopped.
			if (holdsForApproval(this))
				return { item: await heldItem(this, checked, pairedItem), held: true };
			throw limitsBrokenError(this, limitsBroken, changes);
		}
		const settings = uploadSettings(this, options);
		refuseManualSend(this, ledger, 'An upload');
		clock.lap('parameters');
		await turns.turnIfDue();

		// The CSV is written straight inside its multipart body: one Buffer, sent as it is.
		const frame = snapshotMultipartFrame(checked.fileName);
		const { csv, framed } = writeSnapshotCsv(snapshot, frame);
		clock.lap('csv');
		await turns.turnIfDue();
		const json = outputJson(checked, operation.value, csv.length);
		clock.lap('output');
		const storedCsv = options.includeCsv !== false ? storeCsv(this, checked, csv) : null;
		clock.lap('binary');

		const previousGeneration = ledger.entry.generation;
		const candidate = fingerprintSnapshot(
			snapshot,
			checked.hashes,
			new Date(),
			keepsLookupIds(this),
		);
		await turns.turnIfDue();
		// Recorded before the request: if its answer is lost, the next run knows ActivTrak may hold it.
		const upload = await sendRecorded(
			this,
			ledger,
			candidate,
			async () => await uploadSnapshotCsv(this, { frame, bytes: framed }, settings),
		);
		clock.lap('request');
		const answer = await acceptedJson(this, checked, json, upload, 'uploaded', previousGeneration);
		return { item: await outputItem(this, checked, answer, pairedItem, storedCsv) };
	});
}
