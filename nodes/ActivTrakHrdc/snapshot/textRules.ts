/**
 * Checks on a cell's text that HRDC cannot be trusted to catch: characters that have no place in
 * a name or an id, absurd lengths, and e-mail addresses that are not addresses.
 */

/** Longer than any real id, e-mail address (254), name or group name. */
export const MAX_CELL_LENGTH = 256;

// Control characters (C0, DEL, C1) and surrogate halves, built from code points so the source
// holds no control characters itself.
const SUSPICIOUS = new RegExp(
	`[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}-${String.fromCharCode(0x9f)}\\ud800-\\udfff]`,
);

const EMAIL = /^[^\s@",;<>()[\]\\]+@[^\s@",;<>()[\]\\]+\.[^\s@",;<>()[\]\\.]+$/;

/**
 * Why the text is unusable, or null. Control characters (a NUL, a tab, a line break inside a
 * value, ...) and lone UTF-16 surrogates are refused: the first corrupt ActivTrak's records, the
 * second cannot be written as UTF-8 at all and would arrive as a different character.
 */
export function textProblem(text: string): string | null {
	if (text.length > MAX_CELL_LENGTH) {
		return `is ${text.length} characters long; the limit is ${MAX_CELL_LENGTH}`;
	}
	// Almost every value is clean: one native scan says so; only a hit walks the text to name it.
	if (!SUSPICIOUS.test(text)) return null;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
			return `holds the control character U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${i + 1}; remove it in the source data`;
		}
		if (code >= 0xd800 && code <= 0xdbff) {
			const next = text.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				i++;
				continue;
			}
			return `holds broken Unicode (a lone surrogate) at position ${i + 1}`;
		}
		if (code >= 0xdc00 && code <= 0xdfff) {
			return `holds broken Unicode (a lone surrogate) at position ${i + 1}`;
		}
	}
	return null;
}

export function isEmailAddress(text: string): boolean {
	return EMAIL.test(text);
}
