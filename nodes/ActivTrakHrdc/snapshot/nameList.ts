/** Characters of a name a message shows: HR names can be 256 characters, or a paragraph. */
const NAME_SHOWN = 60;

/** The name, or its first `limit` characters and "..." (a character is never split). */
export function shownName(name: string, limit = NAME_SHOWN): string {
	if (name.length <= limit) return name;
	const characters = Array.from(name);
	return characters.length <= limit ? name : `${characters.slice(0, limit - 3).join('')}...`;
}

/**
 * What JSON.stringify leaves as it is but a reader cannot see or that moves the text around it:
 * format characters (zero width, bidi controls such as U+202E), the line and paragraph
 * separators, DEL and the C1 controls. Written as \uXXXX in a message, like JSON's own escapes.
 */
const UNSEEN = /[\p{Cf}\u007f-\u009f\u2028\u2029]/gu;

const unitEscapes = (character: string) =>
	Array.from(
		{ length: character.length },
		(_, unit) => `\\u${character.charCodeAt(unit).toString(16).padStart(4, '0')}`,
	).join('');

/**
 * A value from HR data or from a server, as a message shows it: cut (see shownName), in double
 * quotes, its quotes, backslashes and control characters escaped as JSON does, and its unseen
 * characters (UNSEEN) as \uXXXX. A value never ends a message's quotes early, breaks its line
 * or reverses the text after it.
 */
export function quoted(value: string, limit = NAME_SHOWN): string {
	return JSON.stringify(shownName(value, limit)).replace(UNSEEN, unitEscapes);
}

/**
 * How a message names a list of people or groups: the first five, each as quoted() shows it,
 * and how many more: ` ("a", "b", "c", "d", "e", and 3 more)`. One helper for every message, so
 * they all read alike. `escape` then applies to each (summaryText escapes markup). Pure.
 */
export function listNames(
	names: readonly string[],
	total = names.length,
	escape: (name: string) => string = (name) => name,
	shown = 5,
): string {
	if (total === 0 || names.length === 0) return '';
	const listed = names
		.slice(0, shown)
		.map((name) => escape(quoted(name)))
		.join(', ');
	const more = total - Math.min(shown, names.length);
	return ` (${listed}${more > 0 ? `, and ${more} more` : ''})`;
}
