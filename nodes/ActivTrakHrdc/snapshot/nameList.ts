/** Characters of a name a message shows: HR names can be 256 characters, or a paragraph. */
const NAME_SHOWN = 60;

/** The name, or its first NAME_SHOWN characters and "..." (a character is never split). */
export function shownName(name: string): string {
	if (name.length <= NAME_SHOWN) return name;
	const characters = Array.from(name);
	return characters.length <= NAME_SHOWN
		? name
		: `${characters.slice(0, NAME_SHOWN - 3).join('')}...`;
}

/**
 * How a message names a list of people or groups: the first five, quoted and cut to 60
 * characters each, and how many more: ` ("a", "b", "c", "d", "e", and 3 more)`. One helper for
 * every message, so they all read alike. `escape` applies to each name (summaryText escapes
 * markup). Pure.
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
		.map((name) => `"${escape(shownName(name))}"`)
		.join(', ');
	const more = total - Math.min(shown, names.length);
	return ` (${listed}${more > 0 ? `, and ${more} more` : ''})`;
}
