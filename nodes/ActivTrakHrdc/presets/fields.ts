/**
 * Reading one field of an HR item, whatever the source made of it: own keys only (HR data may
 * hold "__proto__"), text trimmed, numbers as text, an LDAP attribute's one value or first of
 * many. Pure.
 */

const own = (record: unknown, key: string): unknown =>
	typeof record === 'object' && record !== null && Object.prototype.hasOwnProperty.call(record, key)
		? (record as Record<string, unknown>)[key]
		: undefined;

/** The value at a path of own keys, or undefined. */
export function at(record: unknown, ...path: string[]): unknown {
	let value = record;
	for (const key of path) value = own(value, key);
	return value;
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

/** The common name of an LDAP DN: "CN=Sales Team,OU=Groups,DC=x" -> "Sales Team". */
export function commonName(dn: string): string {
	const match = /^\s*cn\s*=\s*((?:\\.|[^,\\])*)/i.exec(dn);
	return match ? match[1].replace(/\\(.)/g, '$1').trim() : '';
}

export const hasOwn = (record: Record<string, unknown>, key: string) =>
	Object.prototype.hasOwnProperty.call(record, key);

/** A name, or the given and family names joined. */
export const fullName = (name: unknown, first: unknown, last: unknown) =>
	firstText(name) || [text(first), text(last)].filter(Boolean).join(' ');
