/**
 * The options of the node's operations, each defined once; every operation lists the ones it
 * takes in its own 'Options' collection (kept in alphabetical order, as n8n's lint wants).
 */
import type { INodeProperties } from 'n8n-workflow';

/**
 * The longest any wait or timeout of one upload may be: a day. None needs longer, and Node.js
 * timers overflow past 24.8 days. uploadSettings() holds values from expressions to these bounds.
 */
export const MAX_WAIT_SECONDS = 86_400;

export const fileNameOption: INodeProperties = {
	displayName: 'File Name',
	name: 'fileName',
	type: 'string',
	default: 'hrdc-snapshot.csv',
	placeholder: 'e.g. hrdc-snapshot.csv',
	description:
		'Name of the CSV file sent to ActivTrak and returned in the output; must end in .csv',
};

export const retryDelaySecondsOption: INodeProperties = {
	displayName: 'First Retry Delay (Seconds)',
	name: 'retryDelaySeconds',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_WAIT_SECONDS, numberPrecision: 2 },
	default: 2,
	description:
		'Wait before the first retry; each next wait doubles, with jitter. A Retry-After header from ActivTrak takes precedence.',
};

export const groupDelimiterOption: INodeProperties = {
	displayName: 'Group Delimiter',
	name: 'groupDelimiter',
	type: 'string',
	default: '',
	placeholder: 'e.g. ;',
	description:
		"Splits a text group value into several groups, e.g. 'Sales;EMEA' with ';'. Empty: a text value is one group name (arrays are always several groups).",
};

export const includeCsvOption: INodeProperties = {
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

export const maxRetryWaitSecondsOption: INodeProperties = {
	displayName: 'Max Total Retry Wait (Seconds)',
	name: 'maxRetryWaitSeconds',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_WAIT_SECONDS },
	default: 60,
	description: 'All waits between attempts of one upload together stay within this',
};

export const outputBinaryFieldOption: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'outputBinaryField',
	type: 'string',
	default: 'data',
	placeholder: 'e.g. data',
	hint: 'The name of the output binary field to put the CSV in',
	description: "Where the output item carries the CSV (sent, or for 'Preview Snapshot' built)",
};

export const timeoutSecondsOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
	default: 120,
	description:
		'How long one attempt may take, from connecting to the last byte of the answer, before it counts as a dropped connection',
};

export const skipInvalidOption: INodeProperties = {
	displayName: 'Skip Invalid Items',
	name: 'skipInvalid',
	type: 'boolean',
	default: false,
	description:
		'Whether to leave out items (or CSV rows) that fail a check and list them in the output, instead of stopping the run. Careful: a user left out is also left out of their HRDC groups.',
};

export const refuseSharedDisplayNamesOption: INodeProperties = {
	displayName: 'Refuse Shared Display Names',
	name: 'refuseSharedDisplayNames',
	type: 'boolean',
	default: false,
	description:
		"Whether a display name given to two different users stops the run. Off: the run goes on with a warning naming them, and ActivTrak applies the name to one user and leaves the others' unchanged, as its guide says.",
};

export const cutLongGroupNamesOption: INodeProperties = {
	displayName: 'Cut Long Group Names',
	name: 'cutLongGroupNames',
	type: 'boolean',
	default: false,
	description:
		'Whether a group name over the 65 characters ActivTrak allows is cut to 65 instead of stopping the run. Two names that would become one still stop it.',
};

export const refuseFormulaCellsOption: INodeProperties = {
	displayName: 'Refuse Formula-Like Cells',
	name: 'refuseFormulaCells',
	type: 'boolean',
	default: false,
	description:
		'Whether a text cell starting with =, +, - or @ (which a spreadsheet opening the CSV would run as a formula) stops the run. Off: the run goes on with a warning naming each such cell.',
};

/**
 * 'Options' of the operations that read input (Upload and Preview): one collection for both, so
 * that switching Operation between them keeps every option set (n8n drops the values of a
 * parameter the new operation does not show). The retry and timeout options only apply to an
 * upload; a preview reads the rest as an upload would.
 */
export const snapshotOptionsProperty = (readsInput: string[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description:
		'File name, group splitting, retries and timeouts (used by Upload), and what to return',
	displayOptions: { show: { operation: readsInput } },
	options: [
		fileNameOption,
		retryDelaySecondsOption,
		groupDelimiterOption,
		includeCsvOption,
		maxRetriesOption,
		maxRetryWaitSecondsOption,
		outputBinaryFieldOption,
		refuseFormulaCellsOption,
		cutLongGroupNamesOption,
		refuseSharedDisplayNamesOption,
		timeoutSecondsOption,
		skipInvalidOption,
	],
});
