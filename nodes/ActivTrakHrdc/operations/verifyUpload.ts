/**
 * Verify Last Upload: reads ActivTrak through its SCIM API (GET only) and compares what it shows
 * with the account's last accepted snapshot: each HRDC group with exactly the members sent that
 * ActivTrak knows, each user sent with track = n untracked, each one sent with delete_user = y
 * gone. HRDC's answer says only how many lines it read; this is what it did. Sends nothing.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';

import {
	describeLedger,
	handOut,
	ledgerWarnings,
	openLedger,
	recordLiveState,
	withLedgerLock,
} from '../ledger';
import { count, verifyAgainstAccount } from '../snapshot';
import { readActivTrak } from '../pipeline/compare';
import { refusal } from '../pipeline/errors';
import type { SnapshotOptions } from '../pipeline/options';
import { showTimeFor } from '../pipeline/output';
import { refusedBecause } from '../messages';
import type { OperationResult, OperationTraits } from './types';

export const operation = {
	name: 'Verify Last Upload',
	value: 'verifyUpload',
	description:
		"Read ActivTrak through its SCIM API and check that it shows the last accepted upload's groups, Do Not Track and deletions; sends nothing",
	action: 'Verify last upload',
} as const;

// It reads ActivTrak (its retries and timeout are in 'Options'), and no input: it sends nothing.
export const traits: OperationTraits = {
	callsActivTrak: true,
	readsInput: false,
	heldToLimits: false,
	canHold: false,
};

export const description: INodeProperties[] = [
	{
		displayName:
			"Needs the credential's SCIM API Key (read only). HRDC processes an upload on its own time, so run this after a Wait node, not straight after the upload.",
		name: 'verifyUploadNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: [operation.value] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	_items: INodeExecutionData[],
	pairedItem: IPairedItemData[],
): Promise<OperationResult> {
	const options = this.getNodeParameter('options', 0, {}) as SnapshotOptions;
	// Read before the ledger's lock, as an upload's check is: other runs need not wait for SCIM.
	const live = await readActivTrak(this, options, 'Verify Last Upload');
	return await withLedgerLock(this, async () => {
		const ledger = await openLedger(this);
		const generationBefore = ledger.entry.generation;
		const settlement = await recordLiveState(this, ledger, live.account, live.readAt);
		const accepted = ledger.entry.accepted;
		if (!accepted)
			throw refusal(
				this,
				refusedBecause('This workflow has no accepted upload to this ActivTrak account to verify'),
				ledger.entry.inDoubt.length > 0
					? "An upload was sent but its outcome is not known, and ActivTrak does not show it yet. Run this again later (HRDC's processing time is not documented)."
					: 'Verify Last Upload compares ActivTrak with the snapshot of the last accepted upload of this workflow (its baseline). Upload first, or set a baseline.',
			);
		const verification = verifyAgainstAccount(accepted, live.account, settlement.hrdcSourceType);
		const stillInDoubt = settlement.doubts?.stillInDoubt ?? 0;
		const verified = verification.verified && stillInDoubt === 0;
		const when = showTimeFor(this)(accepted.acceptedAt);
		const lines = [
			verified
				? `ActivTrak shows the upload accepted ${when}: ${count(verification.checked.groups, 'group')} with the members sent, ${verification.checked.doNotTrack} on Do Not Track, ${verification.checked.deleted} deleted.`
				: `ActivTrak differs from the upload accepted ${when} in ${verification.differenceCount} ${verification.differenceCount === 1 ? 'way' : 'ways'} (see differences).`,
		];
		if (verification.differenceCount === 0 && stillInDoubt > 0)
			lines.push(
				`${count(stillInDoubt, 'later upload')} whose outcome is not known may still be applied: run this again later.`,
			);
		if (settlement.doubts?.shows === 'upload in doubt')
			lines.push('ActivTrak shows the upload whose outcome was not known: it is the baseline now.');
		if (verification.checked.usersNotFound > 0)
			lines.push(
				`${count(verification.checked.usersNotFound, 'user')} of the upload match no ActivTrak user, so HRDC changed nothing for them.`,
			);
		if (settlement.hrdcSourceType === null)
			lines.push(
				"Which of ActivTrak's groups HRDC made is not known yet, so groups of another integration with the same names are compared too.",
			);
		lines.push('Nothing was sent to ActivTrak.');
		const changed = ledger.entry.generation !== generationBefore || settlement.learned;
		return {
			item: {
				json: {
					operation: operation.value,
					status: verified ? 'verified' : 'differences-found',
					summaryText: lines.join('\n'),
					uploaded: false,
					verified,
					differenceCount: verification.differenceCount,
					differences: verification.differences.map((difference) => ({ ...difference })),
					checked: { ...verification.checked, acceptedAt: accepted.acceptedAt },
					account: { users: live.account.users.length, groups: live.account.groups.length },
					hrdcSourceType: settlement.hrdcSourceType,
					...(settlement.doubts ? { uploadsInDoubt: { ...settlement.doubts } } : {}),
					baseline: describeLedger(ledger),
					warnings: ledgerWarnings(ledger),
					...(changed && ledger.store === 'workflow data'
						? { baselineUpdated: true, newBaseline: await handOut(this, ledger) }
						: { baselineUpdated: changed }),
				},
				pairedItem,
			},
		};
	});
}
