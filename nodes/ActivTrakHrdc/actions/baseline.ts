/**
 * The baseline: the fingerprint of the last snapshot ActivTrak accepted, which the change report
 * and the safety limits compare with. Where it is kept is decided here and nowhere else.
 *
 * Today: n8n's workflow static data of this node. n8n saves static data only for production
 * executions (a trigger of an active workflow, the CLI, queue-mode workers), never for manual
 * runs from the editor, so a manual run never becomes the baseline of scheduled runs.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readFingerprint, type SnapshotFingerprint } from '../snapshot';

/** Where the fingerprint lives in the node's static data. */
export const FINGERPRINT_KEY = 'lastAcceptedSnapshot';

export function readBaseline(ctx: IExecuteFunctions): SnapshotFingerprint | null {
	return readFingerprint(ctx.getWorkflowStaticData('node')[FINGERPRINT_KEY]);
}

/** Records an accepted snapshot; says whether n8n will keep it (not for a manual run). */
export function saveBaseline(
	ctx: IExecuteFunctions,
	fingerprint: () => SnapshotFingerprint,
): boolean {
	if (ctx.getMode() === 'manual') return false;
	ctx.getWorkflowStaticData('node')[FINGERPRINT_KEY] = fingerprint() as unknown as IDataObject;
	return true;
}
