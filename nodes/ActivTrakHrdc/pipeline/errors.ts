/**
 * The errors the operations raise, worded for the person who reads them in n8n: what happened,
 * that nothing was sent, and which option changes it.
 */
import { STOPPED_BY_LIMIT, refusedBecause } from '../messages';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BrokenLimit } from '../limits';
import {
	count,
	describeProblems,
	timeShownIn,
	type ChangeReport,
	type Snapshot,
} from '../snapshot';
import type { InputRead } from './readInput';

/** A run stopped before anything was sent: what happened, and what to do (the description). */
export function refusal(
	ctx: IExecuteFunctions,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { description });
}

export const EMPTY_UPLOAD_REFUSED =
	'An empty upload would delete every HRDC group in ActivTrak, so the node never sends one';

/** A stop's advice for a change meant once: hold it for a person rather than loosen a limit. */
const ONE_OFF_CHANGE_ADVICE =
	"If it is a one-off change you intend (a reorganisation, a planned clean-up), set 'When a Safety Limit Is Hit' to 'Hold for Approval' instead: the run is held until a person approves exactly this snapshot, and the limits stay as they are.";

/** One line on what the snapshot changes against the baseline. */
function describeChanges(
	changes: ChangeReport,
	showTime: (iso: string) => string = (iso) => iso,
): string {
	if (changes.firstUpload) {
		return `First upload from this node: ${count(changes.users.after, 'user')}, ${count(changes.groups.after, 'group')}.`;
	}
	return [
		`Against the upload of ${showTime(changes.previousAcceptedAt ?? '')}:`,
		`users ${changes.users.before} -> ${changes.users.after},`,
		`groups ${changes.groups.before} -> ${changes.groups.after} (${changes.groupsCreated.length} created, ${changes.groupsRemoved.length} deleted),`,
		`memberships +${changes.memberships.added} / -${changes.memberships.removed}.`,
	].join(' ');
}

export function limitsBrokenError(
	ctx: IExecuteFunctions,
	limitsBroken: BrokenLimit[],
	changes: ChangeReport,
): NodeOperationError {
	const first = limitsBroken[0];
	const others = limitsBroken.length - 1;
	const more =
		others > 0 ? ` (and ${others} more ${others === 1 ? 'limit' : 'limits'} broken)` : '';
	return new NodeOperationError(
		ctx.getNode(),
		`${STOPPED_BY_LIMIT}: ${first.message.replace(/\.$/, '')}${more}`,
		{
			description: [
				...limitsBroken.map((v) => `- ${v.message} ${v.fix}`),
				ONE_OFF_CHANGE_ADVICE,
				'',
				describeChanges(changes, timeShownIn(ctx.getTimezone())),
				'Run Preview Snapshot to see every change.',
			].join('\n'),
		},
	);
}

export function problemsError(
	ctx: IExecuteFunctions,
	snapshot: Snapshot,
	{ recordName, recordsAreItems }: InputRead,
): NodeOperationError {
	const first = snapshot.problems[0];
	const problemCount = snapshot.problems.length;
	const name = recordName(first.itemIndex).replace(/^./, (c) => c.toUpperCase());
	const more =
		problemCount > 1 ? ` (and ${count(problemCount - 1, 'more problem', 'more problems')})` : '';
	return new NodeOperationError(
		ctx.getNode(),
		`${name}, column ${first.column}: ${first.message}${more}`,
		{
			itemIndex: recordsAreItems ? first.itemIndex : undefined,
			description: `Nothing was uploaded. Fix these and run again (or turn on 'Options' > 'Skip Invalid Items'):\n${describeProblems(snapshot.problems, { recordName })}`,
		},
	);
}

/** An AI agent's upload without a baseline: nothing would protect what its call leaves out. */
export function toolWithoutBaselineError(ctx: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		refusedBecause(
			"As an AI agent's tool, Upload Snapshot needs a baseline, and this ActivTrak account has none here",
		),
		{
			description:
				"An upload replaces ActivTrak's whole HRDC snapshot with what this call sends: every group it leaves out is deleted. Without a baseline (the last accepted upload) the safety limits cannot see what would be lost. Run Upload Snapshot from a workflow with the full HR export first, or give the agent Preview Snapshot.",
		},
	);
}

/** n8n's own errors pass through unchanged; anything else is wrapped so n8n shows it well. */
export function asNodeError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}
