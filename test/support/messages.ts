/**
 * Assertions on the node's user-facing phrases, through the constants in
 * nodes/ActivTrakHrdc/messages.ts: a change of wording is one edit there, not one per test.
 */
import { NOTHING_SENT, STOPPED_BY_LIMIT } from '../../nodes/ActivTrakHrdc/messages';
import { escapeForPattern } from '../../nodes/ActivTrakHrdc/transport/answer';

type Stopped = string | { message: string } | null | undefined;

/** A stop by a safety limit, for tables of expected errors. */
export const STOPPED_BY_LIMIT_AT_START = new RegExp(`^${escapeForPattern(STOPPED_BY_LIMIT)}: `);

/**
 * The run was stopped by a safety limit before anything was sent; `first`, when given, must
 * match what follows the phrase (the first broken limit's message).
 */
export function expectStoppedByLimit(stopped: Stopped, first?: RegExp): void {
	const message = typeof stopped === 'string' ? stopped : stopped?.message;
	expect(message).toMatch(STOPPED_BY_LIMIT_AT_START);
	if (first) expect(message!.slice(STOPPED_BY_LIMIT.length + 2)).toMatch(first);
}

export { STOPPED_BY_LIMIT };

/** A pattern that matches exactly this text. */
export const exactly = (text: string) => new RegExp(`^${escapeForPattern(text)}$`);

/** A pattern for a message that begins with `phrase: ` and goes on as `rest` says. */
export const beginningWith = (phrase: string, rest = /.*/s) =>
	new RegExp(`^${escapeForPattern(phrase)}: ${rest.source}`, rest.flags);

/** A refusal whose reason matches `why` (a pattern's source), with anything after it. */
export const refusedFor = (why: RegExp) =>
	new RegExp(`${why.source}, so ${escapeForPattern(NOTHING_SENT)}`, why.flags);

export {
	APPROVAL_REFUSED,
	FIRST_UPLOAD_NEEDS_KEPT_RUN,
	HELD_FOR_APPROVAL,
	NO_EARLIER_UPLOAD,
	NOTHING_SENT,
	SOURCE_GAVE_NO_PEOPLE,
	refusedBecause,
} from '../../nodes/ActivTrakHrdc/messages';
