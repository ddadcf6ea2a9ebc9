/**
 * Turns the node's input into a snapshot: mapped items, or CSV files in a binary property.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SOURCE_CSV_FILE } from '../description';
import { SnapshotBuilder, decodeUtf8, readHrdcCsv, type MappedRecord, type Snapshot } from '../snapshot';

const AUTO_MAP = 'autoMapInputData';

export interface ReadSnapshot {
	snapshot: Snapshot;
	/** How problems name a record: "item 3", or "row 5" of a CSV file. */
	recordName: (index: number) => string;
	/** Whether record indexes are n8n item indexes (not CSV rows). */
	recordsAreItems: boolean;
}

function readItems(ctx: IExecuteFunctions, items: INodeExecutionData[], groupDelimiter: string): ReadSnapshot {
	const mappingMode = ctx.getNodeParameter('columns.mappingMode', 0) as string;
	const builder = new SnapshotBuilder({ groupDelimiter });
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const record =
			mappingMode === AUTO_MAP
				? (items[itemIndex].json as MappedRecord)
				: ((ctx.getNodeParameter('columns.value', itemIndex, {}) ?? {}) as MappedRecord);
		builder.add(itemIndex, record);
	}
	return { snapshot: builder.build(), recordName: (index) => `item ${index}`, recordsAreItems: true };
}

async function readCsvFiles(ctx: IExecuteFunctions, items: INodeExecutionData[], groupDelimiter: string): Promise<ReadSnapshot> {
	// Rows of all files are numbered in one sequence; this maps it back to file and row.
	const origins: Array<{ itemIndex: number; firstRecord: number }> = [];
	const records: MappedRecord[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const property = ctx.getNodeParameter('binaryPropertyName', itemIndex) as string;
		ctx.helpers.assertBinaryData(itemIndex, property);
		const text = decodeUtf8(await ctx.helpers.getBinaryDataBuffer(itemIndex, property));
		if (text === null) {
			throw new NodeOperationError(ctx.getNode(), `The file in "${property}" is not UTF-8 text`, {
				itemIndex,
				description: 'Save or export the file as "CSV UTF-8"; HRDC reads UTF-8 only.',
			});
		}
		const file = readHrdcCsv(text);
		if (!file.ok) {
			throw new NodeOperationError(ctx.getNode(), file.message, { itemIndex, description: `${file.description} Nothing was uploaded.` });
		}
		origins.push({ itemIndex, firstRecord: records.length });
		records.push(...file.records);
	}
	const several = items.length > 1;
	const recordName = (index: number) => {
		let origin = origins[0];
		for (const candidate of origins) if (candidate.firstRecord <= index) origin = candidate;
		// Rows are numbered as a spreadsheet shows them: the header is row 1.
		const row = `row ${index - origin.firstRecord + 2}`;
		return several ? `${row} of the file in item ${origin.itemIndex}` : row;
	};
	const builder = new SnapshotBuilder({ groupDelimiter, recordName });
	records.forEach((record, index) => builder.add(index, record));
	return { snapshot: builder.build(), recordName, recordsAreItems: false };
}

export async function readSnapshot(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	groupDelimiter: string,
): Promise<ReadSnapshot> {
	const source = ctx.getNodeParameter('source', 0, 'items') as string;
	return source === SOURCE_CSV_FILE
		? await readCsvFiles(ctx, items, groupDelimiter)
		: readItems(ctx, items, groupDelimiter);
}
