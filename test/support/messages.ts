/**
 * Assertions on the node's user-facing phrases, through the constants in
 * nodes/ActivTrakHrdc/messages.ts: a change of wording is one edit there, not one per test.
 */
import { STOPPED_BY_LIMIT } from '../../nodes/ActivTrakHrdc/messages';

type Stopped = string | { message: string } | null | undefined;

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The run was stopped by a safety limit before anything was sent; `first`, when given, must
 * match what follows the phrase (the first broken limit's message).
 */
/** A stop by a safety limit, for tables of expected errors. */
export const STOPPED_BY_LIMIT_AT_START = new RegExp(`^${escaped(STOPPED_BY_LIMIT)}: `);

export function expectStoppedByLimit(stopped: Stopped, first?: RegExp | string): void {
	const message = typeof stopped === 'string' ? stopped : stopped?.message;
	expect(message).toMatch(STOPPED_BY_LIMIT_AT_START);
	if (first === undefined) return;
	const rest = message!.slice(STOPPED_BY_LIMIT.length + 2);
	if (typeof first === 'string') expect(rest.startsWith(first)).toBe(true);
	else expect(rest).toMatch(first);
}

export { STOPPED_BY_LIMIT };
