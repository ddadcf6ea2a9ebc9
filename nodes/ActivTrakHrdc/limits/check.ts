/**
 * Reading the safety limits as set and checking a snapshot against them, both made from the
 * limit table (table.ts). Pure: no n8n imports.
 */
import { hasOwn } from '../ownKeys';
import type { AccountCheck } from '../snapshot/accountCheck';
import type { ChangeReport } from '../snapshot/changeReport';
import type { Snapshot } from '../snapshot/model';
import {
	DEFAULT_SAFETY_LIMITS,
	SAFETY_LIMITS,
	limitLabel,
	type SafetyLimitKey,
	type SafetyLimits,
} from './table';

/** A limit given as something other than a number of 0 or more, named for the error. */
interface InvalidSafetyLimit {
	invalid: SafetyLimitKey;
	value: unknown;
}

const NUMBER_TEXT = /^\s*\d+(?:\.\d+)?\s*$/;

/**
 * The limits as the node's 'Safety Limits' gave them (after n8n resolved any expression), failing
 * closed: a limit that is set but is not a finite number of 0 or more (an expression that gave
 * nothing, text such as "ten") is refused rather than read as "no limit"; a number written as
 * text ("5", as n8n variables give it) counts. A switch is on only when it is exactly true.
 */
export function readSafetyLimits(raw: Record<string, unknown>): SafetyLimits | InvalidSafetyLimit {
	const limits: Record<string, number | boolean> = { ...DEFAULT_SAFETY_LIMITS };
	for (const { key, kind } of SAFETY_LIMITS) {
		if (!hasOwn(raw, key)) continue;
		const value = raw[key];
		if (kind === 'switch') {
			limits[key] = value === true;
			continue;
		}
		const number =
			typeof value === 'number'
				? value
				: typeof value === 'string' && NUMBER_TEXT.test(value)
					? Number(value)
					: NaN;
		if (!Number.isFinite(number) || number < 0) return { invalid: key, value };
		limits[key] = number;
	}
	return limits as SafetyLimits;
}

/**
 * The stricter of each limit and its default: what an AI agent's call is held to, whatever the
 * node's settings (or the agent's own arguments) would allow.
 */
export function atMostDefaults(limits: SafetyLimits): SafetyLimits {
	const strict: Record<string, number | boolean> = { ...limits };
	for (const { key, kind } of SAFETY_LIMITS) {
		strict[key] =
			kind === 'switch'
				? false
				: Math.min(limits[key] as number, DEFAULT_SAFETY_LIMITS[key] as number);
	}
	return strict as SafetyLimits;
}

/** A limit the upload would break: which, what it would do, and the option that allows it. */
export interface BrokenLimit {
	limit: SafetyLimitKey;
	message: string;
	fix: string;
}

function fixFor(key: SafetyLimitKey, kind: string): string {
	return `If that is a lasting change, ${kind === 'switch' ? 'turn on' : 'raise'} 'Safety Limits' > '${limitLabel(key)}'.`;
}

/**
 * Every limit the upload would break; empty when it may go. Without a last upload to compare
 * with (a first upload), the limits that need one are not checked: every run says so.
 */
export function checkSafetyLimits(
	snapshot: Snapshot,
	changes: ChangeReport,
	limits: SafetyLimits,
	account: AccountCheck | null = null,
): BrokenLimit[] {
	const broken: BrokenLimit[] = [];
	const brokenKeys = new Set<string>();
	for (const definition of SAFETY_LIMITS) {
		if (definition.needsLastUpload && changes.firstUpload) continue;
		const quiet = 'quietWhenBroken' in definition ? definition.quietWhenBroken : undefined;
		if (quiet && brokenKeys.has(quiet)) continue;
		const message = definition.broken({ snapshot, changes, account }, limits[definition.key]);
		if (message === null) continue;
		brokenKeys.add(definition.key);
		broken.push({ limit: definition.key, message, fix: fixFor(definition.key, definition.kind) });
	}
	return broken;
}

/** The limits broken, as an output shows them: the option's name first. */
export function brokenLimitsForOutput(broken: readonly BrokenLimit[]) {
	return broken.map(({ limit, message, fix }) => ({ limit: limitLabel(limit), message, fix }));
}
