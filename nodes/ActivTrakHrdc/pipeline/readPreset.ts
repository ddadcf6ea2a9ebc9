/**
 * Input from one of n8n's own HR nodes, read by its preset (presets/): no mapping, leavers by
 * the chosen policy, and a stop naming the source node's setting when its items are not the
 * shape the preset reads.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { LEAVER_POLICIES, dayNumber, peopleIn, readWithPreset, type Preset } from '../presets';
import { SnapshotBuilder } from '../snapshot';
import { EventLoopTurns } from './eventLoop';
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

/** Today's date in a time zone, as the number YYYYMMDD the presets compare dates with. */
export function todayIn(timeZone: string, now = new Date()): number {
	// en-CA writes dates as YYYY-MM-DD, which dayNumber reads.
	return dayNumber(
		new Intl.DateTimeFormat('en-CA', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
		}).format(now),
	);
}

/** 'Leave Out Future Hires' (on by default, for presets that know a start date): on or off only. */
function leavesOutFutureHires(ctx: IExecuteFunctions, preset: Preset): boolean {
	if (preset.startField === undefined) return false;
	const value = ctx.getNodeParameter('leaveOutFutureHires', 0, true);
	if (typeof value === 'boolean') return value;
	throw new NodeOperationError(
		ctx.getNode(),
		settingRefused("'Leave Out Future Hires'", value, 'on or off'),
	);
}

/** Items of one of n8n's HR nodes, read by the preset: no mapping, leavers by the policy. */
export async function readPresetItems(
	ctx: IExecuteFunctions,
	preset: Preset,
	items: INodeExecutionData[],
	reading: ReadingOptions,
): Promise<InputRead> {
	const groupChoices = [...preset.groupChoices.map((choice) => choice.value), 'none'];
	const prefix = ctx.getNodeParameter('groupPrefix', 0, '');
	// Records are people, not items (a report holds many): each is named by its item.
	const recordItems: number[] = [];
	const recordName = (index: number) => `item ${recordItems[index]}`;
	// A group name from an HR system is one name: 'Group Delimiter' does not split it.
	const records = items.map((item) => item.json);
	const builder = new SnapshotBuilder({
		...reading,
		groupDelimiter: '',
		recordName,
		expectedRecords: peopleIn(preset, records),
	});
	const turns = new EventLoopTurns();
	const read = await readWithPreset(
		preset,
		records,
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
			leaveOutFutureHires: leavesOutFutureHires(ctx, preset),
			today: todayIn(ctx.getTimezone()),
		},
		(item, cells, group) => {
			builder.addCells(recordItems.length, cells, group);
			recordItems.push(item);
		},
		async () => await turns.turnIfDue(),
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
	if (read.futureHires.found > 0) {
		notes.push(
			`${read.futureHires.found} ${read.futureHires.found === 1 ? 'person starts' : 'people start'} after today (${preset.startField}) or ${read.futureHires.found === 1 ? 'has' : 'have'} not started, and ${read.futureHires.found === 1 ? 'was' : 'were'} left out ('Leave Out Future Hires'): see futureHires.`,
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
		...(preset.startField !== undefined ? { futureHires: read.futureHires } : {}),
	};
}
