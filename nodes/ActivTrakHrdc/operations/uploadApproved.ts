/**
 * Upload Approved Snapshot: sends exactly the CSV a person approved after Upload Snapshot held
 * it (see approval/), with no other limit checks, and records it as the account's baseline.
 * Nothing is sent unless the approval token holds for these very bytes, now.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';

import { checkApproval } from '../approval/verify';
import { keepsLookupIds, recordApprovalUsed, sendRecorded, withLedgerLock } from '../ledger';
import { fingerprintSnapshot } from '../snapshot';
import { acceptedJson } from '../pipeline/accepted';
import { compareWithBaseline } from '../pipeline/compare';
import { refusal } from '../pipeline/errors';
import { uploadSettings, type SnapshotOptions } from '../pipeline/options';
import { outputItem, outputJson } from '../pipeline/output';
import { PhaseClock } from '../pipeline/phaseClock';
import { csvFileName, runsAsAiTool, snapshotRead } from '../pipeline/read';
import { readCsvFiles } from '../pipeline/readInput';
import { snapshotMultipartFrame, uploadSnapshotCsv } from '../transport';
import type { OperationResult, OperationTraits } from './types';
import { refusedBecause } from '../messages';

export const operation = {
	name: 'Upload Approved Snapshot',
	value: 'uploadApproved',
	description:
		'Upload exactly the snapshot a person approved after Upload Snapshot held it at a safety limit',
	action: 'Upload approved snapshot of users and groups',
} as const;

// An approved upload sends the held CSV: it reads no input, and its approval stands for the limits.
export const traits: OperationTraits = {
	callsActivTrak: true,
	readsInput: false,
	heldToLimits: false,
	canHold: false,
};

const show = { show: { operation: [operation.value] } };

export const description: INodeProperties[] = [
	{
		displayName:
			"Takes the item that left Upload Snapshot by 'Held for Approval' (its CSV in binary and its approvalToken), e.g. after Slack's Send and Wait for Approval and a Merge that keeps the held item",
		name: 'approvalNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Approval Token',
		name: 'approvalToken',
		type: 'string',
		typeOptions: { password: true },
		default: '={{ $json.approvalToken }}',
		required: true,
		description: 'The approvalToken of the held item, unchanged',
		displayOptions: show,
	},
	{
		displayName: 'Approved By',
		name: 'approvedBy',
		type: 'string',
		default: '',
		placeholder: "e.g. {{ $('Ask HR ops to approve').item.json.data.responder.name }}",
		description:
			"Who approved, recorded in the output with the time (the templates take it from Slack's Capture Who Responded, or from the approval form). Empty: the output says that no one was named.",
		displayOptions: show,
	},
	{
		displayName: 'Input Binary Field',
		name: 'heldBinaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the held CSV',
		description: 'Where the held item carries its CSV',
		displayOptions: show,
	},
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	pairedItem: IPairedItemData[],
): Promise<OperationResult> {
	const clock = new PhaseClock();
	// Approving is a person's decision: an agent holding a token must not make it for them.
	if (runsAsAiTool(this)) {
		throw refusal(
			this,
			refusedBecause("As an AI agent's tool, Upload Approved Snapshot is refused"),
			'A held snapshot is approved by a person (e.g. in Slack or a form), not by an agent.',
		);
	}
	if (items.length !== 1) {
		throw refusal(
			this,
			refusedBecause(
				`Upload Approved Snapshot takes the one held item, but got ${items.length} items`,
			),
			'Connect it to the held item (after the approval step, a Merge set to keep the held input passes it on).',
		);
	}
	const options = this.getNodeParameter('options', 0, {}) as SnapshotOptions;
	const settings = uploadSettings(this, options);
	const field = String(this.getNodeParameter('heldBinaryPropertyName', 0, 'data')).trim() || 'data';
	const binary = this.helpers.assertBinaryData(0, field);
	const fileName = csvFileName(this, { fileName: binary.fileName });
	const csv = await this.helpers.getBinaryDataBuffer(0, field);
	return await withLedgerLock(this, async () => {
		// Inside the lock: of two approvals of one token at the same moment, one sends.
		const { claims, ledger } = await checkApproval(
			this,
			this.getNodeParameter('approvalToken', 0, ''),
			csv,
		);
		// The held CSV is the node's own (the token says so): read back like any CSV input, it
		// gives the snapshot whose fingerprint is recorded, and the change report for the output.
		// No limit is checked: the approval stands for them (they were checked when it was held).
		const input = await readCsvFiles(this, [{ itemIndex: 0, property: field }], {});
		const read = snapshotRead(input, { ...options, outputBinaryField: field }, fileName, clock);
		const comparison = compareWithBaseline(read, ledger);
		const previousGeneration = ledger.entry.generation;
		await recordApprovalUsed(this, ledger, claims.csvSha256, claims.expiresAt);
		const candidate = fingerprintSnapshot(
			input.snapshot,
			comparison.hashes,
			new Date(),
			keepsLookupIds(this),
		);
		// Exactly the approved bytes, framed as one multipart file.
		const frame = snapshotMultipartFrame(fileName);
		const framed = Buffer.concat([frame.head, csv, frame.tail]);
		const upload = await sendRecorded(
			this,
			ledger,
			candidate,
			async () => await uploadSnapshotCsv(this, { frame, bytes: framed }, settings),
		);
		const json = withApprover(
			this,
			await acceptedJson(
				this,
				read,
				comparison,
				outputJson(read, comparison, operation.value, csv.length),
				upload,
				{ outcome: 'approved', previousGeneration },
			),
		);
		return { item: await outputItem(this, read, json, pairedItem, Promise.resolve(binary)) };
	});
}

/** Who approved and when, in the output; an approval no one is named for says so. */
function withApprover(ctx: IExecuteFunctions, json: IDataObject): IDataObject {
	const named = ctx.getNodeParameter('approvedBy', 0, '') as unknown;
	const approvedBy = typeof named === 'string' ? named.trim().slice(0, 200) : '';
	const warnings = [...((json.warnings as string[] | undefined) ?? [])];
	if (approvedBy === '') {
		warnings.push(
			"No approver was named ('Approved By' is empty): this approval records no one. Set it from the approval step, as the templates do.",
		);
	}
	return {
		...json,
		approval: { approvedBy: approvedBy || null, approvedAt: new Date().toISOString() },
		warnings,
	};
}
