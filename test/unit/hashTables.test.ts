import fc from 'fast-check';

import { TextIndex } from '../../nodes/ActivTrakHrdc/snapshot/hashTables';

/** Adds texts the index does not know yet, as the snapshot builder does, beside a Map model. */
function check(texts: string[], caseBlind: boolean, expected = 0) {
	const added: string[] = [];
	const index = new TextIndex((entry) => added[entry], caseBlind, expected);
	const model = new Map<string, number>();
	const keyOf = (text: string) => (caseBlind ? text.toLowerCase() : text);
	for (const text of texts) {
		const want = model.get(keyOf(text)) ?? -1;
		expect(index.find(text)).toBe(want);
		if (want === -1) {
			model.set(keyOf(text), added.length);
			index.add(text, added.length);
			added.push(text);
		}
	}
	for (const [key, entry] of model) expect(index.find(key)).toBe(entry);
}

describe('TextIndex', () => {
	test('finds what was added, exactly or case-blind as toLowerCase() compares, through many table growths', () => {
		const texts = Array.from({ length: 20_000 }, (_, i) =>
			i % 3 === 0 ? `User${i % 7000}@Example.com` : `user${i % 7000}@example.COM`,
		);
		check(texts, true);
		check(texts, false);
		check(texts, true, 20_000);
	});

	test('case-blind beyond ASCII: letters whose lower case is ASCII or longer', () => {
		// KELVIN SIGN lowers to "k"; "İ" lowers to "i" plus a combining dot; "ẞ" to "ß".
		check(
			[
				'k',
				'K',
				'\u212a',
				'Straße',
				'STRASSE',
				'straẞe',
				'İstanbul',
				'i\u0307stanbul',
				'istanbul',
				'ZOË',
				'zoë',
				'',
			],
			true,
		);
	});

	test('any texts: the same answers as a Map', () => {
		const text = fc.oneof(
			fc.string({ unit: 'grapheme', maxLength: 6 }),
			fc.constantFrom('a', 'A', 'ä', 'Ä', '\u212a', 'k', 'K', 'İ', 'ß', 'ẞ'),
		);
		fc.assert(
			fc.property(fc.array(text, { maxLength: 200 }), fc.boolean(), (texts, caseBlind) =>
				check(texts, caseBlind),
			),
			{ numRuns: 300, seed: 20261128 },
		);
	});
});
