/**
 * The presets' parameters, shown when 'Input' is one of them: where groups come from, a prefix
 * for their names, what happens to leavers, and shared display names.
 */
import type { INodeProperties } from 'n8n-workflow';

import { PRESETS, type Preset } from './index';

const ALL = PRESETS.map((preset) => preset.value);

export const presetSourceOptions = PRESETS.map((preset) => ({
	name: preset.name,
	value: preset.value,
	description: `Items of n8n's ${preset.sourceNode} node (${preset.sourceSettings}), read as they are: no mapping`,
}));

/** A preset's group fields as the options of 'Group From', its first the default. */
function groupChoicesOf(preset: Preset): Pick<INodeProperties, 'type' | 'options' | 'default'> {
	return {
		type: 'options',
		options: [...preset.groupChoices, { value: 'none', name: 'None (No Groups)' }],
		default: preset.groupChoices[0].value,
	};
}

/** The presets' own parameters, for the operations that read input. */
export function presetProperties(readsInput: string[]): INodeProperties[] {
	const when = (sources: string[]) => ({ show: { operation: readsInput, source: sources } });
	return [
		{
			displayName:
				'Set the source node as the Input option says; a node set otherwise stops the run and names the setting to change',
			name: 'presetNotice',
			type: 'notice',
			default: '',
			displayOptions: when(ALL),
		},
		// One 'Group From' per preset: each offers the fields its source has.
		...PRESETS.map(
			(preset): INodeProperties => ({
				displayName: 'Group From',
				name: 'groupFrom',
				...groupChoicesOf(preset),
				description:
					'Which field of the source names the HRDC group. None sends no groups: every HRDC group in ActivTrak is then deleted.',
				displayOptions: when([preset.value]),
			}),
		),
		{
			displayName: 'Group Name Prefix',
			name: 'groupPrefix',
			type: 'string',
			default: '',
			placeholder: 'e.g. HR - ',
			description:
				"Put before every group name, to keep HRDC's groups apart from groups of the same name made another way (ActivTrak's guide warns against sharing names with its Azure AD integration)",
			displayOptions: when(ALL),
		},
		{
			displayName: 'Leavers',
			name: 'leavers',
			type: 'options',
			options: [
				{
					name: 'Leave Out',
					value: 'leaveOut',
					description: 'Not in the snapshot: their HRDC groups lose them; nothing is deleted',
				},
				{
					name: 'Do Not Track',
					value: 'doNotTrack',
					description: 'In the snapshot with track = n',
				},
				{
					name: 'Delete User',
					value: 'deleteUser',
					description:
						"In the snapshot with delete_user = y: ActivTrak deletes their data permanently, and their logins stay on Do Not Track (Global Logins), so they cannot be tracked again under them (counted by 'Max Users Deleted per Run')",
				},
			],
			default: 'leaveOut',
			description:
				'What happens to people the source says have left (disabled, deprovisioned, suspended, inactive)',
			displayOptions: when(ALL),
		},
		{
			displayName: 'Suspended Users Are Leavers',
			name: 'suspendedAreLeavers',
			type: 'boolean',
			default: false,
			description:
				'Whether Okta users with status SUSPENDED count as leavers. Off: they are kept (a suspended user usually comes back); DEPROVISIONED users are always leavers.',
			displayOptions: when(['okta']),
		},
		{
			displayName: 'Leave Out Future Hires',
			name: 'leaveOutFutureHires',
			type: 'boolean',
			default: true,
			description:
				"Whether people whose start date is after today (in the workflow's time zone), or whom the source lists as not started yet, are left out of the snapshot; the output counts them. Off: they are sent like everyone else.",
			displayOptions: when(
				PRESETS.filter((preset) => preset.startField !== undefined).map((preset) => preset.value),
			),
		},
		{
			displayName: 'Make Shared Display Names Unique',
			name: 'uniqueDisplayNames',
			type: 'boolean',
			default: false,
			description:
				"Whether a display name several people share gets each one's e-mail after it (HRDC needs display names unique and does not apply a shared one). Off: the run warns, naming them.",
			displayOptions: when(ALL),
		},
	];
}
