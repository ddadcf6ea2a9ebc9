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
	recordLiveState,
	refuseManualSend,
	requireLedger,
	sendRecorded,
	withLedgerLock,
} from '../ledger';
import { fingerprintSnapshot, writeSnapshotCsv } from '../snapshot';
import { snapshotMultipartFrame, uploadSnapshotCsv } from '../transport';
import { heldItem, holdsForApproval } from '../approval/hold';
import { acceptedJson } from '../pipeline/accepted';
import {
	checkLimits,
	compareWithActivTrak,
	compareWithBaseline,
	protectedHarmOf,
	refuseProtectedHarm,
	safetyLimits,
} from '../pipeline/compare';
import { limitsBrokenError, toolWithoutBaselineError } from '../pipeline/errors';
import { EventLoopTurns } from '../pipeline/eventLoop';
import { uploadSettings } from '../pipeline/options';
import { outputItem, outputJson, storeCsv } from '../pipeline/output';
import { readSnapshotInput, runsAsAiTool } from '../pipeline/read';
import type { OperationResult, OperationTraits } from './types';

export const operation = {
	name: 'Upload Snapshot',
	value: 'upload',
	description:
		'Build one HRDC CSV from the input, check it, and upload it to ActivTrak, replacing the previous snapshot',
	action: 'Upload snapshot of users and groups',
} as const;

export const traits: OperationTraits = {
	callsActivTrak: true,
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
	const read = await readSnapshotInput(this, items, { forUpload: true });
	// ActivTrak's own account, read before the ledger's lock: other runs need not wait for SCIM.
	const live = await compareWithActivTrak(this, read);
	// Read the ledger, compare, upload and record as one step for every other run of this
	// workflow and account in this n8n process (ledger/).
	return await withLedgerLock(this, async () => {
		// Between the larger steps below, n8n's event loop gets a turn when one is due.
		const turns = new EventLoopTurns();
		const ledger = await openLedger(this);
		read.clock.lap('baseline');
		if (runsAsAiTool(this) && !ledger.entry.accepted) throw toolWithoutBaselineError(this);
		requireLedger(this, ledger);
		// What ActivTrak shows settles uploads in doubt (and teaches the HRDC source type) first.
		const settlement = live ? await recordLiveState(this, ledger, live.account, live.readAt) : null;
		const comparison = compareWithBaseline(read, ledger, live, settlement);
		// Before any limit: protected people are never held for approval, only refused.
		refuseProtectedHarm(this, protectedHarmOf(this, read, comparison));
		const limitsBroken = checkLimits(read, comparison, limits);
		const { snapshot, options, clock } = read;
		if (limitsBroken.length > 0) {
			// Nothing is sent either way: held for a person to approve, or stopped.
			if (holdsForApproval(this))
				return {
					item: await heldItem(this, read, comparison, limitsBroken, pairedItem),
					held: true,
				};
			throw limitsBrokenError(this, limitsBroken, comparison.changes);
		}
		const settings = uploadSettings(this, options);
		refuseManualSend(this, ledger, 'An upload');
		clock.lap('parameters');
		await turns.turnIfDue();

		// The CSV is written straight inside its multipart body: one Buffer, sent as it is.
		const frame = snapshotMultipartFrame(read.fileName);
		const { csv, framed } = writeSnapshotCsv(snapshot, frame);
		clock.lap('csv');
		await turns.turnIfDue();
		const json = outputJson(read, comparison, operation.value, csv.length);
		clock.lap('output');
		const storedCsv = options.includeCsv !== false ? storeCsv(this, read, csv) : null;
		clock.lap('binary');

		const previousGeneration = ledger.entry.generation;
		const candidate = fingerprintSnapshot(
			snapshot,
			comparison.hashes,
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
		const answer = await acceptedJson(this, read, comparison, json, upload, {
			outcome: 'uploaded',
			previousGeneration,
		});
		return { item: await outputItem(this, read, answer, pairedItem, storedCsv) };
	});
}
