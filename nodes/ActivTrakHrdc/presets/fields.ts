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

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|[+-]\d{2}:?\d{2}$|Z$)/;

/**
 * A date as YYYY-MM-DD, from the ways HR APIs write one: "2026-12-05", "2026-12-05T00:00:00+01:00"
 * (Personio), "2026-12-05-08:00" (Workday's date with its zone). Anything else, a month past 12
 * included, is '' (not known): a date is never guessed from a day/month order.
 */
export function isoDate(value: unknown): string {
	const found = ISO_DATE.exec(text(value));
	if (!found) return '';
	const [, , month, day] = found;
	if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return '';
	return found[0].slice(0, 10);
}

/** Whether a date (YYYY-MM-DD, or '') is before `today`: a termination that has happened. */
export const isPast = (date: string, today: string): boolean => date !== '' && date < today;
