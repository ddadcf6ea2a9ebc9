/**
 * Retries and timeout of an upload, as 'Options' set them: shared by Upload Snapshot and Upload
 * Approved Snapshot.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_RETRY_SETTINGS, DEFAULT_TIMEOUT_MS, type UploadSettings } from '../transport';
import {
	maxRetriesOption,
	maxRetryWaitSecondsOption,
	retryDelaySecondsOption,
	timeoutSecondsOption,
} from './options.description';
import type { SnapshotOptions } from './checkSnapshot';

/**
 * Retries and timeout as set. A value that is not a number within its option's own bounds (the
 * minValue and maxValue the editor enforces) stops the run, named: an expression giving "abc" or
 * 30 days must not quietly become the default, or overflow a timer.
 */
export function uploadSettings(ctx: IExecuteFunctions, options: SnapshotOptions): UploadSettings {
	const read = (option: INodeProperties): number | undefined => {
		const value = options[option.name as keyof SnapshotOptions];
		if (value === undefined || value === null || value === '') return undefined;
		const min = Number(option.typeOptions?.minValue);
		const max = Number(option.typeOptions?.maxValue);
		if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)
			return value;
		throw new NodeOperationError(
			ctx.getNode(),
			`'Options' > '${option.displayName}' is ${JSON.stringify(value)?.slice(0, 60)}, not a number from ${min} to ${max}, so nothing was sent`,
			{ description: 'If it is set by an expression, check that the expression gives a number.' },
		);
	};
	const ms = (seconds: number | undefined, fallbackMs: number) =>
		seconds === undefined ? fallbackMs : Math.round(seconds * 1000);
	const maxRetries = read(maxRetriesOption);
	return {
		retry: {
			maxRetries:
				maxRetries === undefined ? DEFAULT_RETRY_SETTINGS.maxRetries : Math.floor(maxRetries),
			firstDelayMs: ms(read(retryDelaySecondsOption), DEFAULT_RETRY_SETTINGS.firstDelayMs),
			maxTotalWaitMs: ms(read(maxRetryWaitSecondsOption), DEFAULT_RETRY_SETTINGS.maxTotalWaitMs),
		},
		timeoutMs: ms(read(timeoutSecondsOption), DEFAULT_TIMEOUT_MS),
	};
}
