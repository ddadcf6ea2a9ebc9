/**
 * The ledger record that goes with a failed run (Workflow Data), for the workflow to keep as it
 * keeps `newBaseline` (the templates' error branch): after a failed upload ActivTrak may have
 * applied (`inDoubt`), or after an upload ActivTrak accepted but the node still fails (it
 * matched nobody). Pure.
 */
interface PendingRecord {
	record: string;
	inDoubt: boolean;
}

const pending = new WeakMap<object, PendingRecord>();

export function attachPendingRecord(error: object, record: string, inDoubt = true): void {
	pending.set(error, { record, inDoubt });
}

export const pendingRecordOf = (error: unknown): PendingRecord | undefined =>
	typeof error === 'object' && error !== null ? pending.get(error) : undefined;
