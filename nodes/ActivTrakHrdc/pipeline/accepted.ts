/**
 * What an accepted upload's output adds: ActivTrak's answer read (lines read, people it did not
 * match), the summary for people, and the ledger it was recorded in.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { attachPendingRecord, handOut } from '../ledger';
import type { HrdcUploadResult } from '../transport';
import { linesRead, notMatchedCount } from '../transport/responses';
import type { Comparison } from './compare';
import type { SnapshotRead } from './read';
import { summaryTextFor, type RunStatus } from './output';

/**
 * What an accepted upload adds to the output: ActivTrak's answer, the summary for people, and
 * the ledger it was recorded in (the caller recorded it: ledger/). With Workflow Data the record
 * goes out as `newBaseline`, for the workflow to keep; with Static Data n8n keeps it, and the
 * output says so.
 */
export async function acceptedJson(
	ctx: IExecuteFunctions,
	read: SnapshotRead,
	comparison: Comparison,
	base: IDataObject,
	upload: HrdcUploadResult,
	{ outcome, previousGeneration }: { outcome: 'uploaded' | 'approved'; previousGeneration: number },
): Promise<IDataObject> {
	const { ledger } = comparison;
	const saved: IDataObject = {
		baselineUpdated: true,
		baselineGeneration: { previous: previousGeneration, new: ledger.entry.generation },
	};
	if (ledger.store === 'workflow data') saved.newBaseline = await handOut(ctx, ledger);
	read.clock.lap('baselineWrite');
	const rows = read.snapshot.summary.rows;
	const { messages } = upload.response;
	const lines = linesRead(messages);
	const notMatched = notMatchedCount(messages);
	const answerWarnings =
		lines !== null && lines !== rows && lines !== rows + 1
			? [
					`ActivTrak says it read ${lines} lines, but the CSV sent has ${rows} rows (and a header): some rows may not have been applied. Check ActivTrak's Users and Groups pages.`,
				]
			: [];
	const users = read.snapshot.summary.users;
	if (notMatched !== null && users > 0 && notMatched >= users)
		throw nobodyMatchedError(ctx, users, saved.newBaseline as string | undefined);
	const unmatched = notMatched === null ? null : unmatchedLine(notMatched, users);
	if (unmatched) answerWarnings.unshift(unmatched);
	return {
		...base,
		status: 'uploaded' satisfies RunStatus,
		summaryText: summaryTextFor(ctx, read, comparison, outcome, [], {
			leading: unmatched ? [unmatched] : [],
		}),
		warnings: [...((base.warnings as string[] | undefined) ?? []), ...answerWarnings],
		uploaded: true,
		attempts: upload.attempts,
		success: upload.response.success,
		// ActivTrak's messages as they came, and what the node read from them (null: not said).
		messages,
		linesRead: lines,
		notMatched,
		statusCode: upload.statusCode,
		...saved,
	};
}

/**
 * ActivTrak took the upload but matched none of its users: a lookup id mapped to the wrong
 * field, most likely. It was applied (HRDC groups of this upload have no members now), so it is
 * the baseline; the run fails so that nobody reads it as a sync.
 */
function nobodyMatchedError(ctx: IExecuteFunctions, users: number, newBaseline?: string) {
	const error = new NodeOperationError(
		ctx.getNode(),
		`ActivTrak accepted the upload but found none of its ${users === 1 ? 'user' : `${users} users`}: nobody was updated`,
		{
			description: `ActivTrak applied the snapshot, so HRDC groups were left without members (it creates only groups with users it found). Check that user_lookup_id holds each person's email, User Principal Name or employee ID as ActivTrak knows them (Preview Snapshot shows the CSV), then run again. This upload is the baseline now${newBaseline ? " (with Workflow Data it is in the error's details.newBaseline: keep it)" : ''}.`,
		},
	);
	if (newBaseline) attachPendingRecord(error, newBaseline, false);
	return error;
}

/** The line that leads when ActivTrak says it matched fewer users than were sent. */
function unmatchedLine(notMatched: number, users: number): string | null {
	if (notMatched <= 0) return null;
	return `${notMatched} of ${users} ${users === 1 ? 'user was' : 'users were'} not found in ActivTrak (no update for them).`;
}
