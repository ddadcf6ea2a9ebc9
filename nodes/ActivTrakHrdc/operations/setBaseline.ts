/**
 * Set Baseline From Previous Upload: for an admin who followed ActivTrak's guide by hand and now
 * automates. The CSV they last uploaded becomes the account's baseline, so the first automated
 * run is held to every limit, not checked against nothing. Or, with 'Baseline From' ActivTrak,
 * the HRDC groups ActivTrak shows (read through SCIM, GET only) become it
 * (snapshot/accountBaseline.ts). Sends nothing.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';

import {
	handOut,
	keepsLookupIds,
	openLedger,
	recordAccepted,
	refuseToReplaceBaseline,
	storeOf,
	withLedgerLock,
} from '../ledger';
import { cellsOf, count, fingerprintSnapshot, hashUsers, type Snapshot } from '../snapshot';
import {
	BASELINE_FROM_ACTIVTRAK,
	baselineFromActivTrak,
	fromActivTrakProperties,
	readBaselineFrom,
} from '../pipeline/baselineFromActivTrak';
import { readActivTrak } from '../pipeline/compare';
import type { Ledger } from '../ledger';
import { runsAsAiTool } from '../pipeline/read';
import { EMPTY_UPLOAD_REFUSED, problemsError, refusal } from '../pipeline/errors';
import { showTimeFor } from '../pipeline/output';
import { readCsvFiles } from '../pipeline/readInput';
import type { OperationResult, OperationTraits } from './types';

/** A baseline with no groups cannot protect groups HRDC made earlier (the guide's UserInfo.csv). */
const NO_GROUPS_IN_BASELINE =
	"This CSV has no groups: if HRDC groups exist in ActivTrak (from a CSV with a group column, such as the guide's GroupMembership.csv), the next upload cannot tell which of them it would delete. Set the baseline from that CSV instead, with 'Replace Existing Baseline' on.";

export const operation = {
	name: 'Set Baseline From Previous Upload',
	value: 'setBaseline',
	description:
		'Make the CSV last uploaded to ActivTrak by hand, or the HRDC groups ActivTrak shows, the baseline the next uploads are held to; sends nothing',
	action: 'Set baseline from previous upload',
} as const;

// It reads its own file (not the input the others map), and is held to no limit: it sends nothing.
export const traits: OperationTraits = {
	callsActivTrak: false,
	readsInput: false,
	heldToLimits: false,
	canHold: false,
};

const show = { show: { operation: [operation.value] } };
const fromCsv = { show: { operation: [operation.value], baselineFrom: ['csv'] } };

export const description: INodeProperties[] = [
	{
		displayName:
			"Records what ActivTrak holds as this account's baseline: the HRDC CSV you last uploaded by hand (e.g. from a Form Trigger's file field), or the HRDC groups ActivTrak shows. n8n keeps it only in a production run (a published workflow's trigger or form), not in a manual test run.",
		name: 'setBaselineNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Baseline From',
		name: 'baselineFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'CSV Last Uploaded',
				value: 'csv',
				description: 'The HRDC CSV you last uploaded to ActivTrak by hand',
			},
			{
				name: 'ActivTrak (SCIM)',
				value: BASELINE_FROM_ACTIVTRAK,
				description:
					"The HRDC groups ActivTrak shows now, with their members and Do Not Track, read with the credential's SCIM API Key",
			},
		],
		default: 'csv',
		description: 'What ActivTrak holds now, as the baseline the next uploads are held to',
		displayOptions: show,
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the CSV last uploaded',
		description: "The CSV, with HRDC's columns, exactly as it was uploaded to ActivTrak",
		displayOptions: fromCsv,
	},
	...fromActivTrakProperties(operation.value),
	{
		displayName: 'Replace Existing Baseline',
		name: 'replaceBaseline',
		type: 'boolean',
		default: false,
		description:
			'Whether to replace a baseline this workflow already keeps for the account. Off, the run is refused when one exists: the CSV decides what every safety limit compares with.',
		displayOptions: show,
	},
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	pairedItem: IPairedItemData[],
): Promise<OperationResult> {
	// A baseline decides what the limits compare with: a person sets it, not an agent.
	if (runsAsAiTool(this)) {
		throw refusal(
			this,
			"As an AI agent's tool, Set Baseline From Previous Upload is refused, so nothing was recorded",
			'The baseline is what the safety limits compare with; a person sets it from a workflow.',
		);
	}
	const store = storeOf(this);
	if (store === 'n8n static data' && this.getMode() === 'manual') {
		throw refusal(
			this,
			'A manual run cannot keep a baseline in Static Data, so nothing was recorded',
			"n8n keeps static data only for production runs. Run this from the published workflow: e.g. the template's Form Trigger, where you upload the CSV (examples/set-baseline-from-last-upload.workflow.json), or set 'Baseline Store' to Workflow Data and keep the newBaseline it gives out.",
		);
	}
	if (readBaselineFrom(this) === BASELINE_FROM_ACTIVTRAK) {
		const live = await readActivTrak(this, {}, "Set Baseline with 'Baseline From' ActivTrak");
		return await withLedgerLock(this, async () => {
			const ledger = await openLedger(this, { forSetBaseline: true });
			refuseToReplaceBaseline(this, ledger);
			const made = baselineFromActivTrak(this, ledger, live.account);
			return await recordBaseline(
				this,
				ledger,
				made.snapshot,
				made.from,
				made.warnings,
				pairedItem,
			);
		});
	}
	const input = await readCsvFiles(
		this,
		items.map((_, itemIndex) => ({
			itemIndex,
			property: String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')),
		})),
		{},
	);
	const { snapshot } = input;
	if (snapshot.problems.length > 0) throw problemsError(this, snapshot, input);
	if (snapshot.users.count === 0) {
		throw refusal(
			this,
			'The CSV has no users, so nothing was recorded',
			`A baseline of nobody would hold nothing. ${EMPTY_UPLOAD_REFUSED}`,
		);
	}
	return await withLedgerLock(this, async () => {
		const ledger = await openLedger(this, { forSetBaseline: true });
		refuseToReplaceBaseline(this, ledger);
		const warnings = snapshot.summary.groups === 0 ? [NO_GROUPS_IN_BASELINE] : [];
		return await recordBaseline(
			this,
			ledger,
			snapshot,
			'the CSV last uploaded by hand',
			warnings,
			pairedItem,
		);
	});
}

/** `snapshot` recorded as accepted, and the item that says so. */
async function recordBaseline(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	snapshot: Snapshot,
	from: string,
	sourceWarnings: string[],
	pairedItem: IPairedItemData[],
): Promise<OperationResult> {
	const before = ledger.entry;
	const store = ledger.store;
	const now = Date.now();
	const holdsClosed = before.holds
		.filter((hold) => hold.until > now)
		.map((hold) => ({ validUntil: new Date(hold.until).toISOString() }));
	const previousGeneration = before.generation;
	await recordAccepted(
		ctx,
		ledger,
		fingerprintSnapshot(snapshot, hashUsers(snapshot, null), new Date(), keepsLookupIds(ctx)),
	);
	const { users, groups, rows } = snapshot.summary;
	const deleted = cellsOf(snapshot.users, 'delete_user');
	const lookupIds = cellsOf(snapshot.users, 'user_lookup_id');
	const deleteUserRows: string[] = [];
	for (let user = 0; user < snapshot.users.count; user++) {
		if (deleted[user] === 'y') deleteUserRows.push(lookupIds[user]);
	}
	const replaced = before.accepted
		? {
				acceptedAt: before.accepted.acceptedAt,
				generation: before.generation,
				users: before.accepted.users.length / 8,
				groups: Object.keys(before.accepted.groups).length,
			}
		: null;
	const warnings = [...sourceWarnings];
	if (deleteUserRows.length)
		warnings.push(
			`${deleteUserRows.length} ${deleteUserRows.length === 1 ? 'user is' : 'users are'} marked delete_user = y in this CSV: the next uploads count them as deleted already, so no limit stops their deletion again.`,
		);
	return {
		item: {
			json: {
				operation: operation.value,
				uploaded: false,
				summaryText: `Baseline set from ${from}: ${count(users, 'user')} in ${count(groups, 'group')} (${count(rows, 'row')})${replaced ? `, replacing the baseline accepted ${showTimeFor(ctx)(replaced.acceptedAt)}` : ''}. Nothing was sent to ActivTrak; the next upload is held to every safety limit against it.${sourceWarnings.length ? ` ${sourceWarnings.join(' ')}` : ''}`,
				recorded: { users, groups, rows },
				replaced,
				holdsClosed,
				deleteUserRows: { count: deleteUserRows.length, lookupIds: deleteUserRows.slice(0, 20) },
				warnings: [...warnings, ...ledger.notes],
				keptIn: store,
				baselineUpdated: true,
				baselineGeneration: { previous: previousGeneration, new: ledger.entry.generation },
				...(store === 'workflow data' ? { newBaseline: await handOut(ctx, ledger) } : {}),
			},
			pairedItem,
		},
	};
}
