/**
 * A user's groups, and the only code that knows how they are kept: '' for none, the name itself
 * for one, or a list of two or more names in first-seen order. One name is kept as itself because
 * nearly every user has one, and a list per user is an object per user (bench/results.md).
 *
 * The hot loops (the CSV writer, the builder, the change report) call the small functions below
 * per user; they are small enough for V8 to inline there (`npm run bench -- snapshot --inlining`
 * lists where it did).
 */
export type UserGroups = string | readonly string[];

/** No group: the user still gets one row, with an empty group cell. */
export const NO_GROUPS: UserGroups = '';

/** Groups from names already trimmed, non-empty and unique; the list is kept, not copied. */
export function groupsFromNames(names: readonly string[]): UserGroups {
	return names.length === 0 ? NO_GROUPS : names.length === 1 ? names[0] : names;
}

/** How many groups the user is a member of. */
export function groupCount(groups: UserGroups): number {
	return typeof groups === 'string' ? (groups === '' ? 0 : 1) : groups.length;
}

/** Group number `index` (0 <= index < groupCount). */
export function groupAt(groups: UserGroups, index: number): string {
	return typeof groups === 'string' ? groups : groups[index];
}

/** How many CSV rows the user takes: one per group, or one with an empty group cell. */
export function rowCount(groups: UserGroups): number {
	return typeof groups === 'string' ? 1 : groups.length;
}

/** The group cell of the user's row number `row` (0 <= row < rowCount): '' when no group. */
export function rowGroup(groups: UserGroups, row: number): string {
	return typeof groups === 'string' ? groups : groups[row];
}

export function hasGroup(groups: UserGroups, name: string): boolean {
	return typeof groups === 'string' ? groups === name && name !== '' : groups.includes(name);
}

/** The groups with one more name, which they must not hold yet. */
export function withGroup(groups: UserGroups, name: string): UserGroups {
	// A user has a handful of groups: a new list per added name beats a Set per user.
	if (typeof groups !== 'string') return [...groups, name];
	return groups === '' ? name : [groups, name];
}
