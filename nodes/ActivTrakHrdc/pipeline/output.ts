/**
 * The one output item every operation gives: what the snapshot holds and changes, the baseline
 * it was compared with, warnings, items left out, and the CSV as binary data.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';

import { describeLedger, ledgerWarnings } from '../ledger';
import {
	count,
	listNames,
	quoted,
	composeSummaryText,
	timeShownIn,
	type AccountCheck,
	type ChangeReport,
	type RunOutcome,
	type Snapshot,
} from '../snapshot';
import { MAX_GROUP_NAME_LENGTH } from '../snapshot/groupRules';
import type { BrokenLimit } from '../limits';
import type { Ledger, LiveSettlement } from '../ledger';
import type { Comparison } from './compare';
import type { SnapshotRead } from './read';
import type { InputRead } from './readInput';

/** What a leaver policy did, as the output says it. */
const LEAVERS_DONE = {
	leaveOut: 'left out of the snapshot (their HRDC groups lose them; nothing is deleted)',
	doNotTrack: 'put on Do Not Track (track = n)',
	deleteUser: 'marked for deletion (delete_user = y)',
} as const;

/**
 * What a run came to, first in its output item: `uploaded`, `held`, `preview-ready` or
 * `preview-not-ready`. A refused run is an error (with 'Continue (regular output)', an item
 * with `status: 'refused'`).
 */
export type RunStatus = 'uploaded' | 'held' | 'preview-ready' | 'preview-not-ready';

/** A time as people read it in the workflow's time zone (its setting, else n8n's). */
export const showTimeFor = (ctx: IExecuteFunctions) => timeShownIn(ctx.getTimezone());

/** A manual run's first line: what becomes of the baseline when this runs from the editor. */
function manualRunLine(ctx: IExecuteFunctions, ledger: Ledger): string | null {
	if (ctx.getMode() !== 'manual') return null;
	return ledger.store === 'workflow data'
		? "Run from the editor: the new baseline is in 'newBaseline', and counts only once the workflow keeps it (as its baseline store step does)."
		: 'Run from the editor: an upload from here is refused with Static Data (n8n keeps nothing a manual run records). Upload by running the published workflow, e.g. its Run Now trigger.';
}

/**
 * `summaryText`: what a person reads (snapshot/summaryText.ts), and, with a source preset,
 * what was done to the leavers it found. `leading` lines come first.
 */
export function summaryTextFor(
	ctx: IExecuteFunctions,
	{ snapshot, input }: SnapshotRead,
	{ changes, ledger, account, settlement }: Comparison,
	outcome: RunOutcome,
	limitsBroken: readonly BrokenLimit[],
	notes: { leading?: string[]; approvalValidUntil?: string } = {},
): string {
	const manual = manualRunLine(ctx, ledger);
	const text = composeSummaryText(outcome, snapshot.summary, changes, limitsBroken, {
		...notes,
		leading: [...(manual ? [manual] : []), ...(notes.leading ?? [])],
		showTime: showTimeFor(ctx),
	});
	const lines = [text];
	// Counts only: the lookup ids are in the output's liveCheck, never pasted into the summary.
	if (account) lines.push(...accountLines(account, settlement, snapshot.summary.users));
	const found = input.leavers?.found ?? 0;
	if (found > 0) {
		const leavers = found === 1 ? '1 leaver' : `${found} leavers`;
		lines.push(`${leavers} in the HR data: ${LEAVERS_DONE[input.leavers!.policy]}.`);
	}
	return lines.join('\n');
}

/** What the check against ActivTrak found, as the summary says it: counts, never names. */
function accountLines(
	{ usersNotFound, accountUsers, groupsOfOtherSources, groupsToDelete }: AccountCheck,
	settlement: LiveSettlement | null,
	users: number,
): string[] {
	const lines = [
		usersNotFound === 0
			? `Checked against ActivTrak (${accountUsers} users there): every user of the snapshot was found.`
			: `Checked against ActivTrak (${accountUsers} users there): ${usersNotFound} of ${users} users match no ActivTrak user by email, UPN or employee ID, so HRDC changes nothing for them (see liveCheck.notFound).`,
	];
	if (groupsOfOtherSources.length > 0)
		lines.push(
			`${count(groupsOfOtherSources.length, 'group')} of the snapshot already exist in ActivTrak from another integration (such as Entra ID): ActivTrak's guide advises other names (see liveCheck.groupsOfOtherSources).`,
		);
	lines.push(
		groupsToDelete === null
			? 'Which HRDC groups in ActivTrak an upload deletes is not known until ActivTrak shows the groups of an accepted upload.'
			: groupsToDelete.count === 0
				? `Every one of the ${groupsToDelete.hrdcGroups} HRDC groups in ActivTrak is in the snapshot.`
				: `${groupsToDelete.count} of the ${groupsToDelete.hrdcGroups} HRDC groups in ActivTrak are not in the snapshot, so an upload deletes them (see liveCheck.groupsToDelete).`,
	);
	const shows = settlement?.doubts?.shows;
	if (shows === 'upload in doubt')
		lines.push('ActivTrak shows the upload whose outcome was not known: it is the baseline now.');
	else if (shows === 'accepted upload' && settlement!.doubts!.stillInDoubt === 0)
		lines.push('ActivTrak shows the last accepted upload: the uploads in doubt were not applied.');
	return lines;
}

/** The output item's JSON every operation starts from. */
export function outputJson(
	{ snapshot, input }: SnapshotRead,
	{ changes, ledger, account, settlement }: Comparison,
	operation: string,
	csvBytes: number,
): IDataObject {
	const json: IDataObject = {
		// What a person reads first comes first (n8n shows keys in this order); set by the caller.
		status: '',
		summaryText: '',
		operation,
		uploaded: false,
		summary: { ...snapshot.summary, csvBytes },
		changes: changes as unknown as IDataObject,
		baseline: describeLedger(ledger),
		warnings: [
			...ledgerWarnings(ledger),
			...input.notes,
			...warningsFor(snapshot, changes),
			...formulaWarnings(snapshot, input),
		],
	};
	if (account)
		json.liveCheck = {
			...account,
			...(settlement?.doubts ? { uploadsInDoubt: { ...settlement.doubts } } : {}),
		};
	if (input.leavers) {
		const { found, policy, lookupIds } = input.leavers;
		json.leavers = { found, done: LEAVERS_DONE[policy], lookupIds };
	}
	if (input.futureHires) json.futureHires = { ...input.futureHires };
	if (snapshot.problems.length > 0) {
		json.skippedItems = snapshot.problems.map((problem) => ({
			...problem,
			record: input.recordName(problem.itemIndex),
		}));
	}
	return json;
}

/** One warning per cell that starts like a formula (the first 20), naming record and column. */
function formulaWarnings(snapshot: Snapshot, input: InputRead): string[] {
	const cells = snapshot.formulaCells;
	if (cells.length === 0) return [];
	const named = cells.slice(0, 20).map(({ itemIndex, column, start }) => {
		const record = input.recordName(itemIndex).replace(/^./, (first) => first.toUpperCase());
		return `${record}, column ${column}: starts with "${start}", so a spreadsheet opening this CSV (or an export of it) would run it as a formula. Check the source data; turn on 'Options' > 'Refuse Formula-Like Cells' to stop such a run instead.`;
	});
	if (cells.length > 20)
		named.push(`...and ${cells.length - 20} more cells that start like a formula.`);
	return named;
}

function warningsFor(snapshot: Snapshot, changes: ChangeReport): string[] {
	const warnings: string[] = [];
	if (snapshot.summary.groups === 0 && !snapshot.groupColumnMapped && changes.firstUpload) {
		warnings.push(
			'No user has a group. If this ActivTrak account has groups created through HRDC, this upload deletes them.',
		);
	}
	for (const { displayName, users } of snapshot.sharedDisplayNames.slice(0, 20)) {
		warnings.push(
			`The display name ${quoted(displayName)} is given to ${users.length} users${listNames(users)}: ActivTrak applies it to one of them and leaves the others' display names as they are. Turn on 'Options' > 'Refuse Shared Display Names' to stop such a run instead.`,
		);
	}
	if (snapshot.sharedDisplayNames.length > 20) {
		warnings.push(
			`...and ${snapshot.sharedDisplayNames.length - 20} more display names given to several users.`,
		);
	}
	for (const names of snapshot.lookAlikeGroups.slice(0, 20)) {
		warnings.push(
			`The groups ${names
				.slice(0, 5)
				// Whole (a group name is at most 65 characters): the difference may be at the end.
				.map((name) => quoted(name, MAX_GROUP_NAME_LENGTH))
				.join(
					', ',
				)} differ only in case or spacing: ActivTrak may take them for one group or for two, and people will take them for one. Use one spelling in the source data.`,
		);
	}
	if (snapshot.lookAlikeGroups.length > 20) {
		warnings.push(`...and ${snapshot.lookAlikeGroups.length - 20} more sets of look-alike groups.`);
	}
	if (snapshot.summary.duplicateRowsCollapsed > 0) {
		warnings.push(
			`${snapshot.summary.duplicateRowsCollapsed} repeated (user, group) rows were sent once.`,
		);
	}
	return warnings;
}

/**
 * Starts storing the CSV as the output's binary data. It is stored while an upload is on its
 * way (both only read the same bytes); if the upload fails, the error wins and the stored copy
 * goes with the failed execution.
 */
export function storeCsv(
	ctx: IExecuteFunctions,
	{ fileName }: SnapshotRead,
	csv: Buffer,
): Promise<IBinaryData> {
	const stored = ctx.helpers.prepareBinaryData(csv, fileName, 'text/csv');
	stored.catch(() => undefined);
	return stored;
}

/** The one output item, paired with every input item, with the CSV when it was stored. */
export async function outputItem(
	ctx: IExecuteFunctions,
	{ clock, options, snapshot }: SnapshotRead,
	json: IDataObject,
	pairedItem: IPairedItemData[],
	storedCsv: Promise<IBinaryData> | null,
): Promise<INodeExecutionData> {
	clock.lap('output');
	const output: INodeExecutionData = { json, pairedItem };
	if (storedCsv) {
		// 'Put Output File in Field': the binary field that carries the CSV ('data' when empty).
		const field = String(options.outputBinaryField ?? '').trim() || 'data';
		output.binary = { [field]: await storedCsv };
		clock.lap('binary');
	}
	// For admins reading n8n's log at debug level, and for bench/ (its phase breakdown, and the
	// node's time when a run is too large for n8n to print): sizes and times, no names or ids.
	const { summary } = snapshot;
	ctx.logger.debug(
		`ActivTrak HRDC ${String(json.operation)} done: ${summary.users} users, ${summary.rows} rows, ${String((json.summary as IDataObject).csvBytes)} CSV bytes in ${Math.round(clock.elapsedMs())} ms (${clock.breakdown()})`,
	);
	return output;
}
