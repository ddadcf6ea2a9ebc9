/**
 * 'Safety Limits': what one upload may change, on by default. Preview runs them too, to say
 * what would stop an upload. Defaults are literals for n8n's linter; a unit test checks they
 * equal DEFAULT_GUARD_LIMITS.
 */
import type { INodeProperties } from 'n8n-workflow';

import { GUARD_OPTION_NAMES } from '../snapshot/guards';

export const safetyLimitsProperty: INodeProperties = {
	displayName: 'Safety Limits',
	name: 'safety',
	// An approved upload is checked by its approval, not again by the limits.
	displayOptions: { hide: { operation: ['uploadApproved'] } },
	type: 'collection',
	placeholder: 'Change a limit',
	default: {},
	description:
		'Limits on what one upload may change, on by default. A run that would break one sends nothing and says why.',
	options: [
		{
			displayName: GUARD_OPTION_NAMES.allowUploadWithoutGroups,
			name: 'allowUploadWithoutGroups',
			type: 'boolean',
			default: false,
			description:
				'Whether to allow an upload in which no user has a group although the group column is mapped or the last upload had groups; such an upload deletes every HRDC group',
		},
		{
			displayName: GUARD_OPTION_NAMES.maxMembershipsRemovedPercent,
			name: 'maxMembershipsRemovedPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
			default: 20,
			description:
				"Largest share of the last upload's group memberships that one upload may remove. 100 switches this check off.",
		},
		{
			displayName: GUARD_OPTION_NAMES.maxGroupsRemovedPercent,
			name: 'maxGroupsRemovedPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
			default: 20,
			description:
				"Largest share of the last upload's HRDC groups that one upload may delete by leaving them out. 100 switches this check off.",
		},
		{
			displayName: GUARD_OPTION_NAMES.maxGroupsShrinkPercent,
			name: 'maxGroupsShrinkPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
			default: 20,
			description:
				'Largest drop in the number of groups against the last upload. 100 switches this check off.',
		},
		{
			displayName: GUARD_OPTION_NAMES.maxUsersShrinkPercent,
			name: 'maxUsersShrinkPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
			default: 20,
			description:
				'Largest drop in the number of users against the last upload (a filtered or partial export). 100 switches this check off.',
		},
		{
			displayName: GUARD_OPTION_NAMES.maxNewDeletions,
			name: 'maxNewDeletions',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 5,
			description: 'Most users newly marked delete_user = y in one upload (deletion is permanent)',
		},
		{
			displayName: GUARD_OPTION_NAMES.maxNewDeletionsPercent,
			name: 'maxNewDeletionsPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
			default: 10,
			description:
				"Largest share of the snapshot's users newly marked delete_user = y in one upload. 100 switches this check off.",
		},
		{
			displayName: GUARD_OPTION_NAMES.maxNewDoNotTrack,
			name: 'maxNewDoNotTrack',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 5,
			description: 'Most users newly marked track = n (Do Not Track) in one upload',
		},
		{
			displayName: GUARD_OPTION_NAMES.maxNewDoNotTrackPercent,
			name: 'maxNewDoNotTrackPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
			default: 10,
			description:
				"Largest share of the snapshot's users newly marked track = n in one upload. 100 switches this check off.",
		},
	],
};
