/**
 * What every operation does before and after its own step, in one place: read the input into one
 * snapshot, check it, compare it with the baseline (change report), hold it to the safety
 * limits, and make the one output item. Upload and Preview differ only in what they do between.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	GUARD_OPTION_NAMES,
	atMostDefaults,
	checkGuards,
	hashUsers,
	readGuardLimits,
	reportChanges,
	type ChangeReport,
	type GuardLimits,
	type GuardViolation,
	type Snapshot,
	type UserHashes,
} from '../snapshot';
import {
	describeBaseline,
	noBaselineWarning,
	readBaseline,
	type Baseline,
} from '../baseline/store';
import { EMPTY_UPLOAD_REFUSED, problemsError } from './nodeErrors';
import { readSnapshot, type ReadSnapshot } from './readSnapshot';

/** Every key any operation's 'Options' collection can hold. */
export interface SnapshotOptions {
	groupDelimiter?: string;
	refuseSharedDisplayNames?: boolean;
	refuseFormulaCells?: boolean;
	fileName?: string;
	includeCsv?: boolean;
	outputBinaryField?: string;
	skipInvalid?: boolean;
	maxRetries?: number;
	retryDelaySeconds?: number;
	maxRetryWaitSeconds?: number;
	timeoutSeconds?: number;
}

export interface CheckedSnapshot {
	started: number;
	options: SnapshotOptions;
	fileName: string;
	input: ReadSnapshot;
	snapshot: Snapshot;
	baseline: Baseline;
	hashes: UserHashes;
	changes: ChangeReport;
	violations: GuardViolation[];
}

export function csvFileName(ctx: IExecuteFunctions, options: SnapshotOptions): string {
	const name = (options.fileName ?? '').trim() || 'hrdc-snapshot.csv';
	// The name goes into a quoted multipart header as it is: quotes, slashes and control
	// characters (a line break would start a header of its own) are refused.
	// eslint-disable-next-line no-control-regex
	if (!/\.csv$/i.test(name) || /["\\/\u0000-\u001f\u007f]/.test(name)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`File Name "${name}" must be a plain file name ending in .csv`,
			{ description: "ActivTrak accepts CSV files only; change 'Options' > 'File Name'" },
		);
	}
	return name;
}

/**
 * Whether the node runs as an AI agent's tool: n8n gives the tool variant of a node a type name
 * ending in "Tool", and each call is one item made of the model's arguments.
 */
export function runsAsAiTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/** 'Safety Limits' as set; a limit that is not a number of 0 or more stops the run, named. */
function safetyLimits(ctx: IExecuteFunctions): GuardLimits {
	const limits = readGuardLimits(ctx.getNodeParameter('safety', 0, {}) as Record<string, unknown>);
	// An agent's call goes through every limit, at its default or stricter.
	if (!('guard' in limits)) return runsAsAiTool(ctx) ? atMostDefaults(limits) : limits;
	const given = limits.value === undefined ? 'empty' : JSON.stringify(limits.value)?.slice(0, 60);
	throw new NodeOperationError(
		ctx.getNode(),
		`'Safety Limits' > '${GUARD_OPTION_NAMES[limits.guard]}' is ${given}, not a number of 0 or more, so nothing was sent`,
		{
			description:
				'A limit that cannot be read would be no limit at all. If it is set by an expression (e.g. an n8n variable), check that the expression gives a number here.',
		},
	);
}

/**
 * Reads and checks the snapshot and compares it with the baseline. For an upload, invalid items
 * (unless skipped) and a snapshot with no valid user stop here; a preview reports them instead.
 */
export async function checkSnapshot(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	{ forUpload }: { forUpload: boolean },
): Promise<CheckedSnapshot> {
	const started = Date.now();
	const options = ctx.getNodeParameter('options', 0, {}) as SnapshotOptions;
	const limits = safetyLimits(ctx);
	const fileName = csvFileName(ctx, options);
	if (items.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'No input items, so there is no snapshot to upload',
			{
				description: EMPTY_UPLOAD_REFUSED,
			},
		);
	}

	const input = await readSnapshot(ctx, items, {
		groupDelimiter: options.groupDelimiter ?? '',
		refuseSharedDisplayNames: options.refuseSharedDisplayNames === true,
		refuseFormulaCells: options.refuseFormulaCells === true,
	});
	const { snapshot } = input;
	// Only an explicit true skips: an expression giving "false" must not drop users.
	const skipInvalid = options.skipInvalid === true && !runsAsAiTool(ctx);
	if (forUpload && snapshot.problems.length > 0 && !skipInvalid) {
		throw problemsError(ctx, snapshot, input);
	}
	if (forUpload && snapshot.users.count === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The snapshot has no valid users, so nothing was uploaded',
			{
				description: EMPTY_UPLOAD_REFUSED,
			},
		);
	}

	const baseline = await readBaseline(ctx);
	const hashes = hashUsers(snapshot, baseline.fingerprint);
	const changes = reportChanges(snapshot, baseline.fingerprint, hashes);
	const violations = checkGuards(snapshot, changes, limits);
	return { started, options, fileName, input, snapshot, baseline, hashes, changes, violations };
}

/** The output item's JSON every operation starts from. */
export function outputJson(
	checked: CheckedSnapshot,
	operation: string,
	csvBytes: number,
): IDataObject {
	const { snapshot, changes, input, baseline } = checked;
	const baselineWarning = noBaselineWarning(baseline);
	const json: IDataObject = {
		operation,
		uploaded: false,
		summary: { ...snapshot.summary, csvBytes },
		changes: changes as unknown as IDataObject,
		baseline: describeBaseline(baseline),
		warnings: [
			...(baselineWarning ? [baselineWarning] : []),
			...input.notes,
			...warningsFor(snapshot, changes),
			...formulaWarnings(snapshot, input),
		],
	};
	if (snapshot.problems.length > 0) {
		json.skippedItems = snapshot.problems.map((problem) => ({
			...problem,
			record: input.recordName(problem.itemIndex),
		}));
	}
	return json;
}

/** One warning per cell that starts like a formula (the first 20), naming record and column. */
function formulaWarnings(snapshot: Snapshot, input: ReadSnapshot): string[] {
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
		const named = users
			.slice(0, 5)
			.map((user) => `"${user}"`)
			.join(', ');
		const more = users.length > 5 ? ` and ${users.length - 5} more` : '';
		warnings.push(
			`The display name "${displayName}" is given to ${users.length} users (${named}${more}): ActivTrak applies it to one of them and leaves the others' display names as they are. Turn on 'Options' > 'Refuse Shared Display Names' to stop such a run instead.`,
		);
	}
	if (snapshot.sharedDisplayNames.length > 20) {
		warnings.push(
			`...and ${snapshot.sharedDisplayNames.length - 20} more display names given to several users.`,
		);
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
	checked: CheckedSnapshot,
	csv: Buffer,
): Promise<IBinaryData> {
	const stored = ctx.helpers.prepareBinaryData(csv, checked.fileName, 'text/csv');
	stored.catch(() => undefined);
	return stored;
}

/** The one output item, paired with every input item, with the CSV when it was stored. */
export async function outputItem(
	ctx: IExecuteFunctions,
	checked: CheckedSnapshot,
	json: IDataObject,
	pairedItem: IPairedItemData[],
	storedCsv: Promise<IBinaryData> | null,
): Promise<INodeExecutionData> {
	const output: INodeExecutionData = { json, pairedItem };
	if (storedCsv) {
		// 'Put Output File in Field': the binary field that carries the CSV ('data' when empty).
		const field = String(checked.options.outputBinaryField ?? '').trim() || 'data';
		output.binary = { [field]: await storedCsv };
	}
	// For admins reading n8n's log at debug level, and for bench/ when a run is too large for
	// n8n to print: sizes and the node's own time, no names or ids.
	const { summary } = checked.snapshot;
	ctx.logger.debug(
		`ActivTrak HRDC ${String(json.operation)} done: ${summary.users} users, ${summary.rows} rows, ${String((json.summary as IDataObject).csvBytes)} CSV bytes in ${Date.now() - checked.started} ms`,
	);
	return output;
}
