/**
 * Input from one of n8n's own HR nodes, read by its preset (presets/): no mapping, leavers by
 * the chosen policy, and a stop naming the source node's setting when its items are not the
 * shape the preset reads.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { LEAVER_POLICIES, readWithPreset, type Preset } from '../presets';
import { SnapshotBuilder } from '../snapshot';
import type { InputRead, ReadingOptions } from './readInput';
import { refusedBecause, settingRefused } from '../messages';

/** A preset's setting as given: one of its choices, or the run stops naming the setting. */
function presetSetting(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	allowed: readonly string[],
	fallback: string,
): string {
	const value = ctx.getNodeParameter(name, 0, fallback);
	if (typeof value === 'string' && allowed.includes(value)) return value;
	throw new NodeOperationError(
		ctx.getNode(),
		settingRefused(`'${label}'`, value, `one of ${allowed.join(', ')}`),
	);
}

/** Items of one of n8n's HR nodes, read by the preset: no mapping, leavers by the policy. */
export function readPresetItems(
	ctx: IExecuteFunctions,
	preset: Preset,
	items: INodeExecutionData[],
	reading: ReadingOptions,
): InputRead {
	const groupChoices = [...preset.groupChoices.map((choice) => choice.value), 'none'];
	const prefix = ctx.getNodeParameter('groupPrefix', 0, '');
	// Records are people, not items (a report holds many): each is named by its item.
	const recordItems: number[] = [];
	const recordName = (index: number) => `item ${recordItems[index]}`;
	// A group name from an HR system is one name: 'Group Delimiter' does not split it.
	const builder = new SnapshotBuilder({
		...reading,
		groupDelimiter: '',
		recordName,
		expectedRecords: items.length,
	});
	const read = readWithPreset(
		preset,
		items.map((item) => item.json),
		{
			groupFrom: presetSetting(ctx, 'groupFrom', 'Group From', groupChoices, groupChoices[0]),
			groupPrefix: typeof prefix === 'string' ? prefix : '',
			leavers: presetSetting(
				ctx,
				'leavers',
				'Leavers',
				LEAVER_POLICIES,
				'leaveOut',
			) as (typeof LEAVER_POLICIES)[number],
			suspendedAreLeavers: ctx.getNodeParameter('suspendedAreLeavers', 0, false) === true,
			uniqueDisplayNames: ctx.getNodeParameter('uniqueDisplayNames', 0, false) === true,
		},
		(item, cells, group) => {
			builder.addCells(recordItems.length, cells, group);
			recordItems.push(item);
		},
	);
	if ('wrongShape' in read) {
		throw new NodeOperationError(ctx.getNode(), refusedBecause(read.wrongShape), {
			itemIndex: read.item,
			description: `${read.fix} The Input '${preset.name}' reads the items of n8n's ${preset.sourceNode} node set up so: ${preset.sourceSettings}.`,
		});
	}
	const notes: string[] = [];
	if (!read.leavers.known) {
		notes.push(
			`The ${preset.sourceNode} items do not say who has left, so no one was treated as a leaver (${preset.sourceSettings}).`,
		);
	}
	if (read.displayNamesMadeUnique > 0) {
		notes.push(
			`${read.displayNamesMadeUnique} display names shared by several people were made unique with each one's e-mail.`,
		);
	}
	return {
		snapshot: builder.build(),
		recordName,
		recordsAreItems: false,
		notes,
		leavers: read.leavers,
	};
}
