/**
 * Upload Snapshot: all input items -> one checked HRDC snapshot -> held to the safety limits ->
 * one request -> ActivTrak's answer, and the snapshot becomes the baseline.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fingerprintSnapshot, writeSnapshotCsv } from '../snapshot';
import {
	DEFAULT_RETRY_SETTINGS,
	DEFAULT_TIMEOUT_MS,
	snapshotMultipartFrame,
	uploadSnapshotCsv,
	type UploadSettings,
} from '../transport';
import { saveBaseline } from './baseline';
import { guardError, toolWithoutBaselineError } from './nodeErrors';
import {
	fileNameOption,
	groupDelimiterOption,
	includeCsvOption,
	maxRetriesOption,
	maxRetryWaitSecondsOption,
	outputBinaryFieldOption,
	refuseFormulaCellsOption,
	refuseSharedDisplayNamesOption,
	retryDelaySecondsOption,
	skipInvalidOption,
	timeoutSecondsOption,
} from './options.description';
import {
	checkSnapshot,
	outputItem,
	outputJson,
	runsAsAiTool,
	storeCsv,
	type SnapshotOptions,
} from './pipeline';

export const operation = {
	name: 'Upload Snapshot',
	value: 'upload',
	description:
		'Build one HRDC CSV from the input, check it, and upload it to ActivTrak, replacing the previous snapshot',
	action: 'Upload snapshot of users and groups',
} as const;

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		description: 'File name, group splitting, retries and timeouts, and what to return',
		displayOptions: { show: { operation: [operation.value] } },
		options: [
			fileNameOption,
			retryDelaySecondsOption,
			groupDelimiterOption,
			includeCsvOption,
			maxRetriesOption,
			maxRetryWaitSecondsOption,
			outputBinaryFieldOption,
			refuseFormulaCellsOption,
			refuseSharedDisplayNamesOption,
			timeoutSecondsOption,
			skipInvalidOption,
		],
	},
];

/** A day: no wait or timeout of one upload needs longer, and Node.js timers overflow past 24.8. */
const MAX_SECONDS = 86_400;

/**
 * Retries and timeout as set. A value that is not a number in range stops the run, named: an
 * expression giving "abc" or 30 days must not quietly become the default, or overflow a timer.
 */
function uploadSettings(ctx: IExecuteFunctions, options: SnapshotOptions): UploadSettings {
	const read = (name: keyof SnapshotOptions, label: string, min: number, max: number) => {
		const value = options[name];
		if (value === undefined || value === null || value === '') return undefined;
		if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)
			return value;
		throw new NodeOperationError(
			ctx.getNode(),
			`'Options' > '${label}' is ${JSON.stringify(value)?.slice(0, 60)}, not a number from ${min} to ${max}, so nothing was sent`,
			{ description: 'If it is set by an expression, check that the expression gives a number.' },
		);
	};
	const ms = (seconds: number | undefined, fallbackMs: number) =>
		seconds === undefined ? fallbackMs : Math.round(seconds * 1000);
	const maxRetries = read('maxRetries', maxRetriesOption.displayName, 0, 10);
	return {
		retry: {
			maxRetries:
				maxRetries === undefined ? DEFAULT_RETRY_SETTINGS.maxRetries : Math.floor(maxRetries),
			firstDelayMs: ms(
				read('retryDelaySeconds', retryDelaySecondsOption.displayName, 0, MAX_SECONDS),
				DEFAULT_RETRY_SETTINGS.firstDelayMs,
			),
			maxTotalWaitMs: ms(
				read('maxRetryWaitSeconds', maxRetryWaitSecondsOption.displayName, 0, MAX_SECONDS),
				DEFAULT_RETRY_SETTINGS.maxTotalWaitMs,
			),
		},
		timeoutMs: ms(
			read('timeoutSeconds', timeoutSecondsOption.displayName, 1, MAX_SECONDS),
			DEFAULT_TIMEOUT_MS,
		),
	};
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	pairedItem: IPairedItemData[],
): Promise<INodeExecutionData> {
	const checked = await checkSnapshot(this, items, { forUpload: true });
	const { snapshot, changes, violations, options, hashes } = checked;
	if (runsAsAiTool(this) && !checked.baseline.fingerprint) throw toolWithoutBaselineError(this);
	if (violations.length > 0) throw guardError(this, violations, changes);

	// The CSV is written straight inside its multipart body: one Buffer, sent as it is.
	const frame = snapshotMultipartFrame(checked.fileName);
	const { csv, framed } = writeSnapshotCsv(snapshot, frame);
	const json = outputJson(checked, operation.value, csv.length);
	const storedCsv = options.includeCsv !== false ? storeCsv(this, checked, csv) : null;

	const upload = await uploadSnapshotCsv(
		this,
		{ frame, bytes: framed },
		uploadSettings(this, options),
	);
	const answer: IDataObject = {
		uploaded: true,
		attempts: upload.attempts,
		success: upload.response.success,
		messages: upload.response.messages,
		statusCode: upload.statusCode,
		// Only an accepted upload becomes the baseline.
		...saveBaseline(this, checked.baseline, () =>
			fingerprintSnapshot(snapshot, hashes, new Date()),
		),
	};
	return await outputItem(this, checked, { ...json, ...answer }, pairedItem, storedCsv);
}
