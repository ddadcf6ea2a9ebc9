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
			refuseSharedDisplayNamesOption,
			timeoutSecondsOption,
			skipInvalidOption,
		],
	},
];

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

	const upload = await uploadSnapshotCsv(this, { frame, bytes: framed }, uploadSettings(options));
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
