/**
 * Upload Snapshot and Preview Snapshot: the input -> one checked HRDC snapshot -> guards and
 * change report against the last accepted upload -> (upload) one request -> one output item
 * paired with every input item.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { OPERATION_PREVIEW } from '../description';
import {
	DEFAULT_GUARD_LIMITS,
	checkGuards,
	describeProblems,
	fingerprintSnapshot,
	hashUsers,
	readFingerprint,
	reportChanges,
	writeSnapshotCsv,
	type ChangeReport,
	type GuardLimits,
	type GuardViolation,
	type Snapshot,
} from '../snapshot';
import {
	DEFAULT_RETRY_SETTINGS,
	DEFAULT_TIMEOUT_MS,
	snapshotMultipartFrame,
	uploadSnapshotCsv,
	type UploadSettings,
} from '../transport';
import { readSnapshot, type ReadSnapshot } from './readSnapshot';

interface SnapshotOptions {
	groupDelimiter?: string;
	fileName?: string;
	includeCsv?: boolean;
	outputBinaryField?: string;
	skipInvalid?: boolean;
	maxRetries?: number;
	retryDelaySeconds?: number;
	maxRetryWaitSeconds?: number;
	timeoutSeconds?: number;
}

function uploadSettings(options: SnapshotOptions): UploadSettings {
	const seconds = (value: number | undefined, fallbackMs: number) =>
		typeof value === 'number' && Number.isFinite(value) && value >= 0
			? Math.round(value * 1000)
			: fallbackMs;
	return {
		retry: {
			maxRetries:
				typeof options.maxRetries === 'number'
					? Math.max(0, Math.floor(options.maxRetries))
					: DEFAULT_RETRY_SETTINGS.maxRetries,
			firstDelayMs: seconds(options.retryDelaySeconds, DEFAULT_RETRY_SETTINGS.firstDelayMs),
			maxTotalWaitMs: seconds(options.maxRetryWaitSeconds, DEFAULT_RETRY_SETTINGS.maxTotalWaitMs),
		},
		timeoutMs: Math.max(1000, seconds(options.timeoutSeconds, DEFAULT_TIMEOUT_MS)),
	};
}

const EMPTY_UPLOAD_REFUSED =
	'An empty upload would delete every HRDC group in ActivTrak, so the node never sends one';

/** Where the fingerprint of the last accepted snapshot lives in the node's static data. */
export const FINGERPRINT_KEY = 'lastAcceptedSnapshot';

function csvFileName(ctx: IExecuteFunctions, options: SnapshotOptions): string {
	const name = (options.fileName ?? '').trim() || 'hrdc-snapshot.csv';
	// The name goes into a quoted multipart header as it is: quotes, slashes and control
	// characters (a line break would start a header of its own) are refused.
	// eslint-disable-next-line no-control-regex
	if (!/\.csv$/i.test(name) || /["\\/\u0000-\u001f\u007f]/.test(name)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`File Name "${name}" must be a plain file name ending in .csv`,
			{
				description: "ActivTrak accepts CSV files only; change 'Options' > 'File Name'",
			},
		);
	}
	return name;
}

/** 'Put Output File in Field': the binary field that carries the CSV ('data' when left empty). */
function outputBinaryField(options: SnapshotOptions): string {
	return String(options.outputBinaryField ?? '').trim() || 'data';
}

function describeChanges(changes: ChangeReport): string {
	if (changes.firstUpload) {
		return `First upload from this node: ${changes.users.after} users, ${changes.groups.after} groups.`;
	}
	return [
		`Against the upload of ${changes.previousAcceptedAt}:`,
		`users ${changes.users.before} -> ${changes.users.after},`,
		`groups ${changes.groups.before} -> ${changes.groups.after} (${changes.groupsCreated.length} created, ${changes.groupsRemoved.length} deleted),`,
		`memberships +${changes.memberships.added} / -${changes.memberships.removed}.`,
	].join(' ');
}

function guardError(
	ctx: IExecuteFunctions,
	violations: GuardViolation[],
	changes: ChangeReport,
): NodeOperationError {
	const first = violations[0];
	return new NodeOperationError(
		ctx.getNode(),
		`Stopped by a safety limit, nothing was sent: ${first.message.replace(/\.$/, '')}${violations.length > 1 ? ` (and ${violations.length - 1} more)` : ''}`,
		{
			description: [
				...violations.map((v) => `- ${v.message} ${v.fix}`),
				'',
				describeChanges(changes),
				'Run Preview Snapshot to see every change.',
			].join('\n'),
		},
	);
}

function problemsError(
	ctx: IExecuteFunctions,
	snapshot: Snapshot,
	{ recordName, recordsAreItems }: ReadSnapshot,
): NodeOperationError {
	const first = snapshot.problems[0];
	const count = snapshot.problems.length;
	const name = recordName(first.itemIndex);
	return new NodeOperationError(
		ctx.getNode(),
		`${name.replace(/^./, (c) => c.toUpperCase())}, column ${first.column}: ${first.message}${count > 1 ? ` (and ${count - 1} more problems)` : ''}`,
		{
			itemIndex: recordsAreItems ? first.itemIndex : undefined,
			description: `Nothing was uploaded. Fix these and run again (or turn on 'Options' > 'Skip Invalid Items'):\n${describeProblems(snapshot.problems, { recordName })}`,
		},
	);
}

export async function executeSnapshot(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const pairedWithAll: IPairedItemData[] = items.map((_, item) => ({ item }));
	try {
		return [[await runSnapshot(this, items, pairedWithAll)]];
	} catch (error) {
		if (this.continueOnFail()) {
			const failure = error as Error & { description?: string };
			return [
				[
					{
						json: { error: failure.message, description: failure.description ?? null },
						pairedItem: pairedWithAll,
					},
				],
			];
		}
		throw asNodeError(this, error);
	}
}

async function runSnapshot(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	pairedItem: IPairedItemData[],
): Promise<INodeExecutionData> {
	const started = Date.now();
	const preview = ctx.getNodeParameter('operation', 0) === OPERATION_PREVIEW;
	const options = ctx.getNodeParameter('options', 0, {}) as SnapshotOptions;
	const limits: GuardLimits = {
		...DEFAULT_GUARD_LIMITS,
		...(ctx.getNodeParameter('safety', 0, {}) as Partial<GuardLimits>),
	};
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

	const input = await readSnapshot(ctx, items, options.groupDelimiter ?? '');
	const { snapshot, recordName } = input;
	if (snapshot.problems.length > 0 && !options.skipInvalid && !preview) {
		throw problemsError(ctx, snapshot, input);
	}
	if (snapshot.users.count === 0 && !preview) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The snapshot has no valid users, so nothing was uploaded',
			{
				description: EMPTY_UPLOAD_REFUSED,
			},
		);
	}

	const staticData = ctx.getWorkflowStaticData('node');
	const previous = readFingerprint(staticData[FINGERPRINT_KEY]);
	const hashes = hashUsers(snapshot, previous);
	const changes = reportChanges(snapshot, previous, hashes);
	const violations = checkGuards(snapshot, changes, limits);
	if (violations.length > 0 && !preview) throw guardError(ctx, violations, changes);

	// For an upload the CSV is written straight inside its multipart body.
	const frame = preview ? undefined : snapshotMultipartFrame(fileName);
	const { csv: csvBuffer, framed } = writeSnapshotCsv(snapshot, frame);
	const json: IDataObject = {
		operation: preview ? 'preview' : 'upload',
		uploaded: false,
		summary: { ...snapshot.summary, csvBytes: csvBuffer.length },
		changes: changes as unknown as IDataObject,
		warnings: warningsFor(snapshot, changes),
	};
	if (snapshot.problems.length > 0) {
		json.skippedItems = snapshot.problems.map((problem) => ({
			...problem,
			record: recordName(problem.itemIndex),
		}));
	}
	// The CSV output is stored while the upload is on its way (both only read the same bytes);
	// if the upload fails, the error wins and the stored copy goes with the failed execution.
	const storedCsv =
		preview || options.includeCsv !== false
			? ctx.helpers.prepareBinaryData(csvBuffer, fileName, 'text/csv')
			: null;
	storedCsv?.catch(() => undefined);
	if (preview) {
		json.readyToUpload =
			violations.length === 0 && snapshot.problems.length === 0 && snapshot.users.count > 0;
		json.guardViolations = violations as unknown as IDataObject[];
	} else {
		const upload = await uploadSnapshotCsv(
			ctx,
			{ frame: frame!, bytes: framed },
			uploadSettings(options),
		);
		json.uploaded = true;
		json.attempts = upload.attempts;
		json.success = upload.response.success;
		json.messages = upload.response.messages;
		json.statusCode = upload.statusCode;
		// Only an accepted upload becomes the baseline. n8n does not save static data of manual
		// executions, so a manual test run never becomes the baseline of scheduled runs.
		json.baselineUpdated = ctx.getMode() !== 'manual';
		if (json.baselineUpdated)
			staticData[FINGERPRINT_KEY] = fingerprintSnapshot(
				snapshot,
				hashes,
				new Date(),
			) as unknown as IDataObject;
	}
	const output: INodeExecutionData = { json, pairedItem };
	if (storedCsv) output.binary = { [outputBinaryField(options)]: await storedCsv };
	// For admins reading n8n's log at debug level, and for bench/ when a run is too large for
	// n8n to print: sizes and the node's own time, no names or ids.
	ctx.logger.debug(
		`ActivTrak HRDC ${preview ? 'preview' : 'upload'} done: ${snapshot.summary.users} users, ${snapshot.summary.rows} rows, ${csvBuffer.length} CSV bytes in ${Date.now() - started} ms`,
	);
	return output;
}

function warningsFor(snapshot: Snapshot, changes: ChangeReport): string[] {
	const warnings: string[] = [];
	if (snapshot.summary.groups === 0 && !snapshot.groupColumnMapped && changes.firstUpload) {
		warnings.push(
			'No user has a group. If this ActivTrak account has groups created through HRDC, this upload deletes them.',
		);
	}
	if (snapshot.summary.duplicateRowsCollapsed > 0) {
		warnings.push(
			`${snapshot.summary.duplicateRowsCollapsed} repeated (user, group) rows were sent once.`,
		);
	}
	return warnings;
}

/** n8n's own errors pass through unchanged; anything else is wrapped so n8n shows it well. */
function asNodeError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}
