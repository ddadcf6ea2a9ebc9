/**
 * A strict RFC 4180 reader for tests and the emulator: it refuses anything a lenient parser
 * would guess at (a quote inside an unquoted field, text after a closing quote, an unterminated
 * quote, a lone CR, rows of different widths), so a CSV it reads back is unambiguous.
 */
export class CsvSyntaxError extends Error {}

export function parseStrictCsv(input: string): string[][] {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let i = 0;
	let line = 1;
	const endRow = () => {
		row.push(field);
		field = '';
		rows.push(row);
		row = [];
		line++;
	};
	while (i < text.length) {
		const char = text[i];
		if (char === '"' && field === '') {
			// Quoted field: runs to the next quote that is not doubled.
			i++;
			for (;;) {
				if (i >= text.length) throw new CsvSyntaxError(`line ${line}: unterminated quoted field`);
				const inner = text[i];
				if (inner === '"') {
					if (text[i + 1] === '"') {
						field += '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				field += inner;
				i++;
			}
			const next = text[i];
			if (next === undefined) {
				// The last field of the text was quoted: keep it even when empty.
				row.push(field);
				rows.push(row);
				row = [];
				field = '';
				break;
			}
			if (next === ',') {
				row.push(field);
				field = '';
				i++;
				if (i === text.length) row.push('');
			} else if (next === '\r' && text[i + 1] === '\n') {
				endRow();
				i += 2;
			} else if (next === '\n') {
				endRow();
				i++;
			} else {
				throw new CsvSyntaxError(`line ${line}: text after a closing quote`);
			}
			continue;
		}
		if (char === '"') throw new CsvSyntaxError(`line ${line}: quote inside an unquoted field`);
		if (char === ',') {
			row.push(field);
			field = '';
			i++;
			if (i === text.length) row.push('');
			continue;
		}
		if (char === '\r') {
			if (text[i + 1] !== '\n') throw new CsvSyntaxError(`line ${line}: lone CR outside quotes`);
			endRow();
			i += 2;
			continue;
		}
		if (char === '\n') {
			endRow();
			i++;
			continue;
		}
		field += char;
		i++;
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	if (rows.length > 0) {
		const width = rows[0].length;
		rows.forEach((r, index) => {
			if (r.length !== width) {
				throw new CsvSyntaxError(
					`line ${index + 1}: ${r.length} fields where the header has ${width}`,
				);
			}
		});
	}
	return rows;
}

/** Rows as objects keyed by the header row. */
export function parseStrictCsvRecords(input: string): {
	header: string[];
	records: Record<string, string>[];
} {
	const [header = [], ...rows] = parseStrictCsv(input);
	return {
		header,
		records: rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index]]))),
	};
}
