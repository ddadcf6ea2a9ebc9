/**
 * 'Safety Limits': one option per entry of the limit table (table.ts), sorted by name as n8n's
 * editor lists them. Preview runs them too, to say what would stop an upload.
 */
import type { INodeProperties } from 'n8n-workflow';

import { SAFETY_LIMITS } from './table';

const typeOptions = {
	count: { minValue: 0 },
	percent: { minValue: 0, maxValue: 100, numberPrecision: 1 },
} as const;

/** The option's type, bounds and default, from the limit's kind. */
function numberOrSwitch(
	limit: (typeof SAFETY_LIMITS)[number],
): Pick<INodeProperties, 'type' | 'typeOptions' | 'default'> {
	if (limit.kind === 'switch') return { type: 'boolean', default: limit.default };
	return { type: 'number', typeOptions: typeOptions[limit.kind], default: limit.default };
}

/** A limit's default as the notice shows it. */
const shownDefault = (limit: (typeof SAFETY_LIMITS)[number]) =>
	limit.kind === 'switch'
		? `${limit.label}: ${limit.default ? 'on' : 'off'}`
		: `${limit.label}: ${String(limit.default)}${limit.kind === 'percent' ? '%' : ''}`;

/**
 * The limits in force while 'Safety Limits' is empty: the editor shows an empty collection as
 * "No properties", which must not read as "no limits".
 */
export function safetyLimitsNotice(heldToLimits: string[]): INodeProperties {
	return {
		displayName: `Safety limits are on. A limit not changed below has its default: ${SAFETY_LIMITS.map(shownDefault).join('; ')}.`,
		name: 'safetyLimitsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: heldToLimits } },
	};
}

export function safetyLimitsProperty(heldToLimits: string[]): INodeProperties {
	return {
		displayName: 'Safety Limits',
		// 'safety' since 0.1.0: saved workflows keep their limits under this name.
		name: 'safety',
		displayOptions: { show: { operation: heldToLimits } },
		type: 'collection',
		placeholder: 'Change a limit',
		default: {},
		description:
			'Limits on what one upload may change, on by default. A run that would break one sends nothing and says why.',
		options: [...SAFETY_LIMITS]
			.sort((a, b) => a.label.localeCompare(b.label))
			.map((limit) => ({
				displayName: limit.label,
				name: limit.key,
				description: limit.description,
				...numberOrSwitch(limit),
			})),
	};
}
