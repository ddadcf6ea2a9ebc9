/**
 * Reading one field of an HR item, whatever the source made of it: never a value a plain object
 * inherits (HR data may hold "__proto__"), text trimmed, numbers as text, an LDAP attribute's
 * one value or first of many. Pure.
 */

import { ownValue } from '../ownKeys';
import { trimmedText } from '../snapshot';

export { hasOwn } from '../ownKeys';

/**
 * Names a plain object inherits (constructor, toString, __proto__, ...): only these need an
 * own-key check. A preset reads its own field names (userPrincipalName, profile, ...), none of
 * them inherited, so they are read directly: the check on every field was a visible share of
 * what a preset cost over auto-map (bench/results.md).
 */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

function field(record: unknown, key: string): unknown {
	if (typeof record !== 'object' || record === null) return undefined;
	return INHERITED.has(key) ? ownValue(record, key) : (record as Record<string, unknown>)[key];
}

/** No fields: what `fieldsOf` gives for a value that is not an object. */
const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null));

/**
 * A value's fields, to read by a name written in the preset (`fieldsOf(json.work).department`),
 * or none when it is not an object. Only for such constant names, none of them INHERITED: a
 * name from a setting goes through `at`. A constant name read this way is one of V8's cheap
 * named loads; `at`'s key, different from call to call, made every read a slow keyed one
 * (bench/results.md).
 */
export const fieldsOf = (value: unknown): Readonly<Record<string, unknown>> =>
	typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : NO_FIELDS;

/** The value of an own key of a record (or of a record inside it), or undefined. */
export function at(record: unknown, key: string, inner?: string): unknown {
	const value = field(record, key);
	return inner === undefined ? value : field(value, inner);
}

/** A value as text: a string trimmed, a number as written, the first of a list; else ''. */
export function text(value: unknown): string {
	if (typeof value === 'string') return trimmedText(value);
	if (Array.isArray(value)) return value.length ? text(value[0]) : '';
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/**
 * Whether text is this word (written in lower case here), in any case: no lower-case copy per
 * person when it plainly is or is not.
 */
export const isWord = (value: string, word: string): boolean =>
	value.length === word.length && (value === word || value.toLowerCase() === word);

/** The first of these values that is not empty text. */
export function firstText(...values: unknown[]): string {
	for (const value of values) {
		const found = text(value);
		if (found) return found;
	}
	return '';
}

/** Every value of a field as text (LDAP gives one value as a string, several as a list). */
export function texts(value: unknown): string[] {
	const list = Array.isArray(value) ? value : [value];
	return list.map(text).filter((entry) => entry !== '');
}

/**
 * The common name of an LDAP DN: "CN=Sales Team,OU=Groups,DC=x" -> "Sales Team". A value may
 * escape a character as itself ("All\\, Staff") or as two hex digits ("All\\2C Staff", as
 * OpenLDAP hands it back): both read as the character.
 */
export function commonName(dn: string): string {
	const match = /^\s*cn\s*=\s*((?:\\.|[^,\\])*)/i.exec(dn);
	if (!match) return '';
	return (
		match[1]
			// Runs of hex escapes are UTF-8 bytes ("\\C3\\A9" is é), then any escaped character.
			.replace(/(?:\\[0-9a-fA-F]{2})+/g, (run) =>
				Buffer.from(run.replace(/\\/g, ''), 'hex').toString('utf8'),
			)
			.replace(/\\(.)/g, '$1')
			.trim()
	);
}

/** A name, or the given and family names joined. */
export function fullName(name: unknown, first: unknown, last: unknown): string {
	const named = text(name);
	if (named) return named;
	const given = text(first);
	const family = text(last);
	return given && family ? `${given} ${family}` : given || family;
}

/**
 * Adds a group name to the person's list, unless it is empty. The list is reused from person
 * to person, only its first `groupCount` entries counting: a new list per person was a large
 * share of what a preset cost over auto-map (bench/results.md).
 */
export function addGroup(person: { group: string[]; groupCount: number }, name: string): void {
	if (name) person.group[person.groupCount++] = name;
}

/** The number of two digits at `at`, or -1 when either is not a digit. */
function twoDigits(text: string, at: number): number {
	const tens = text.charCodeAt(at) - 48;
	const ones = text.charCodeAt(at + 1) - 48;
	return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}
/** Whether what follows YYYY-MM-DD is a time ("T", " "), "Z", or a zone ("-08:00", "+0100"). */
function isDateTail(date: string): boolean {
	const next = date.charCodeAt(10);
	if (next === 84 /* T */ || next === 32 /* space */) return true;
	if (next === 90 /* Z */) return date.length === 11;
	if (next !== 43 /* + */ && next !== 45 /* - */) return false;
	if (twoDigits(date, 11) < 0) return false;
	if (date.length === 15) return twoDigits(date, 13) >= 0;
	return date.length === 16 && date.charCodeAt(13) === 58 /* : */ && twoDigits(date, 14) >= 0;
}

/**
 * A date as the number YYYYMMDD (20261205), from the ways HR APIs write one: "2026-12-05",
 * "2026-12-05T00:00:00+01:00" (Personio), "2026-12-05-08:00" (Workday's date with its zone).
 * Anything else, a month past 12 included, is 0 (not known): a date is never guessed from a
 * day/month order. Read by character code into a number, no pattern, no function and no string
 * made per call: it runs for every person of 100,000s, and a date cut out as text was a string
 * per person for the collector (bench/results.md). Numbers compare as the dates do.
 */
export function dayNumber(value: unknown): number {
	if (typeof value !== 'string') return 0;
	// Most dates come trimmed: no copy for them.
	const date = trimmedText(value);
	if (date.length < 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return 0;
	const century = twoDigits(date, 0);
	const year = twoDigits(date, 2);
	if (century < 0 || year < 0) return 0;
	const month = twoDigits(date, 5);
	const day = twoDigits(date, 8);
	if (month < 1 || month > 12 || day < 1 || day > 31) return 0;
	if (date.length !== 10 && !isDateTail(date)) return 0;
	return (century * 100 + year) * 10000 + month * 100 + day;
}

/** Whether a day (YYYYMMDD, or 0) is before `today`: a termination that has happened. */
export const isPast = (day: number, today: number): boolean => day !== 0 && day < today;
