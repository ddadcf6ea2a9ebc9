/**
 * The node's one 'Options' collection, shared by every operation that has options: each option
 * is defined once, with a show rule naming the operations it applies to (as n8n's Postgres v2
 * does in common.descriptions.ts), so switching Operation keeps every value the new operation
 * also shows. Also what the options are as read: their type, and the retries and timeout of an
 * upload held to each option's own bounds.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_RETRY_SETTINGS, DEFAULT_TIMEOUT_MS, type UploadSettings } from '../transport';
import { settingRefused } from '../messages';

/**
 * The longest any wait or timeout of one upload may be: a day. None needs longer, and Node.js
 * timers overflow past 24.8 days. uploadSettings() holds values from expressions to these bounds.
 */
const MAX_WAIT_SECONDS = 86_400;

/** Every key the 'Options' collection can hold. */
export interface SnapshotOptions {
	groupDelimiter?: string;
	refuseSharedDisplayNames?: boolean;
	refuseFormulaCells?: boolean;
	cutLongGroupNames?: boolean;
	fileName?: string;
	includeCsv?: boolean;
	outputBinaryField?: string;
	skipInvalid?: boolean;
	liveCheck?: boolean;
	protectedIds?: unknown;
	maxRetries?: number;
	retryDelaySeconds?: number;
	maxRetryWaitSeconds?: number;
	timeoutSeconds?: number;
}

const liveCheckOption: INodeProperties = {
	displayName: 'Check Against ActivTrak',
	name: 'liveCheck',
	type: 'boolean',
	default: false,
	description:
		"Whether to read ActivTrak's users and groups through its SCIM API (Beta; the credential's SCIM API Key, read only) and say which lookup IDs match no ActivTrak user, which groups another integration has, and which HRDC groups an upload deletes. 'Max Users Not Found in ActivTrak (%)' then applies.",
};

const protectedIdsOption: INodeProperties = {
	displayName: 'Protected Lookup IDs',
	name: 'protectedIds',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	placeholder: 'e.g. svc-backup@example.com, ceo@example.com',
	description:
		'Lookup IDs no run may newly delete or newly put on Do Not Track (service accounts, executives, the ActivTrak admins), one per line or comma-separated. A run that would stops before anything is sent, naming them, whatever the safety limits and approvals: take the person off this list first.',
};

const fileNameOption: INodeProperties = {
	displayName: 'File Name',
	name: 'fileName',
	type: 'string',
	default: 'hrdc-snapshot.csv',
	placeholder: 'e.g. hrdc-snapshot.csv',
	description:
		'Name of the CSV file sent to ActivTrak and returned in the output; must end in .csv',
};

const retryDelaySecondsOption: INodeProperties = {
	displayName: 'First Retry Delay (Seconds)',
	name: 'retryDelaySeconds',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_WAIT_SECONDS, numberPrecision: 2 },
	default: 2,
	description:
		'Wait before the first retry; each next wait doubles, with jitter. A Retry-After header from ActivTrak takes precedence.',
};

const groupDelimiterOption: INodeProperties = {
	displayName: 'Group Delimiter',
	name: 'groupDelimiter',
	type: 'string',
	default: '',
	placeholder: 'e.g. ;',
	description:
		"Splits a text group value into several groups, e.g. 'Sales;EMEA' with ';'. Empty: a text value is one group name (arrays are always several groups).",
};

const includeCsvOption: INodeProperties = {
	displayName: 'Include CSV in Output',
	name: 'includeCsv',
	type: 'boolean',
	default: true,
	description:
		"Whether to return the CSV as binary data (in the field named by 'Put Output File in Field'), so every run can be audited",
};

export const maxRetriesOption: INodeProperties = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: 3,
	description:
		'How often to send the same snapshot again after a rate limit (429), a gateway error (502, 503, 504) or a dropped connection. 0 switches retries off. Refusals (400, 401, 403, 404, 413) are never retried.',
};

const maxRetryWaitSecondsOption: INodeProperties = {
	displayName: 'Max Total Retry Wait (Seconds)',
	name: 'maxRetryWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_WAIT_SECONDS },
	default: 60,
	description: 'All waits between attempts of one upload together stay within this',
};

const outputBinaryFieldOption: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'outputBinaryField',
	type: 'string',
	default: 'data',
	placeholder: 'e.g. data',
	hint: 'The name of the output binary field to put the CSV in',
	description: "Where the output item carries the CSV (sent, or for 'Preview Snapshot' built)",
};

const timeoutSecondsOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
	default: 120,
	description:
		'How long one attempt may take, from connecting to the last byte of the answer, before it counts as a dropped connection',
};

const skipInvalidOption: INodeProperties = {
	displayName: 'Skip Invalid Items',
	name: 'skipInvalid',
	type: 'boolean',
	default: false,
	description:
		'Whether to leave out items (or CSV rows) that fail a check and list them in the output, instead of stopping the run. Careful: a user left out is also left out of their HRDC groups.',
};

const refuseSharedDisplayNamesOption: INodeProperties = {
	displayName: 'Refuse Shared Display Names',
	name: 'refuseSharedDisplayNames',
	type: 'boolean',
	default: false,
	description:
		"Whether a display name given to two different users stops the run. Off: the run goes on with a warning naming them, and ActivTrak applies the name to one user and leaves the others' unchanged, as its guide says.",
};

const cutLongGroupNamesOption: INodeProperties = {
	displayName: 'Cut Long Group Names',
	name: 'cutLongGroupNames',
	type: 'boolean',
	default: false,
	description:
		'Whether a group name over the 65 characters ActivTrak allows is cut to 65 instead of stopping the run. Two names that would become one still stop it.',
};

const refuseFormulaCellsOption: INodeProperties = {
	displayName: 'Refuse Formula-Like Cells',
	name: 'refuseFormulaCells',
	type: 'boolean',
	default: false,
	description:
		'Whether a text cell starting with =, +, - or @ (which a spreadsheet opening the CSV would run as a formula) stops the run. Off: the run goes on with a warning naming each such cell.',
};

/**
 * 'Options', for the operations that read input or send. Upload and Preview show every option,
 * so switching between them keeps each one set (n8n drops what the new operation does not show);
 * a preview reads them as an upload would. Upload Approved sends a held CSV as it is: only the
 * retries and the timeout apply to it.
 */
export function optionsCollection(operations: {
	withOptions: string[];
	readingInput: string[];
}): INodeProperties {
	const readingInput = { show: { '/operation': operations.readingInput } };
	const forReading = (option: INodeProperties): INodeProperties => ({
		...option,
		displayOptions: readingInput,
	});
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		description: 'How the snapshot is read and returned, and the retries and timeout of its upload',
		displayOptions: { show: { operation: operations.withOptions } },
		// In alphabetical order of their names, as n8n's own nodes list options (a test holds it).
		options: [
			forReading(liveCheckOption),
			forReading(cutLongGroupNamesOption),
			forReading(fileNameOption),
			retryDelaySecondsOption,
			forReading(groupDelimiterOption),
			forReading(includeCsvOption),
			maxRetriesOption,
			maxRetryWaitSecondsOption,
			forReading(protectedIdsOption),
			forReading(outputBinaryFieldOption),
			forReading(refuseFormulaCellsOption),
			forReading(refuseSharedDisplayNamesOption),
			timeoutSecondsOption,
			forReading(skipInvalidOption),
		],
	};
}

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
			settingRefused(
				`'Options' > '${option.displayName}'`,
				value,
				`a number from ${min} to ${max}`,
			),
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
