/**
 * The house rules' own check (scripts/check-structure.ts, run by npm run lint) finds what it is
 * there to find: a file over 400 lines (over 250, a warning) and an import cycle, type-only
 * imports included.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { MAX_LINES, WARN_LINES, importCycles, overLong } from '../../scripts/check-structure';

describe('the structure check', () => {
	let folder: string;
	const file = (name: string, text: string) => {
		const full = path.join(folder, name);
		writeFileSync(full, text);
		return full;
	};
	beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'structure-'))));
	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	test('names a file over the limit, and only it', () => {
		const long = file('long.ts', 'const a = 1;\n'.repeat(MAX_LINES + 1));
		const fine = file('fine.ts', 'const a = 1;\n'.repeat(MAX_LINES));
		expect(overLong([long, fine])).toEqual([{ file: long, lines: MAX_LINES + 1 }]);
		expect(overLong([long, fine], WARN_LINES)).toEqual([
			{ file: long, lines: MAX_LINES + 1 },
			{ file: fine, lines: MAX_LINES },
		]);
		expect(WARN_LINES).toBeLessThan(MAX_LINES);
	});

	test('finds a cycle of type-only imports over three files, and none in a chain', () => {
		const a = file('a.ts', "import type { B } from './b';\nexport type A = B;\n");
		const b = file('b.ts', "import type { C } from './c';\nexport type B = C;\n");
		const c = file('c.ts', "export type { A } from './a';\nexport type C = number;\n");
		expect(importCycles([a, b, c])).toEqual([[a, b, c]]);
		writeFileSync(c, 'export type C = number;\n');
		expect(importCycles([a, b, c])).toEqual([]);
	});
});
