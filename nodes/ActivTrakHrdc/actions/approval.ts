/**
 * Held for approval: a snapshot that broke a safety limit leaves by the second output, with its
 * CSV, change report, a summary for people and a signed approval token, instead of stopping the
 * run. Upload Approved Snapshot (uploadApproved.operation.ts) later sends exactly those bytes,
 * after checking the token here.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	baselineTag,
	makeApprovalToken,
	openApprovalToken,
	sha256,
	type ApprovalClaims,
} from '../approval/token';
import { GUARD_OPTION_NAMES, summaryForPeople, writeSnapshotCsv } from '../snapshot';
import { activTrakAccount, credentialSecret } from '../transport';
import { ON_LIMIT_HOLD, ON_LIMIT_STOP } from './approval.description';
import { holdIsOpen, openHoldsUntil, recordHold } from '../baseline/staticStore';
import { readBaseline, storeOf, type Baseline } from '../baseline/store';
import { refusal } from './nodeErrors';
import { outputItem, outputJson, runsAsAiTool, storeCsv, type CheckedSnapshot } from './pipeline';

/**
 * Whether a limit hit holds the snapshot instead of stopping. Only the exact setting holds; an
 * AI agent's call is never held (an agent cannot route a held item to a person).
 */
export function holdsForApproval(ctx: IExecuteFunctions): boolean {
	const setting = ctx.getNodeParameter('onSafetyLimit', 0, ON_LIMIT_STOP);
	if (setting !== ON_LIMIT_HOLD && setting !== ON_LIMIT_STOP) {
		throw new NodeOperationError(
			ctx.getNode(),
			`'When a Safety Limit Is Hit' is ${JSON.stringify(setting)?.slice(0, 40)}, so nothing was sent`,
		);
	}
	return setting === ON_LIMIT_HOLD && !runsAsAiTool(ctx);
}

function approvalHours(ctx: IExecuteFunctions): number {
	const hours = ctx.getNodeParameter('approvalValidHours', 0, 24);
	if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > 720) {
		throw new NodeOperationError(
			ctx.getNode(),
			`'Approval Valid For (Hours)' is ${JSON.stringify(hours)?.slice(0, 40)}, not a number of hours from 0.01 to 720, so nothing was sent`,
		);
	}
	return hours;
}

/** The workflow an approval belongs to; an unsaved workflow has no id yet. */
export const workflowOf = (ctx: IExecuteFunctions) => String(ctx.getWorkflow().id ?? '');

/** The held item: nothing was sent; everything a person and the approving node need is here. */
export async function heldItem(
	ctx: IExecuteFunctions,
	checked: CheckedSnapshot,
	pairedItem: IPairedItemData[],
): Promise<INodeExecutionData> {
	const { snapshot, changes, violations, baseline } = checked;
	const expiresAt = Date.now() + Math.round(approvalHours(ctx) * 3_600_000);
	const { csv } = writeSnapshotCsv(snapshot);
	const claims: ApprovalClaims = {
		workflow: workflowOf(ctx),
		account: baseline.account,
		expiresAt,
		csvSha256: await sha256(csv),
		baseline: await baselineTag(baseline.fingerprint),
	};
	// In static data the hold is recorded: its approval must find it open (see staticStore.ts).
	if (baseline.store === 'n8n static data')
		recordHold(ctx, baseline.account, claims.csvSha256, expiresAt);
	const validUntil = new Date(expiresAt).toISOString();
	// What a person reads first comes first (n8n shows keys in this order); then the usual output.
	const json: IDataObject = {
		operation: 'upload',
		uploaded: false,
		held: true,
		summaryText: summaryForPeople('held', snapshot.summary, changes, violations, validUntil),
		heldBecause: violations.map((v) => ({
			limit: GUARD_OPTION_NAMES[v.guard],
			message: v.message,
			fix: v.fix,
		})),
		approvalValidUntil: validUntil,
		approvalToken: await makeApprovalToken(await credentialSecret(ctx), claims),
		...outputJson(checked, 'upload', csv.length),
	};
	// The held CSV always goes with the item: it is what will be approved and sent.
	return await outputItem(ctx, checked, json, pairedItem, storeCsv(ctx, checked, csv));
}

function refused(ctx: IExecuteFunctions, why: string, description: string): NodeOperationError {
	return refusal(ctx, `The approval was refused, nothing was sent: ${why}`, description);
}

const RUN_AGAIN =
	'Run the sync again: it builds a fresh snapshot from the HR data and holds it for a new approval if a limit is still hit.';

/**
 * A manual upload (Static Data) while a hold is open is refused: n8n would not record it, so
 * the held snapshot's approval would later send it against a baseline ActivTrak no longer has.
 */
export function refuseManualUploadWhileHeld(ctx: IExecuteFunctions, baseline: Baseline): void {
	if (baseline.store !== 'n8n static data' || ctx.getMode() !== 'manual') return;
	const until = openHoldsUntil(ctx, baseline.account);
	if (until === null) return;
	throw refusal(
		ctx,
		'A snapshot held for approval is waiting, so this manual upload was not sent',
		`n8n keeps nothing of a manual run, so this upload would not become the baseline and the waiting approval (valid until ${new Date(until).toISOString()}) would then send a snapshot compared with the wrong one. Approve or reject the held snapshot first, let it expire, or run the active workflow.`,
	);
}

/**
 * Checks an approval token against what is about to be sent: the credential signed it, for this
 * workflow and account, it has not expired, the CSV is byte for byte the one held, and no other
 * upload has been accepted for the account since (the approved change report still holds).
 */
export async function checkApproval(
	ctx: IExecuteFunctions,
	token: unknown,
	csv: Uint8Array,
): Promise<{ claims: ApprovalClaims; baseline: Baseline }> {
	// n8n keeps no static data of a manual run: an approval there would be neither used up nor
	// recorded as the baseline, so the same token could send again, against a stale report.
	if (storeOf(ctx) === 'n8n static data' && ctx.getMode() === 'manual') {
		throw refused(
			ctx,
			'approvals are not taken in a manual run',
			"n8n does not keep static data for a manual run, so the approval could not be used up and the upload would not become the baseline. Approve from the active workflow (e.g. Slack's Send and Wait for Approval or a form, as in the templates).",
		);
	}
	if (typeof token !== 'string' || token.trim() === '') {
		throw refused(
			ctx,
			"'Approval Token' is empty",
			"It must be the approvalToken of the held item, e.g. {{ $('ActivTrak HRDC').item.json.approvalToken }}.",
		);
	}
	const account = await activTrakAccount(ctx);
	const opened = await openApprovalToken(await credentialSecret(ctx), token, account);
	if (!opened.ok) {
		const why = {
			'not a token': [
				'the token is not one this node gave out',
				"It must be the held item's approvalToken, unchanged.",
			],
			'another account': [
				'the token was made for another ActivTrak account',
				'The held upload used another credential (another key or region). Approve it with the node that uses that credential.',
			],
			altered: [
				'the token was changed or was not made with this credential',
				"Only the held item's approvalToken, unchanged, approves it.",
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
			`the approval expired at ${new Date(claims.expiresAt).toISOString()}`,
			`The HR data may have changed since. ${RUN_AGAIN}`,
		);
	}
	if ((await sha256(csv)) !== claims.csvSha256) {
		throw refused(
			ctx,
			'the CSV is not byte for byte the one that was held',
			"Only the exact held CSV can be approved: pass the held item's binary data unchanged to this node.",
		);
	}
	// The token is sound: now the baseline it must still hold against.
	const baseline = await readBaseline(ctx);
	if ((await baselineTag(baseline.fingerprint)) !== claims.baseline) {
		throw refused(
			ctx,
			'another upload to this ActivTrak account was accepted after the snapshot was held',
			`The approved change report no longer describes what this upload would do. ${RUN_AGAIN}`,
		);
	}
	if (
		baseline.store === 'n8n static data' &&
		!holdIsOpen(ctx, baseline.account, claims.csvSha256)
	) {
		throw refused(
			ctx,
			'this hold is not open: it was approved already, or held in a manual run (whose static data n8n does not keep)',
			`An approval sends its snapshot once, and only one held by the active workflow. ${RUN_AGAIN}`,
		);
	}
	return { claims, baseline };
}
