/**
 * What Upload Snapshot does when a safety limit is hit: stop, or hold the snapshot for a person
 * to approve (see approval.ts and uploadApproved.operation.ts).
 */
import type { INodeProperties } from 'n8n-workflow';

export const ON_LIMIT_STOP = 'stop';
export const ON_LIMIT_HOLD = 'hold';

/** The second output's name, when held snapshots leave by it. */
const HELD_OUTPUT_NAME = 'Held for Approval';

/**
 * The node's outputs: one, or with 'Hold for Approval' a second for held snapshots. An
 * expression n8n evaluates in the editor and the engine alike; 'When a Safety Limit Is Hit'
 * takes no expression, so the outputs are always known before a run.
 */
export const nodeOutputs = `={{ $parameter.onSafetyLimit === "${ON_LIMIT_HOLD}" ? [{ "type": "main", "displayName": "Uploaded" }, { "type": "main", "displayName": "${HELD_OUTPUT_NAME}" }] : [{ "type": "main" }] }}`;

/** 'When a Safety Limit Is Hit' and its hours, for the operations that can hold. */
export const approvalProperties = (canHold: string[]): INodeProperties[] => [
	{
		displayName: 'When a Safety Limit Is Hit',
		name: 'onSafetyLimit',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Stop With an Error',
				value: ON_LIMIT_STOP,
				description: 'Nothing is sent; the run fails, naming the limit',
			},
			{
				name: 'Hold for Approval',
				value: ON_LIMIT_HOLD,
				description:
					"Nothing is sent; the snapshot, its change report and an approval token leave by the 'Held for Approval' output, for a person to approve (e.g. Slack's Send and Wait for Approval), then 'Upload Approved Snapshot' sends exactly it",
			},
		],
		default: ON_LIMIT_STOP,
		description: 'What happens to a snapshot that breaks a safety limit',
		displayOptions: { show: { operation: canHold } },
	},
	{
		displayName: 'Approval Valid For (Hours)',
		name: 'approvalValidHours',
		type: 'number',
		typeOptions: { minValue: 0.01, maxValue: 720, numberPrecision: 2 },
		default: 24,
		description:
			'How long a held snapshot may be approved. Later, or after any other upload to the account was accepted, the approval is refused and the sync must run again.',
		displayOptions: { show: { operation: canHold, onSafetyLimit: [ON_LIMIT_HOLD] } },
	},
];
