/**
 * The ledger record that goes with a failed upload (Workflow Data): ActivTrak may have applied
 * it, so the workflow must keep the record with the upload in doubt (the templates' error
 * branch), as it keeps `newBaseline` after an accepted one. Pure.
 */
const pending = new WeakMap<object, string>();

export function attachPendingRecord(error: object, record: string): void {
	pending.set(error, record);
}

export const pendingRecordOf = (error: unknown): string | undefined =>
	typeof error === 'object' && error !== null ? pending.get(error) : undefined;
