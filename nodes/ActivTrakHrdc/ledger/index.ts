/**
 * The account ledger: what the node believes one ActivTrak account holds, and the one way to read
 * or change that belief. Every safety limit compares with it, so it must never silently part
 * from ActivTrak. One entry per account (base URL and key) within the workflow (entry.ts):
 *
 *   accepted   the last snapshot ActivTrak accepted (or Set Baseline recorded), its generation
 *   inDoubt    uploads sent whose answer was lost: ActivTrak may hold any of them instead
 *   holds      held snapshots waiting for a person; used: tokens whose bytes were sent
 *
 * The state machine (each arrow one function below; every change is one new revision):
 *
 *   blank --First Upload--> (send) --accepted--> accepted(g+1), doubts and holds cleared
 *   any   --beginUpload--> + inDoubt(candidate)  (recorded BEFORE the request goes out)
 *         --answer proves nothing applied (4xx, refused, never connected)--> - that doubt
 *         --answer lost (timeout, reset, 5xx)--> the doubt stays: the next run is checked
 *           against the accepted snapshot AND each one in doubt, and stops or is held if either
 *           breaks a limit ("the outcome of the upload at ... is not known")
 *   any   --recordHold--> + hold;  --useApproval--> hold closed, token used (before sending)
 *   any   --Set Baseline (refused over an existing one unless Replace)--> accepted(g+1)
 *   inDoubt --ActivTrak's live state (SCIM) shows exactly one of the snapshots-->
 *           that one accepted(g+1), or the accepted one kept; doubts older than the settling
 *           time cleared (liveState.ts). The HRDC groups' source type is learned then too.
 *
 * Within one n8n process, runs of one workflow and account are serialised (withLedgerLock) and
 * the newest entry wins over an execution's older copy of the static data (registry.ts). Across
 * processes the store decides: docs/baseline.md says what holds there and after a crash.
 */
import { randomBytes } from 'node:crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import type { ActivTrakAccount, SnapshotFingerprint } from '../snapshot';
import { asNodeError, refusal } from '../pipeline/errors';
import { failureProvedNotApplied } from '../transport';
import { accountNames } from './salt';
import { outcomeNotKnown } from './describe';
import { attachPendingRecord } from './pending';
import {
	MAX_UPLOADS_IN_DOUBT,
	isBlank,
	withAccepted,
	withApprovalUsed,
	withHold,
	withNotApplied,
	withUploadInDoubt,
	type LedgerEntry,
	type UploadInDoubt,
} from './entry';
import { settleWithAccount, type LiveSettlement } from './liveState';
import { seal } from './record';
import { attachCopy, liveCopies, remember, slotKey, withLock } from './registry';
import { dropNodeLegacy, writeStatic } from './stores';
import { storeOf } from './open';
import type { Ledger } from './types';
import { refusedBecause } from '../messages';

export type { Ledger, StoreName } from './types';
export { openLedger, requireLedger, storeOf } from './open';
export { outcomeNotKnown };
export { describeLedger, ledgerWarnings } from './describe';
export { possibleStates, stateTag, usedApproval, openHold, MAX_UPLOADS_IN_DOUBT } from './entry';
export { attachPendingRecord, pendingRecordOf } from './pending';
export { hrdcSourceTypeOf, type LiveSettlement } from './liveState';
export { keepsLookupIds, refuseManualSend, refuseToReplaceBaseline } from './guards';

const workflowOf = (ctx: IExecuteFunctions) => String(ctx.getWorkflow().id ?? '');

/**
 * Runs `work` alone among this process's executions that use the same workflow and account:
 * read -> compare -> upload -> record is one step for the others.
 */
export async function withLedgerLock<T>(ctx: IExecuteFunctions, work: () => Promise<T>) {
	const key = slotKey(workflowOf(ctx), (await accountNames(ctx)).account);
	if (storeOf(ctx) === 'n8n static data') attachCopy(key, ctx.getWorkflowStaticData('global'));
	return await withLock(key, work);
}

/** The record as the workflow keeps it (`newBaseline`), sealed with the credential. */
export async function handOut(ctx: IExecuteFunctions, ledger: Ledger): Promise<string> {
	const { secret, salt } = await accountNames(ctx);
	return JSON.stringify(seal(secret, ledger.account, ledger.entry, salt));
}

/** Makes `entry` the ledger's: in this process, and (Static Data) in every live copy. */
async function commit(ctx: IExecuteFunctions, ledger: Ledger, entry: LedgerEntry) {
	ledger.entry = entry;
	// n8n keeps nothing a manual run writes into static data, so neither does the process: a
	// hold made there must not be approvable later in this process and refused after a restart.
	if (ledger.store === 'n8n static data' && ctx.getMode() === 'manual') return;
	const key = slotKey(ledger.workflowId, ledger.account);
	remember(key, entry);
	if (ledger.store !== 'n8n static data') return;
	const { secret, salt } = await accountNames(ctx);
	const record = seal(secret, ledger.account, entry, salt);
	const own = ctx.getWorkflowStaticData('global');
	writeStatic(own, ledger.account, record, ledger.replaces);
	for (const copy of liveCopies(key)) {
		if (copy !== own) writeStatic(copy as typeof own, ledger.account, record, ledger.replaces);
	}
	dropNodeLegacy(ctx);
}

export async function recordHold(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	csvSha256: string,
	until: number,
) {
	await commit(ctx, ledger, withHold(ledger.entry, { csvSha256, until }, Date.now()));
}

/** Before the request: from now on ActivTrak may hold this snapshot. */
async function beginUpload(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	candidate: SnapshotFingerprint,
): Promise<UploadInDoubt> {
	const doubt = {
		id: randomBytes(9).toString('base64url'),
		sentAt: new Date().toISOString(),
		fingerprint: candidate,
	};
	await commit(ctx, ledger, withUploadInDoubt(ledger.entry, doubt));
	return doubt;
}

export async function recordAccepted(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	fingerprint: SnapshotFingerprint,
) {
	await commit(ctx, ledger, withAccepted(ledger.entry, fingerprint));
}

/**
 * What the account, read at `readAt`, settles: the HRDC source type once learned, and which
 * snapshot it holds when uploads are in doubt (liveState.ts). Recorded only when it changes.
 */
export async function recordLiveState(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	account: ActivTrakAccount,
	readAt: number,
): Promise<LiveSettlement> {
	const settlement = settleWithAccount(ledger.entry, account, readAt);
	if (settlement.entry !== ledger.entry) await commit(ctx, ledger, settlement.entry);
	return settlement;
}

/**
 * After a failed upload: a failure that proves nothing was applied clears its doubt; any other
 * leaves it, says so in the error, and (Workflow Data) hands the record with the doubt to the
 * failure item for the workflow to keep.
 */
async function recordFailedUpload(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	doubt: UploadInDoubt,
	error: unknown,
): Promise<void> {
	if (failureProvedNotApplied(error)) {
		await commit(ctx, ledger, withNotApplied(ledger.entry, doubt.id));
		return;
	}
	if (typeof error !== 'object' || error === null) return;
	const failure = error as { description?: string | null };
	const unknown = outcomeNotKnown(doubt.sentAt);
	failure.description = `${failure.description ? `${failure.description} ` : ''}Now ${unknown}. The next run is checked against this upload as well as against the last accepted one, and stops or is held if either comparison breaks a safety limit.`;
	if (ledger.store === 'workflow data') attachPendingRecord(error, await handOut(ctx, ledger));
}

export async function recordApprovalUsed(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	csvSha256: string,
	until: number,
) {
	await commit(ctx, ledger, withApprovalUsed(ledger.entry, csvSha256, until, Date.now()));
}

/**
 * Sends a snapshot under the ledger: recorded in doubt before `send` goes out, then accepted,
 * or settled by the failure (recordFailedUpload). Upload and Upload Approved both send so.
 */
export async function sendRecorded<T>(
	ctx: IExecuteFunctions,
	ledger: Ledger,
	candidate: SnapshotFingerprint,
	send: () => Promise<T>,
): Promise<T> {
	if (ledger.entry.inDoubt.length >= MAX_UPLOADS_IN_DOUBT) {
		// Each doubt is one more state every run must be checked against; past a few, a person
		// must look at ActivTrak instead of the node guessing further.
		throw refusal(
			ctx,
			refusedBecause(
				`The outcomes of the last ${ledger.entry.inDoubt.length} uploads are not known`,
			),
			"ActivTrak may hold any of them (it answered none of them in time). Check ActivTrak's Users and Groups pages and whether it is reachable, then run Set Baseline From Previous Upload with the CSV of the upload ActivTrak shows, 'Replace Existing Baseline' on: the next upload is then held to every limit against it.",
		);
	}
	const doubt = await beginUpload(ctx, ledger, candidate);
	let answer: T;
	try {
		answer = await send();
	} catch (error) {
		// n8n's own errors pass through unchanged (the transport's are), so the mark of a failure
		// that proved nothing was applied is still found on it.
		const failure = asNodeError(ctx, error);
		await recordFailedUpload(ctx, ledger, doubt, failure);
		throw failure;
	}
	await recordAccepted(ctx, ledger, { ...candidate, acceptedAt: new Date().toISOString() });
	return answer;
}

/** Whether the account has anything recorded: a snapshot, an upload in doubt. */
export const hasLedger = (ledger: Ledger) => !isBlank(ledger.entry);
