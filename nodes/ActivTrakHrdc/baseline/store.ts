/**
 * The baseline: the fingerprint of the last snapshot ActivTrak accepted, which the change report
 * and the safety limits compare with. Where it is kept is decided in this folder and nowhere
 * else: in n8n's static data (staticStore.ts, the default) or handed to and from the workflow
 * (workflowStore.ts, for queue mode on n8n 2.x).
 *
 * It belongs to the ActivTrak account the credential points at, within the workflow, so it
 * survives renaming or moving the node, and two nodes of one workflow that upload to one account
 * share it. Without one, the four limits that compare with the last upload cannot be checked:
 * every run says so, and a store that should have one and does not stops the run, unless 'First
 * Upload' says it is the first.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { LIMITS_AGAINST_LAST_UPLOAD, limitLabel } from '../limits';
import type { SnapshotFingerprint } from '../snapshot';
import { activTrakAccount } from '../transport';
import { STORE_STATIC_DATA, STORE_WORKFLOW_DATA } from './description';
import { readStaticBaseline, saveStaticBaseline } from './staticStore';
import type { Baseline } from './types';
import { newWorkflowBaseline, readWorkflowBaseline } from './workflowStore';

export type { Baseline } from './types';

export function storeOf(ctx: IExecuteFunctions): Baseline['store'] {
	return ctx.getNodeParameter('baselineStore', 0, STORE_STATIC_DATA) === STORE_WORKFLOW_DATA
		? 'workflow data'
		: 'n8n static data';
}

export async function readBaseline(ctx: IExecuteFunctions): Promise<Baseline> {
	const account = await activTrakAccount(ctx);
	// Only an explicit true: an expression giving "false" must not turn four limits off.
	const firstUpload = ctx.getNodeParameter('firstUpload', 0, false) === true;
	return storeOf(ctx) === 'workflow data'
		? await readWorkflowBaseline(ctx, account, firstUpload)
		: await readStaticBaseline(ctx, account, firstUpload);
}

/**
 * Records an accepted snapshot. In static data n8n keeps it, except for a manual run; as
 * workflow data it is given out as `newBaseline` (the upload was accepted, whatever the mode).
 */
export async function saveBaseline(
	ctx: IExecuteFunctions,
	baseline: Baseline,
	fingerprint: () => SnapshotFingerprint,
): Promise<IDataObject> {
	if (baseline.store === 'workflow data') {
		return {
			baselineUpdated: true,
			newBaseline: await newWorkflowBaseline(ctx, baseline.account, fingerprint()),
		};
	}
	if (ctx.getMode() === 'manual') return { baselineUpdated: false };
	await saveStaticBaseline(ctx, baseline, fingerprint());
	return { baselineUpdated: true };
}

/** What the output says about the baseline, loudly when there is none. */
export function describeBaseline(baseline: Baseline): IDataObject {
	if (baseline.fingerprint) {
		return {
			found: true,
			acceptedAt: baseline.fingerprint.acceptedAt,
			keptIn: baseline.store,
			...(baseline.foundIn === 'previous key' ? { takenOverFrom: 'the previous API key' } : {}),
		};
	}
	return {
		found: false,
		keptIn: baseline.store,
		why:
			baseline.store === 'workflow data'
				? "'First Upload' is on and 'Previous Baseline' is empty"
				: "No upload from this workflow to this ActivTrak account has been accepted yet (a first upload), or 'First Upload' is on",
		limitsNotChecked: LIMITS_AGAINST_LAST_UPLOAD.map((limit) => limitLabel(limit)),
	};
}

/** The warning every run without a baseline carries. */
export function noBaselineWarning(baseline: Baseline): string | null {
	if (baseline.fingerprint) return null;
	return `No baseline: nothing from this workflow to this ActivTrak account was accepted before, so every Do Not Track and deletion counts as new and these limits could not be checked: ${LIMITS_AGAINST_LAST_UPLOAD.map((limit) => `'${limitLabel(limit)}'`).join(', ')}. If this account has had uploads before (from another workflow, by hand, or from this one before its static data was lost), preview first.`;
}
