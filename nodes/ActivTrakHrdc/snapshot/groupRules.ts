/**
 * ActivTrak's own rules for groups, checked before anything is sent: a name of at most 65
 * characters (its group CSV help and its group API), none of `"`, `\`, tab or `^` (its group
 * API), and at most MAX_GROUPS_PER_USER groups on one person (this node's cap: a list that long
 * is a mapping mistake, such as every LDAP group of a directory on each user). Pure.
 */

export const MAX_GROUP_NAME_LENGTH = 65;
export const MAX_GROUPS_PER_USER = 1000;

/** The characters ActivTrak's group API refuses in a name; a tab is refused earlier, as every
 * control character is (textRules.ts). */
const REFUSED = /["\\^]/;
const REFUSED_NAMES: Record<string, string> = {
	'"': 'a double quote (")',
	'\\': 'a backslash (\\)',
	'^': 'a caret (^)',
};

/** Characters as ActivTrak counts them: code points, not UTF-16 units. */
function characterCount(name: string): number {
	let count = 0;
	for (let i = 0; i < name.length; i++) {
		const code = name.charCodeAt(i);
		if (code < 0xd800 || code > 0xdbff) count++;
	}
	return count;
}

/** The first `limit` characters of the name, never splitting a character, trimmed at the end. */
export function cutGroupName(name: string, limit = MAX_GROUP_NAME_LENGTH): string {
	let end = 0;
	for (let kept = 0; kept < limit && end < name.length; kept++) {
		const code = name.charCodeAt(end);
		end += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
	}
	return name.slice(0, end).trimEnd();
}

type GroupNameVerdict =
	| { ok: true }
	| { ok: false; rule: 'character'; message: string }
	| { ok: false; rule: 'length'; length: number };

/** Whether ActivTrak takes the name as it is. */
export function checkGroupName(name: string): GroupNameVerdict {
	const refused = REFUSED.exec(name);
	if (refused) {
		return {
			ok: false,
			rule: 'character',
			message: `holds ${REFUSED_NAMES[refused[0]]}, which ActivTrak refuses in group names`,
		};
	}
	// Most names are short: no count when the UTF-16 length says it cannot be over.
	if (name.length <= MAX_GROUP_NAME_LENGTH) return { ok: true };
	const length = characterCount(name);
	return length <= MAX_GROUP_NAME_LENGTH ? { ok: true } : { ok: false, rule: 'length', length };
}

/** The key two names share when they differ only in case or spacing. */
export const lookAlikeKey = (name: string): string => name.toLowerCase().replace(/\s+/g, ' ');
