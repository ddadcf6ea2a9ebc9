/**
 * Checking an approval before Upload Approved Snapshot sends anything: the token, the CSV it
 * names, and the baseline it was held against (see hold.ts for how a hold is made).
 */
import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import {
	openHold,
	openLedger,
	outcomeNotKnown,
	stateTag,
	storeOf,
	usedApproval,
	type Ledger,
} from '../ledger';
import { sha256 } from '../signing';
import { refusal } from '../pipeline/errors';
import { showTimeFor } from '../pipeline/output';
import { accountNames } from '../ledger/salt';
import { workflowOf } from './hold';
import { baselineTag, openApprovalToken, type ApprovalClaims } from './token';
import { APPROVAL_REFUSED } from '../messages';

/** Whether the ledger is as it was when the token was made (0.2's tokens name the fingerprint). */
function sameState(ledger: Ledger, tag: string): boolean {
	if (stateTag(ledger.entry) === tag) return true;
	return ledger.entry.inDoubt.length === 0 && baselineTag(ledger.entry.accepted) === tag;
}

function refused(ctx: IExecuteFunctions, why: string, description: string): NodeOperationError {
	return refusal(ctx, `${APPROVAL_REFUSED}: ${why}`, description);
}

const RUN_AGAIN =
	'Run the sync again: it builds a fresh snapshot from the HR data and holds it for a new approval if a limit is still hit.';

/**
 * Checks an approval token against what is about to be sent: the credential signed it, for this
 * workflow and account, it has not expired, the CSV is byte for byte the one held, and no other
 * upload has been accepted for the account since (the approved change report still holds).
 */
export async function checkApproval(
	ctx: IExecuteFunctions,
	token: unknown,
	csv: Uint8Array,
): Promise<{ claims: ApprovalClaims; ledger: Ledger }> {
	// n8n keeps no static data of a manual run: an approval there would be neither used up nor
	// recorded as the baseline, so the same token could send again, against a stale report.
	if (storeOf(ctx) === 'n8n static data' && ctx.getMode() === 'manual') {
		throw refused(
			ctx,
			'approvals are not taken in a manual run',
			"n8n does not keep static data for a manual run, so the approval could not be used up and the upload would not become the baseline. Approve from the published workflow (e.g. Slack's Send and Wait for Approval or a form, as in the templates).",
		);
	}
	if (typeof token !== 'string' || token.trim() === '') {
		throw refused(
			ctx,
			"'Approval Token' is empty",
			"It must be the approvalToken of the held item, e.g. {{ $('ActivTrak HRDC').item.json.approvalToken }}.",
		);
	}
	const { account, secret } = await accountNames(ctx);
	const opened = openApprovalToken(secret, token, account, workflowOf(ctx));
	if (!opened.ok) {
		const why = {
			'not a token': [
				'the token is not one this node gave out',
				"It must be the held item's approvalToken, unchanged.",
			],
			'another workflow': [
				'the token was made for another workflow',
				'A held snapshot is approved in the workflow that held it, where its baseline is kept.',
			],
			'another account': [
				'the token was made for another ActivTrak account',
				'The held upload used another credential (another key or region). Approve it with the node that uses that credential.',
			],
			altered: [
				'the token was changed or was not made with this credential',
				"Only the held item's approvalToken, unchanged, approves it, with the credential (key and region) of the run that held it.",
			],
		}[opened.why];
		throw refused(ctx, why[0], why[1]);
	}
	const { claims } = opened;
	if (claims.workflow !== workflowOf(ctx)) {
		throw refused(
			ctx,
			'the token was made for another workflow',
			'A held snapshot is approved in the workflow that held it, where its baseline is kept.',
		);
	}
	if (Date.now() >= claims.expiresAt) {
		throw refused(
			ctx,
			`the approval expired at ${showTimeFor(ctx)(new Date(claims.expiresAt).toISOString())}`,
			`The HR data may have changed since. ${RUN_AGAIN}`,
		);
	}
	if (sha256(csv) !== claims.csvSha256) {
		throw refused(
			ctx,
			'the CSV is not byte for byte the one that was held',
			"Only the exact held CSV can be approved: pass the held item's binary data unchanged to this node.",
		);
	}
	// The token is sound: now the ledger it must still hold against.
	const ledger = await openLedger(ctx);
	const used = usedApproval(ledger.entry, claims.csvSha256);
	if (used) {
		throw refused(
			ctx,
			`this approval was used already, at ${showTimeFor(ctx)(used.usedAt)}`,
			`An approval sends its snapshot once. ${RUN_AGAIN}`,
		);
	}
	if (!sameState(ledger, claims.baseline)) {
		const doubt = ledger.entry.inDoubt[ledger.entry.inDoubt.length - 1];
		throw refused(
			ctx,
			doubt
				? outcomeNotKnown(doubt.sentAt)
				: 'the baseline of this ActivTrak account changed after the snapshot was held: an upload was accepted since (another run, or this snapshot through an earlier approval), or a new baseline was set',
			`The approved change report no longer describes what this upload would do. ${RUN_AGAIN}`,
		);
	}
	if (ledger.store === 'n8n static data' && !openHold(ledger.entry, claims.csvSha256, Date.now())) {
		throw refused(
			ctx,
			'this hold is not open: it was closed, or held in a manual run (whose static data n8n does not keep)',
			`Only a hold the published workflow recorded can be approved. ${RUN_AGAIN}`,
		);
	}
	return { claims, ledger };
}
