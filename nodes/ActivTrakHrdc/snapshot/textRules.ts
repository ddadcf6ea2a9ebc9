/**
 * Checks on a cell's text that HRDC cannot be trusted to catch: characters that have no place in
 * a name or an id (control characters, invisible format characters, broken Unicode), absurd
 * lengths, e-mail addresses that are not addresses, and text a spreadsheet would run as a formula.
 */

/** Longer than any real id, e-mail address (254), name or group name. */
const MAX_CELL_LENGTH = 256;

/**
 * Anything but printable ASCII. Almost every cell is printable ASCII: one native scan says so,
 * and only a hit walks the text (or normalises it).
 */
const BEYOND_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/**
 * Whether the text is short printable ASCII, the usual cell: then it needs neither textProblem()
 * nor composedText(), and this one native scan is all a cell costs.
 */
export function isPlainText(text: string): boolean {
	return text.length <= MAX_CELL_LENGTH && !BEYOND_PRINTABLE_ASCII.test(text);
}

/** Format characters (Unicode category Cf: zero-width, bidi controls, ...) by what they look like. */
const FORMAT_CHARACTER = /\p{Cf}/u;

const NAMED_CHARACTERS: Readonly<Record<number, string>> = {
	0xad: 'soft hyphen',
	0x200b: 'zero width space',
	0x200c: 'zero width non-joiner',
	0x200d: 'zero width joiner',
	0x200e: 'left-to-right mark',
	0x200f: 'right-to-left mark',
	0x202a: 'left-to-right embedding',
	0x202b: 'right-to-left embedding',
	0x202c: 'pop directional formatting',
	0x202d: 'left-to-right override',
	0x202e: 'right-to-left override',
	0x2028: 'line separator',
	0x2029: 'paragraph separator',
	0x2060: 'word joiner',
	0x2066: 'left-to-right isolate',
	0x2067: 'right-to-left isolate',
	0x2068: 'first strong isolate',
	0x2069: 'pop directional isolate',
	0xfeff: 'zero width no-break space (byte order mark)',
};

/**
 * The zero width non-joiner and joiner shape Persian, Arabic and Indic names (and join emoji),
 * so names and group names may hold them; ids and e-mail addresses may not.
 */
const JOINERS = new Set([0x200c, 0x200d]);

interface TextRules {
	/** Whether the zero width (non-)joiner is allowed: for names, not for ids. */
	allowJoiners?: boolean;
}

const codePointName = (code: number) =>
	`U+${code.toString(16).toUpperCase().padStart(4, '0')}${NAMED_CHARACTERS[code] ? ` (${NAMED_CHARACTERS[code]})` : ''}`;

/**
 * Why the text is unusable, or null. Control characters (a NUL, a tab, a line break inside a
 * value, ...) and lone UTF-16 surrogates are refused: the first corrupt ActivTrak's records, the
 * second cannot be written as UTF-8 at all and would arrive as a different character. Invisible
 * format characters (a zero width space in an id, a right-to-left override in a name) and the
 * Unicode line and paragraph separators are refused too: they make two values that look the same
 * differ, or make one look like another.
 */
export function textProblem(text: string, rules: TextRules = {}): string | null {
	if (text.length > MAX_CELL_LENGTH) {
		return `is ${text.length} characters long; the limit is ${MAX_CELL_LENGTH}`;
	}
	if (!BEYOND_PRINTABLE_ASCII.test(text)) return null;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
			return `holds the control character ${codePointName(code)} at position ${i + 1}; remove it in the source data`;
		}
		if (code >= 0xd800 && code <= 0xdbff) {
			const next = text.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				if (FORMAT_CHARACTER.test(text.slice(i, i + 2))) {
					return `holds the invisible format character ${codePointName(text.codePointAt(i)!)} at position ${i + 1}; remove it in the source data`;
				}
				i++;
				continue;
			}
			return `holds broken Unicode (a lone surrogate) at position ${i + 1}`;
		}
		if (code >= 0xdc00 && code <= 0xdfff) {
			return `holds broken Unicode (a lone surrogate) at position ${i + 1}`;
		}
		if (code === 0x2028 || code === 0x2029) {
			return `holds the ${NAMED_CHARACTERS[code]} ${codePointName(code).slice(0, 6)} at position ${i + 1}, a line break in some programs; remove it in the source data`;
		}
		if (code >= 0xad && FORMAT_CHARACTER.test(text[i])) {
			if (rules.allowJoiners && JOINERS.has(code)) continue;
			return `holds the invisible format character ${codePointName(code)} at position ${i + 1}; remove it in the source data`;
		}
	}
	return null;
}

/**
 * The text in Unicode's composed form (NFC): "é" typed as one character and as "e" plus an accent
 * look the same and must be the same id, group or name. Printable ASCII is returned as it is.
 */
export function composedText(text: string): string {
	return BEYOND_PRINTABLE_ASCII.test(text) ? text.normalize('NFC') : text;
}

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * The character that makes a spreadsheet run the text as a formula ("=", "+", "-", "@"), or null.
 * A display name such as =HYPERLINK(...) in a CSV an admin opens in Excel can send data away.
 * Tab and CR at the start would too, but no cell keeps them (trimmed, and refused above). Plain
 * numbers such as -5 are no formula.
 */
export function formulaStart(text: string): string | null {
	const first = text.charCodeAt(0);
	if (first !== 0x3d && first !== 0x2b && first !== 0x2d && first !== 0x40) return null;
	return PLAIN_NUMBER.test(text) ? null : text[0];
}

/** At most `limit` characters of a value, for messages and output: values can be megabytes. */
export function excerpt(text: string, limit = 80): string {
	return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
}

const EMAIL = /^[^\s@",;<>()[\]\\]+@[^\s@",;<>()[\]\\]+\.[^\s@",;<>()[\]\\.]+$/;

export function isEmailAddress(text: string): boolean {
	return EMAIL.test(text);
}
