/**
 * Reading one field of an HR item, whatever the source made of it: own keys only (HR data may
 * hold "__proto__"), text trimmed, numbers as text, an LDAP attribute's one value or first of
 * many. Pure.
 */

import { ownValue } from '../ownKeys';

export { hasOwn } from '../ownKeys';

/** The value of an own key of a record (or of a record inside it), or undefined. */
export function at(record: unknown, key: string, inner?: string): unknown {
	const value = ownValue(record, key);
	return inner === undefined ? value : ownValue(value, inner);
}

/** A value as text: a string trimmed, a number as written, the first of a list; else ''. */
export function text(value: unknown): string {
	if (Array.isArray(value)) return value.length ? text(value[0]) : '';
	if (typeof value === 'string') return value.trim();
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

/** Adds a group name to the person's list, unless it is empty. */
export function addGroup(person: { group: string[] }, name: string): void {
	if (name) person.group.push(name);
}
