/**
 * The pipeline's first call, for every operation that reads input: the node's options and the
 * input read into one snapshot, checked record by record. An upload stops here on an invalid
 * item (unless skipped) or a snapshot with no valid user; a preview reports them instead. The
 * two calls after it are in compare.ts.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quoted, type Snapshot } from '../snapshot';
import { credentialsOf } from '../transport';
import { EMPTY_UPLOAD_REFUSED, problemsError } from './errors';
import type { SnapshotOptions } from './options';
import { PhaseClock } from './phaseClock';
import { presetNamed } from '../presets';
import { SOURCE_CSV_FILE } from './input.description';
import { readCsvFiles, readItems, type InputRead, type ReadingOptions } from './readInput';
import { readPresetItems } from './readPreset';
import { SOURCE_GAVE_NO_PEOPLE, refusedBecause } from '../messages';

/** The input read into one snapshot, with the options it was read by. */
export interface SnapshotRead {
	clock: PhaseClock;
	options: SnapshotOptions;
	fileName: string;
	input: InputRead;
	snapshot: Snapshot;
}

/** What a snapshot read elsewhere (Upload Approved's held CSV) is, as the pipeline carries it. */
export function snapshotRead(
	input: InputRead,
	options: SnapshotOptions,
	fileName: string,
	clock = new PhaseClock(),
): SnapshotRead {
	return { clock, options, fileName, input, snapshot: input.snapshot };
}

export function csvFileName(ctx: IExecuteFunctions, options: SnapshotOptions): string {
	const name = (options.fileName ?? '').trim() || 'hrdc-snapshot.csv';
	// The name goes into a quoted multipart header as it is: quotes, slashes and control
	// characters (a line break would start a header of its own) are refused.
	// eslint-disable-next-line no-control-regex
	if (!/\.csv$/i.test(name) || /["\\/\u0000-\u001f\u007f]/.test(name)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`File Name ${quoted(name)} must be a plain file name ending in .csv`,
			{ description: "ActivTrak accepts CSV files only; change 'Options' > 'File Name'" },
		);
	}
	return name;
}

/**
 * Whether the node runs as an AI agent's tool: n8n gives the tool variant of a node a type name
 * ending in "Tool", and each call is one item made of the model's arguments.
 */
export function runsAsAiTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * Reads and checks the snapshot. For an upload, invalid items (unless skipped) and a snapshot
 * with no valid user stop here; a preview reports them instead.
 */
export async function readSnapshotInput(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	{ forUpload }: { forUpload: boolean },
): Promise<SnapshotRead> {
	const clock = new PhaseClock();
	const options = ctx.getNodeParameter('options', 0, {}) as SnapshotOptions;
	const fileName = csvFileName(ctx, options);
	// n8n runs a node with no input only when the node before it has 'Always Output Data' on,
	// and then hands it one empty item: the templates set it on the HR source, so an empty HR
	// answer stops here, said, instead of being a green run where nothing happened.
	if (items.every((item) => Object.keys(item.json).length === 0 && !item.binary)) {
		throw new NodeOperationError(ctx.getNode(), SOURCE_GAVE_NO_PEOPLE, {
			description: `${EMPTY_UPLOAD_REFUSED}. Check the HR source node's output (its filter, paging or 'Return All', its credential). ${items.length === 0 ? 'The node had no input items.' : "Its input was one empty item, as n8n gives with 'Always Output Data' on the node before when it found nothing."}`,
		});
	}

	clock.lap('parameters');
	// n8n reads the credential from its database off the main thread while the items are read
	// here; awaited below, and a failure then is the run's error unless the items' came first.
	const credentials = credentialsOf(ctx);
	credentials.catch(() => undefined);
	clock.lap('credential');

	const input = await readSnapshot(ctx, items, {
		groupDelimiter: options.groupDelimiter ?? '',
		refuseSharedDisplayNames: options.refuseSharedDisplayNames === true,
		refuseFormulaCells: options.refuseFormulaCells === true,
		cutLongGroupNames: options.cutLongGroupNames === true,
	});
	const { snapshot } = input;
	// Only an explicit true skips: an expression giving "false" must not drop users.
	const skipInvalid = options.skipInvalid === true && !runsAsAiTool(ctx);
	if (forUpload && snapshot.problems.length > 0 && !skipInvalid) {
		throw problemsError(ctx, snapshot, input);
	}
	if (forUpload && snapshot.users.count === 0) {
		throw new NodeOperationError(ctx.getNode(), refusedBecause('The snapshot has no valid users'), {
			description: EMPTY_UPLOAD_REFUSED,
		});
	}

	clock.lap('items');

	await credentials;
	clock.lap('credential');
	return snapshotRead(input, options, fileName, clock);
}

/** The input as its 'Input' setting says: mapped items, CSV files, or a preset's items. */
async function readSnapshot(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	reading: ReadingOptions,
): Promise<InputRead> {
	const source = ctx.getNodeParameter('source', 0, 'items') as string;
	const preset = presetNamed(source);
	if (preset) return await readPresetItems(ctx, preset, items, reading);
	return source === SOURCE_CSV_FILE
		? await readCsvFiles(
				ctx,
				items.map((_, itemIndex) => ({
					itemIndex,
					property: ctx.getNodeParameter('binaryPropertyName', itemIndex) as string,
				})),
				reading,
			)
		: await readItems(ctx, items, reading);
}
