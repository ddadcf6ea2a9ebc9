/**
 * Turns the node's input into a snapshot: mapped items, or CSV files in a binary property (a
 * source preset's items: readPreset.ts). What reading gives is the same whatever the source.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PresetOutcome } from '../presets';
import { EventLoopTurns } from './eventLoop';
import {
	ASK_N8N,
	HRDC_COLUMN_IDS,
	SnapshotBuilder,
	type Snapshot,
	type SnapshotBuilderOptions,
	classifyColumnSource,
	decodeUtf8,
	count,
	listNames,
	quoted,
	firstNearMiss,
	readField,
	readHrdcCsv,
	unsupportedEncoding,
	type MappedRecord,
	type NearMiss,
} from '../snapshot';

/** How records become a snapshot: the builder's options the node's settings decide. */
export type ReadingOptions = Pick<
	SnapshotBuilderOptions,
	'groupDelimiter' | 'refuseSharedDisplayNames' | 'refuseFormulaCells' | 'cutLongGroupNames'
>;

/** What reading the input gives every operation, whatever the source. */
export interface InputRead {
	snapshot: Snapshot;
	/** How problems name a record: "item 3", or "row 5" of a CSV file. */
	recordName: (index: number) => string;
	/** Whether record indexes are n8n item indexes (not CSV rows). */
	recordsAreItems: boolean;
	/** What reading left out or noticed, for the output's warnings. */
	notes: string[];
	/** With a source preset: the leavers found and what was done to them. */
	leavers?: PresetOutcome['leavers'];
	/** With a preset that knows start dates: the people left out as not started yet. */
	futureHires?: PresetOutcome['futureHires'];
}

const AUTO_MAP = 'autoMapInputData';

/**
 * Per column, a function from item index to the mapped value. Plain field references and fixed
 * values are read directly (see fieldMapping.ts); everything else is n8n's own evaluation.
 */
function compileManualMapping(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): Array<[string, (itemIndex: number) => unknown]> {
	const mapping = (ctx.getNodeParameter('columns.value', 0, {}, { rawExpressions: true }) ??
		{}) as Record<string, unknown>;
	const evaluate = (column: string) => (itemIndex: number) =>
		ctx.getNodeParameter(`columns.value.${column}`, itemIndex);
	return Object.entries(mapping)
		.filter(([column]) => (HRDC_COLUMN_IDS as readonly string[]).includes(column))
		.map(([column, raw]): [string, (itemIndex: number) => unknown] => {
			const source = classifyColumnSource(raw);
			if (source.kind === 'fixed') return [column, () => source.value];
			if (source.kind === 'expression') return [column, evaluate(column)];
			const byN8n = evaluate(column);
			return [
				column,
				(itemIndex) => {
					const value = readField(items[itemIndex].json, source.path);
					return value === ASK_N8N ? byN8n(itemIndex) : value;
				},
			];
		});
}

export async function readItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	reading: ReadingOptions,
): Promise<InputRead> {
	const turns = new EventLoopTurns();
	const mappingMode = ctx.getNodeParameter('columns.mappingMode', 0) as string;
	const builder = new SnapshotBuilder({ ...reading, expectedRecords: items.length });
	if (mappingMode === AUTO_MAP) {
		const nearMiss = firstNearMiss(items);
		if (nearMiss) throw nearMissError(ctx, nearMiss);
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			builder.add(itemIndex, items[itemIndex].json as MappedRecord);
			await turns.step();
		}
	} else {
		const columns = compileManualMapping(ctx, items);
		// One record object, refilled for every item: the builder copies what it keeps, and
		// 100,000s of short-lived records were most of what mapping by hand added to memory.
		const record: Record<string, unknown> = {};
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			for (let c = 0; c < columns.length; c++) record[columns[c][0]] = columns[c][1](itemIndex);
			builder.add(itemIndex, record);
			await turns.step();
		}
	}
	const snapshot = builder.build();
	return {
		snapshot,
		recordName: (index) => `item ${index}`,
		recordsAreItems: true,
		notes: reading.groupDelimiter === '' ? commaGroupNotes(snapshot.groupsWithCommas) : [],
	};
}

/**
 * Without a Group Delimiter a text like "Sales,EMEA" is one group: say so, as it is more often
 * a list from a sheet or a database than one name.
 */
function commaGroupNotes(names: readonly string[]): string[] {
	if (names.length === 0) return [];
	const shown = listNames(names, names.length, undefined, 3);
	return [
		`${count(names.length, 'group name has', 'group names have')} a comma${shown}: each is sent as one group. If the field lists several groups, set 'Options' > 'Group Delimiter' to ",".`,
	];
}

/** A field Map Automatically would leave out, though it is one edit from a column. */
function nearMissError(ctx: IExecuteFunctions, { itemIndex, field, column }: NearMiss) {
	return new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex} has a field ${quoted(field, 40)}, which is not an HRDC column: did you mean "${column}"? Nothing was sent`,
		{
			itemIndex,
			description: `Map Automatically reads only fields named exactly like the columns (${HRDC_COLUMN_IDS.join(', ')}), so this one would be left out. Rename the field (e.g. with an Edit Fields node before this one), or choose 'Map Each Column Manually' and map "${column}" to it.`,
		},
	);
}

/** Where a CSV file is: the item, and its binary field. */
interface CsvFileAt {
	itemIndex: number;
	property: string;
}

/**
 * One snapshot from CSV files with HRDC columns (an HR export, a held snapshot, the CSV last
 * uploaded by hand), each checked like mapped items; a file that cannot be read stops the run,
 * naming its item, and the row and field that cannot be read.
 */
export async function readCsvFiles(
	ctx: IExecuteFunctions,
	files: readonly CsvFileAt[],
	reading: ReadingOptions,
): Promise<InputRead> {
	// Records of all files are numbered in one sequence; these map each back to file and row.
	const recordItems: number[] = [];
	const recordRows: number[] = [];
	const records: MappedRecord[] = [];
	const notes: string[] = [];
	const turns = new EventLoopTurns();
	for (const { itemIndex, property } of files) {
		ctx.helpers.assertBinaryData(itemIndex, property);
		const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		const encoding = unsupportedEncoding(bytes);
		const text = encoding ? null : decodeUtf8(bytes);
		if (text === null) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The file in "${property}" is ${encoding ?? 'not UTF-8 text'}`,
				{
					itemIndex,
					description: 'Save or export the file as "CSV UTF-8"; HRDC reads UTF-8 only.',
				},
			);
		}
		const file = await readHrdcCsv(text, async () => await turns.turnIfDue());
		if (!file.ok) {
			throw new NodeOperationError(ctx.getNode(), file.message, {
				itemIndex,
				description: `${file.description} Nothing was uploaded.`,
			});
		}
		for (let r = 0; r < file.records.length; r++) {
			records.push(file.records[r]);
			recordItems.push(itemIndex);
			recordRows.push(file.rows[r]);
		}
		if (file.emptyRowsSkipped > 0) {
			notes.push(
				`${file.emptyRowsSkipped} empty rows (only separators) were skipped in the file${files.length > 1 ? ` in item ${itemIndex}` : ''}.`,
			);
		}
	}
	const several = files.length > 1;
	const recordName = (index: number) =>
		several
			? `row ${recordRows[index]} of the file in item ${recordItems[index]}`
			: `row ${recordRows[index]}`;
	const builder = new SnapshotBuilder({
		...reading,
		recordName,
		expectedRecords: records.length,
	});
	for (let index = 0; index < records.length; index++) {
		builder.add(index, records[index]);
		await turns.step();
	}
	return { snapshot: builder.build(), recordName, recordsAreItems: false, notes };
}
