/**
 * Turns one raw value from an n8n item into the text of an HRDC cell. A reader returns either
 * the cell's text or a ValueProblem with a message a person can act on; the caller adds the item
 * and the column. Problems are returned, not thrown, because a snapshot collects all of them.
 */

import { NO_GROUPS, groupsFromNames, type UserGroups } from './groups';
import { quoted } from './nameList';

export class ValueProblem {
	constructor(readonly message: string) {}
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return quoted(value);
	return `${typeof value} ${String(value)}`;
}

/** Numbers become their plain decimal text, never an exponent; one that cannot is refused. */
function numberToText(value: number): string | ValueProblem {
	if (!Number.isFinite(value)) return new ValueProblem(`${describe(value)} is not a usable number`);
	if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
		// Past 2^53 a number no longer holds every digit it was given: an id like
		// 12345678901234567890 has already become 12345678901234567000.
		return new ValueProblem(
			`${describe(value)} is too large to be exact as a number; map this field as text`,
		);
	}
	const text = String(value);
	if (!/e/i.test(text)) return text;
	// Small non-integers such as 1e-7: write them out in full, if twenty decimals hold them.
	const decimal = value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
	if (Number(decimal) !== value) {
		return new ValueProblem(
			`${describe(value)} cannot be written exactly as a decimal; map this field as text`,
		);
	}
	return decimal;
}

/**
 * The text without white space around it, as trim() gives it. Text that starts and ends with a
 * visible ASCII character (nearly every HR value) has none: two character codes say so, where
 * trim() on every field was much of a source preset's cost (bench/results.md).
 */
export function trimmedText(value: string): string {
	const last = value.length - 1;
	if (last < 0) return value;
	const first = value.charCodeAt(0);
	const end = value.charCodeAt(last);
	return first > 32 && first < 127 && end > 32 && end < 127 ? value : value.trim();
}

/** A text cell: strings trimmed, numbers as decimal text, null/undefined empty. */
export function readText(value: unknown): string | ValueProblem {
	if (typeof value === 'string') return trimmedText(value);
	if (value === undefined || value === null) return '';
	if (typeof value === 'number') return numberToText(value);
	if (typeof value === 'bigint') return value.toString();
	return new ValueProblem(`${describe(value)} is not text; map a text or number field here`);
}

/**
 * Whether a list already is what readGroups would make of it: names that need no trimming or
 * splitting, none empty, none twice. Then the list itself is used (it is never changed; a
 * user's groups are replaced, not added to, when another record brings more), so 100,000s of
 * users with group lists do not cost as many copies.
 */
function isCleanNameList(list: unknown[], delimiter: string): list is string[] {
	if (list.length === 0) return false;
	// A few names are compared pairwise; a long list (an LDAP memberOf of 100,000 values) with
	// a Set, so that no list costs the square of its length.
	const seen = list.length > SHORT_LIST ? new Set<string>() : null;
	for (let i = 0; i < list.length; i++) {
		const name = list[i];
		if (typeof name !== 'string' || name === '' || (delimiter !== '' && name.includes(delimiter)))
			return false;
		// Nothing to trim gives the very same string back: no copy is made.
		if (trimmedText(name) !== name) return false;
		if (seen) {
			if (seen.has(name)) return false;
			seen.add(name);
		} else {
			for (let j = 0; j < i; j++) if (list[j] === name) return false;
		}
	}
	return true;
}

/** Up to this many names, comparing each with the others beats building a Set. */
const SHORT_LIST = 8;

/**
 * Group names: one name, an array of names, or (when a delimiter is set) a delimited string.
 * Empty names are dropped and repeats kept once, in first-seen order. Gives '' for no group,
 * the name itself for one (nearly every user: no list is made for it), or a list for several.
 */
export function readGroups(value: unknown, delimiter: string): UserGroups | ValueProblem {
	if (value === undefined || value === null) return NO_GROUPS;
	// The common case, one name in a string, without building anything else.
	if (typeof value === 'string' && !(delimiter && value.includes(delimiter)))
		return trimmedText(value);
	// A clean list is kept as it is: no copy per user.
	if (Array.isArray(value) && isCleanNameList(value, delimiter)) return groupsFromNames(value);
	const names: string[] = [];
	const seen = new Set<string>();
	const elements = Array.isArray(value) ? value : [value];
	for (const element of elements) {
		if (typeof element === 'boolean' || (typeof element === 'object' && element !== null)) {
			return new ValueProblem(
				Array.isArray(value)
					? `the list holds ${describe(element)}; a group list must hold only group names`
					: `${describe(element)} is not a group name; map text or a list of names here`,
			);
		}
		const text = readText(element);
		if (typeof text !== 'string') return text;
		const parts = delimiter && text.includes(delimiter) ? text.split(delimiter) : [text];
		for (const part of parts) {
			const name = part.trim();
			if (name && !seen.has(name)) {
				seen.add(name);
				names.push(name);
			}
		}
	}
	return groupsFromNames(names);
}

const FLAG_WORD = /^[a-z]*$/;

/** A flag value trimmed and lower-cased; lower-case words (the usual) are not copied. */
function flagWord(value: string): string {
	const text = trimmedText(value);
	return FLAG_WORD.test(text) ? text : text.toLowerCase();
}

const TRACK_OFF = new Set(['n', 'no', 'false']);
const TRACK_ON = new Set(['', 'y', 'yes', 'true']);

/** `track`: false / "n" / "no" give "n" (Do Not Track); true / "y" / "yes" / empty give "". */
export function readTrackFlag(value: unknown): '' | 'n' | ValueProblem {
	// Empty text first: CSV input and presets give it for nearly every user.
	if (value === '' || value === undefined || value === null || value === true) return '';
	if (value === false) return 'n';
	if (typeof value === 'string') {
		const text = flagWord(value);
		if (TRACK_OFF.has(text)) return 'n';
		if (TRACK_ON.has(text)) return '';
	}
	return new ValueProblem(
		`${describe(value)} is not a track value; use false, "n" or "no" for Do Not Track, or true, "y", "yes" or empty to leave tracking as it is`,
	);
}

const DELETE_ON = new Set(['y', 'yes', 'true']);
const DELETE_OFF = new Set(['', 'n', 'no', 'false']);

/** `delete_user`: true / "y" / "yes" give "y" (delete); false / "n" / "no" / empty give "". */
export function readDeleteFlag(value: unknown): '' | 'y' | ValueProblem {
	if (value === '' || value === undefined || value === null || value === false) return '';
	if (value === true) return 'y';
	if (typeof value === 'string') {
		const text = flagWord(value);
		if (DELETE_ON.has(text)) return 'y';
		if (DELETE_OFF.has(text)) return '';
	}
	return new ValueProblem(
		`${describe(value)} is not a delete_user value; use true, "y" or "yes" to delete the user (permanent), or false, "n", "no" or empty to keep them`,
	);
}
