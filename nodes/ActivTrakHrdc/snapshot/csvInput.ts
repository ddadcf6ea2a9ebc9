/**
 * Reads an HRDC CSV file someone else wrote (an HR system's export, a file from SFTP or e-mail)
 * into records for the snapshot builder, so it gets the same checks, safety limits and change report as
 * mapped items. The node then writes its own canonical CSV from them.
 */
import { HRDC_COLUMN_IDS, type HrdcColumnId } from './columns';
import type { MappedRecord } from './model';
import { parseCsvRows, type Pause } from './csvRows';
import { suggestColumn } from './columnNames';
import { quoted } from './nameList';

type CsvFileResult =
	| {
			ok: true;
			header: HrdcColumnId[];
			records: MappedRecord[];
			/** Each record's row in the file as a spreadsheet numbers it (the header is row 1). */
			rows: number[];
			/** Rows of only separators (Excel leaves them below a sheet's data): skipped. */
			emptyRowsSkipped: number;
	  }
	| { ok: false; message: string; description: string };

const COLUMN_LIST = HRDC_COLUMN_IDS.join(', ');

/**
 * The encoding a file that is not UTF-8 most likely has, in words, or null. UTF-16 without a
 * byte order mark is valid UTF-8 when its text is ASCII (every other byte a NUL), so it is looked
 * for first: NULs on one side of most byte pairs.
 */
export function unsupportedEncoding(bytes: Uint8Array): string | null {
	if (bytes[0] === 0xff && bytes[1] === 0xfe)
		return 'UTF-16 (little-endian, with a byte order mark)';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16 (big-endian, with a byte order mark)';
	const sample = Math.min(bytes.length, 4096) & ~1;
	if (sample < 2) return null;
	let evenNuls = 0;
	let oddNuls = 0;
	for (let i = 0; i < sample; i += 2) {
		if (bytes[i] === 0) evenNuls++;
		if (bytes[i + 1] === 0) oddNuls++;
	}
	const pairs = sample / 2;
	if (oddNuls > pairs * 0.3 && evenNuls < pairs * 0.05)
		return 'UTF-16 (little-endian) without a byte order mark';
	if (evenNuls > pairs * 0.3 && oddNuls < pairs * 0.05)
		return 'UTF-16 (big-endian) without a byte order mark';
	return null;
}

/** Decodes UTF-8 (with or without BOM); null when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Buffer): string | null {
	const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
	try {
		return decoder.decode(bytes);
	} catch {
		return null;
	}
}

const NOT_READABLE =
	'HRDC reads comma-separated UTF-8 CSV with one header row; fields holding commas, quotes or line breaks must be in double quotes.';

/** The separator a file seems to use instead of commas, by name, or null. */
function otherSeparator(line: string): string | null {
	if (line.includes(',')) return null;
	if (line.includes(';')) return 'semicolons (;)';
	if (line.includes('\t')) return 'tabs';
	return null;
}

function firstLines(text: string, count: number): string[] {
	const lines: string[] = [];
	let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	while (lines.length < count && start < text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) end = text.length;
		lines.push(text.slice(start, end).replace(/\r$/, ''));
		start = end + 1;
	}
	return lines;
}

/**
 * Refuses a file that is separated by semicolons or tabs (what Excel writes in many countries):
 * read as CSV its header would be one column, and `u0@x.com;Sales` one lookup id with no group.
 */
function separatorProblem(text: string): string | null {
	const [header, ...data] = firstLines(text, 21);
	if (header === undefined) return null;
	const inHeader = otherSeparator(header);
	if (inHeader) return `The header row is separated by ${inHeader}, not commas`;
	if (header.includes(',')) return null;
	const row = data.findIndex((line) => otherSeparator(line) !== null);
	if (row === -1) return null;
	return `The header is one column, but row ${row + 2} is separated by ${otherSeparator(data[row])}`;
}

/**
 * The file's records, read in slices with `pause` between them (see csvRows.ts); without one,
 * the file is read without letting anything else run.
 */
/** Records made between two pauses (see csvRows.ts for the parse itself). */
const ROWS_PER_PAUSE = 8192;

export async function readHrdcCsv(
	text: string,
	pause: Pause = async () => {},
): Promise<CsvFileResult> {
	const separated = separatorProblem(text);
	if (separated) {
		return {
			ok: false,
			message: `${separated}: the file does not look comma-separated`,
			description: `${NOT_READABLE} Export it again as "CSV UTF-8 (Comma delimited)".`,
		};
	}
	const parsed = await parseCsvRows(text, pause);
	if (!parsed.ok) {
		return {
			ok: false,
			message: `The file is not a readable CSV: ${parsed.what}${parsed.where}`,
			description: NOT_READABLE,
		};
	}
	const { rows, rowNumbers, emptyRowsSkipped } = parsed;
	if (rows.length === 0) {
		return {
			ok: false,
			message: 'The CSV file is empty',
			description: 'An empty upload would delete every HRDC group, so the node never sends one.',
		};
	}
	const header: HrdcColumnId[] = [];
	for (const raw of rows[0]) {
		const name = raw.trim().toLowerCase();
		if (!(HRDC_COLUMN_IDS as readonly string[]).includes(name)) {
			const suggestion = suggestColumn(raw);
			return {
				ok: false,
				message: `Column ${quoted(raw, 40)} is not an HRDC column${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
				description: `The header must use HRDC's exact column names: ${COLUMN_LIST}.`,
			};
		}
		if (header.includes(name as HrdcColumnId)) {
			return {
				ok: false,
				message: `Column "${name}" appears twice in the header`,
				description: `HRDC columns: ${COLUMN_LIST}.`,
			};
		}
		header.push(name as HrdcColumnId);
	}
	if (!header.includes('user_lookup_id')) {
		return {
			ok: false,
			message: 'The CSV has no user_lookup_id column',
			description: `user_lookup_id is required: it finds each ActivTrak user. The header has: ${header.join(', ')}.`,
		};
	}
	for (let r = 1; r < rows.length; r++) {
		if (rows[r].length !== header.length) {
			return {
				ok: false,
				message: `Row ${rowNumbers[r]} has ${rows[r].length} fields, but the header has ${header.length}`,
				description: NOT_READABLE,
			};
		}
	}
	const records: MappedRecord[] = [];
	for (let r = 1; r < rows.length; r++) {
		const record: Record<string, unknown> = {};
		const row = rows[r];
		for (let index = 0; index < header.length; index++) record[header[index]] = row[index];
		records.push(record);
		if (r % ROWS_PER_PAUSE === 0) await pause();
	}
	return { ok: true, header, records, rows: rowNumbers.slice(1), emptyRowsSkipped };
}
