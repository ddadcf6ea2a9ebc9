/**
 * Reads an HRDC CSV file someone else wrote (an HR system's export, a file from SFTP or e-mail)
 * into records for the snapshot builder, so it gets the same checks, guards and change report as
 * mapped items. The node then writes its own canonical CSV from them.
 */
import { parse } from 'csv-parse/sync';

import { HRDC_COLUMN_IDS, type HrdcColumnId } from './columns';
import type { MappedRecord } from './model';

export type CsvFileResult =
	| { ok: true; header: HrdcColumnId[]; records: MappedRecord[] }
	| { ok: false; message: string; description: string };

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(
				previous[j] + 1,
				current[j - 1] + 1,
				previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
			);
		}
		previous = current;
	}
	return previous[b.length];
}

/** The HRDC column a misspelt header most likely meant, if any is close. */
function suggestColumn(name: string): HrdcColumnId | null {
	const wanted = normalise(name);
	let best: HrdcColumnId | null = null;
	let bestDistance = 3;
	for (const id of HRDC_COLUMN_IDS) {
		const distance = editDistance(wanted, normalise(id));
		if (distance < bestDistance) {
			best = id;
			bestDistance = distance;
		}
	}
	return best;
}

const COLUMN_LIST = HRDC_COLUMN_IDS.join(', ');

/** Decodes UTF-8 (with or without BOM); null when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Buffer): string | null {
	const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
	try {
		return decoder.decode(bytes);
	} catch {
		return null;
	}
}

export function readHrdcCsv(text: string): CsvFileResult {
	let rows: string[][];
	try {
		rows = parse(text, {
			bom: true,
			skip_empty_lines: true,
			relax_column_count: false,
		}) as string[][];
	} catch (error) {
		return {
			ok: false,
			message: `The file is not a readable CSV: ${(error as Error).message}`,
			description:
				'HRDC reads comma-separated UTF-8 CSV with one header row; fields holding commas, quotes or line breaks must be in double quotes.',
		};
	}
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
				message: `Column "${raw}" is not an HRDC column${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
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
	const records = rows.slice(1).map((row) => {
		const record: Record<string, unknown> = {};
		header.forEach((column, index) => (record[column] = row[index]));
		return record;
	});
	return { ok: true, header, records };
}
