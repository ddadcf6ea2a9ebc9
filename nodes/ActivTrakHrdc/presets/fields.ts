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
export const fullName = (name: unknown, first: unknown, last: unknown) =>
	firstText(name) || [text(first), text(last)].filter(Boolean).join(' ');

/**
 * Adds a group name to the person's list, unless it is empty. The list is reused from person
 * to person, only its first `groupCount` entries counting: a new list per person was a large
 * share of what a preset cost over auto-map (bench/results.md).
 */
export function addGroup(person: { group: string[]; groupCount: number }, name: string): void {
	if (name) person.group[person.groupCount++] = name;
}

const isDigit = (code: number) => code >= 48 && code <= 57;
/** What may follow YYYY-MM-DD: a time ("T", " "), "Z", or a zone such as "-08:00". */
const DATE_TAIL = /^.{10}(?:[T ]|Z$|[+-]\d{2}:?\d{2}$)/;
/** Where YYYY-MM-DD has its digits. */
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/**
 * A date as YYYY-MM-DD, from the ways HR APIs write one: "2026-12-05", "2026-12-05T00:00:00+01:00"
 * (Personio), "2026-12-05-08:00" (Workday's date with its zone). Anything else, a month past 12
 * included, is '' (not known): a date is never guessed from a day/month order. Read character
 * by character, no pattern: it runs for every person of 100,000s (bench/results.md).
 */
export function isoDate(value: unknown): string {
	if (typeof value !== 'string') return '';
	// Most dates come trimmed: no copy for them.
	const date = trimmedText(value);
	if (date.length < 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return '';
	for (const at of DATE_DIGITS) if (!isDigit(date.charCodeAt(at))) return '';
	if (date.length > 10 && !DATE_TAIL.test(date)) return '';
	const twoDigits = (at: number) => (date.charCodeAt(at) - 48) * 10 + date.charCodeAt(at + 1) - 48;
	const month = twoDigits(5);
	const day = twoDigits(8);
	if (month < 1 || month > 12 || day < 1 || day > 31) return '';
	return date.length === 10 ? date : date.slice(0, 10);
}

/** Whether a date (YYYY-MM-DD, or '') is before `today`: a termination that has happened. */
export const isPast = (date: string, today: string): boolean => date !== '' && date < today;
