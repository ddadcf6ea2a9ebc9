/**
 * Upload Snapshot: all input items -> one validated HRDC snapshot -> one upload -> one output
 * item paired with every input item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	SnapshotBuilder,
	describeProblems,
	snapshotToCsv,
	type MappedRecord,
	type Snapshot,
} from '../snapshot';
import { uploadSnapshotCsv } from '../transport';

interface UploadOptions {
	groupDelimiter?: string;
	fileName?: string;
}

const AUTO_MAP = 'autoMapInputData';

/** Reads every item through the mapping the user chose and builds the snapshot. */
export function mapItemsToSnapshot(ctx: IExecuteFunctions, items: INodeExecutionData[]): Snapshot {
	const options = ctx.getNodeParameter('options', 0, {}) as UploadOptions;
	const mappingMode = ctx.getNodeParameter('columns.mappingMode', 0) as string;
	const builder = new SnapshotBuilder({ groupDelimiter: options.groupDelimiter ?? '' });
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const record =
			mappingMode === AUTO_MAP
				? (items[itemIndex].json as MappedRecord)
				: ((ctx.getNodeParameter('columns.value', itemIndex, {}) ?? {}) as MappedRecord);
		builder.add(itemIndex, record);
	}
	return builder.build();
}

function csvFileName(ctx: IExecuteFunctions, options: UploadOptions): string {
	const name = (options.fileName ?? '').trim() || 'hrdc-snapshot.csv';
	if (!/\.csv$/i.test(name) || /[\\/]/.test(name)) {
		throw new NodeOperationError(ctx.getNode(), `File Name "${name}" must be a plain file name ending in .csv`, {
			description: 'ActivTrak accepts CSV files only; change Options > File Name',
		});
	}
	return name;
}

export async function executeUpload(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const pairedWithAll: IPairedItemData[] = items.map((_, item) => ({ item }));
	try {
		const options = this.getNodeParameter('options', 0, {}) as UploadOptions;
		const fileName = csvFileName(this, options);
		if (items.length === 0) {
			throw new NodeOperationError(this.getNode(), 'No input items, so there is no snapshot to upload', {
				description:
					'An empty upload would delete every HRDC group in ActivTrak, so the node never sends one',
			});
		}
		const snapshot = mapItemsToSnapshot(this, items);
		if (snapshot.problems.length > 0) {
			const first = snapshot.problems[0];
			const count = snapshot.problems.length;
			throw new NodeOperationError(
				this.getNode(),
				`Item ${first.itemIndex}, column ${first.column}: ${first.message}${count > 1 ? ` (and ${count - 1} more problems)` : ''}`,
				{
					itemIndex: first.itemIndex,
					description: `Nothing was uploaded. Fix these and run again:\n${describeProblems(snapshot.problems)}`,
				},
			);
		}
		const csv = snapshotToCsv(snapshot.rows);
		const csvBytes = Buffer.byteLength(csv, 'utf8');
		const upload = await uploadSnapshotCsv(this, csv, fileName);
		const json: IDataObject = {
			success: upload.response.success,
			messages: upload.response.messages,
			statusCode: upload.statusCode,
			summary: { ...snapshot.summary, csvBytes } as unknown as IDataObject,
			fileName,
		};
		return [[{ json, pairedItem: pairedWithAll }]];
	} catch (error) {
		if (this.continueOnFail()) {
			const failure = error as Error & { description?: string };
			return [
				[
					{
						json: { error: failure.message, description: failure.description ?? null },
						pairedItem: pairedWithAll,
					},
				],
			];
		}
		throw asNodeError(this, error);
	}
}

/** n8n's own errors pass through unchanged; anything else is wrapped so n8n shows it well. */
function asNodeError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}
