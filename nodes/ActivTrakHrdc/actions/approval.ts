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
import { credentialSecret } from '../transport';
import { ON_LIMIT_HOLD, ON_LIMIT_STOP } from './approval.description';
import type { Baseline } from './baseline';
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
 * Checks an approval token against what is about to be sent: the credential signed it, for this
 * workflow and account, it has not expired, the CSV is byte for byte the one held, and no other
 * upload has been accepted for the account since (the approved change report still holds).
 */
export async function checkApproval(
	ctx: IExecuteFunctions,
	token: unknown,
	csv: Uint8Array,
	baseline: Baseline,
): Promise<ApprovalClaims> {
	if (typeof token !== 'string' || token.trim() === '') {
		throw refused(
			ctx,
			"'Approval Token' is empty",
			"It must be the approvalToken of the held item, e.g. {{ $('ActivTrak HRDC').item.json.approvalToken }}.",
		);
	}
	const opened = await openApprovalToken(await credentialSecret(ctx), token, baseline.account);
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
	if ((await baselineTag(baseline.fingerprint)) !== claims.baseline) {
		throw refused(
			ctx,
			'another upload to this ActivTrak account was accepted after the snapshot was held',
			`The approved change report no longer describes what this upload would do. ${RUN_AGAIN}`,
		);
	}
	return claims;
}
