/**
 * Retries and timeout of an upload, as 'Options' set them: shared by Upload Snapshot and Upload
 * Approved Snapshot.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_RETRY_SETTINGS, DEFAULT_TIMEOUT_MS, type UploadSettings } from '../transport';
import {
	maxRetriesOption,
	maxRetryWaitSecondsOption,
	retryDelaySecondsOption,
	timeoutSecondsOption,
} from './options.description';
import type { SnapshotOptions } from './pipeline';

/** A day: no wait or timeout of one upload needs longer, and Node.js timers overflow past 24.8. */
const MAX_SECONDS = 86_400;

/**
 * Retries and timeout as set. A value that is not a number in range stops the run, named: an
 * expression giving "abc" or 30 days must not quietly become the default, or overflow a timer.
 */
export function uploadSettings(ctx: IExecuteFunctions, options: SnapshotOptions): UploadSettings {
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
