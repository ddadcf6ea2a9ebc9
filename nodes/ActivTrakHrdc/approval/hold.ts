/**
 * Held for approval: a snapshot that broke a safety limit leaves by the second output, with its
 * CSV, change report, a summary for people and a signed approval token, instead of stopping the
 * run. Upload Approved Snapshot (operations/uploadApproved.ts) later sends exactly those bytes,
 * after verify.ts checked the token.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordHold, stateTag } from '../ledger';
import { brokenLimitsForOutput, type BrokenLimit } from '../limits';
import { sha256 } from '../signing';
import { writeSnapshotCsv } from '../snapshot';
import type { Comparison } from '../pipeline/compare';
import {
	outputItem,
	outputJson,
	showTimeFor,
	storeCsv,
	summaryTextFor,
	type RunStatus,
} from '../pipeline/output';
import { runsAsAiTool, type SnapshotRead } from '../pipeline/read';
import { accountNames } from '../ledger/salt';
import { ON_LIMIT_HOLD, ON_LIMIT_STOP } from './description';
import { makeApprovalToken, type ApprovalClaims } from './token';
import { settingRefused } from '../messages';

/**
 * Whether a limit hit holds the snapshot instead of stopping. Only the exact setting holds; an
 * AI agent's call is never held (an agent cannot route a held item to a person).
 */
export function holdsForApproval(ctx: IExecuteFunctions): boolean {
	const setting = ctx.getNodeParameter('onSafetyLimit', 0, ON_LIMIT_STOP);
	if (setting !== ON_LIMIT_HOLD && setting !== ON_LIMIT_STOP) {
		throw new NodeOperationError(
			ctx.getNode(),
			settingRefused(
				"'When a Safety Limit Is Hit'",
				setting,
				`'${ON_LIMIT_STOP}' or '${ON_LIMIT_HOLD}'`,
			),
		);
	}
	return setting === ON_LIMIT_HOLD && !runsAsAiTool(ctx);
}

function approvalHours(ctx: IExecuteFunctions): number {
	const hours = ctx.getNodeParameter('approvalValidHours', 0, 24);
	if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > 720) {
		throw new NodeOperationError(
			ctx.getNode(),
			settingRefused("'Approval Valid For (Hours)'", hours, 'a number of hours from 0.01 to 720'),
		);
	}
	return hours;
}

/** The workflow an approval belongs to; an unsaved workflow has no id yet. */
export const workflowOf = (ctx: IExecuteFunctions) => String(ctx.getWorkflow().id ?? '');

/** The held item: nothing was sent; everything a person and the approving node need is here. */
export async function heldItem(
	ctx: IExecuteFunctions,
	read: SnapshotRead,
	comparison: Comparison,
	limitsBroken: BrokenLimit[],
	pairedItem: IPairedItemData[],
): Promise<INodeExecutionData> {
	const { snapshot } = read;
	const { ledger } = comparison;
	const expiresAt = Date.now() + Math.round(approvalHours(ctx) * 3_600_000);
	const { csv } = writeSnapshotCsv(snapshot);
	const claims: ApprovalClaims = {
		workflow: workflowOf(ctx),
		account: ledger.account,
		expiresAt,
		csvSha256: sha256(csv),
		// What the approval must still find: the same accepted snapshot, no new upload in doubt.
		baseline: stateTag(ledger.entry),
	};
	// Its approval must find it open (ledger/: closed by an accepted upload or a new baseline).
	await recordHold(ctx, ledger, claims.csvSha256, expiresAt);
	const validUntil = new Date(expiresAt).toISOString();
	const summaryText = summaryTextFor(ctx, read, comparison, 'held', limitsBroken, {
		approvalValidUntil: validUntil,
	});
	// What a person and the approving node need first (n8n shows keys in this order, and the
	// editor's JSON view renders the first ones), then the usual output.
	const json: IDataObject = {
		status: 'held' satisfies RunStatus,
		summaryText,
		held: true,
		limitsBroken: brokenLimitsForOutput(limitsBroken),
		approvalValidUntil: validUntil,
		approvalValidUntilShown: showTimeFor(ctx)(validUntil),
		approvalToken: makeApprovalToken((await accountNames(ctx)).secret, claims),
		...outputJson(read, comparison, 'upload', csv.length),
	};
	// The spread's placeholders took the values, not the places: put them back.
	json.status = 'held' satisfies RunStatus;
	json.summaryText = summaryText;
	// The held CSV always goes with the item: it is what will be approved and sent.
	return await outputItem(ctx, read, json, pairedItem, storeCsv(ctx, read, csv));
}
