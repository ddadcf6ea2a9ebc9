/**
 * How a message names a list of people or groups: the first five, quoted, and how many more:
 * ` ("a", "b", "c", "d", "e", and 3 more)`. One helper for every message, so they all read
 * alike. `escape` applies to each name (summaryText escapes markup). Pure.
 */
export function firstNames(
	names: readonly string[],
	total = names.length,
	escape: (name: string) => string = (name) => name,
): string {
	if (total === 0 || names.length === 0) return '';
	const listed = names
		.slice(0, 5)
		.map((name) => `"${escape(name)}"`)
		.join(', ');
	return ` (${listed}${total > 5 ? `, and ${total - 5} more` : ''})`;
}
