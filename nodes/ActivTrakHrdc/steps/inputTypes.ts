/** What reading the input gives every operation, whatever the source (see readInput.ts). */
import type { PresetOutcome } from '../presets';
import type { Snapshot, SnapshotBuilderOptions } from '../snapshot';

/** How records become a snapshot: the builder's options the node's settings decide. */
export type ReadingOptions = Pick<
	SnapshotBuilderOptions,
	'groupDelimiter' | 'refuseSharedDisplayNames' | 'refuseFormulaCells' | 'cutLongGroupNames'
>;

export interface ReadSnapshot {
	snapshot: Snapshot;
	/** How problems name a record: "item 3", or "row 5" of a CSV file. */
	recordName: (index: number) => string;
	/** Whether record indexes are n8n item indexes (not CSV rows). */
	recordsAreItems: boolean;
	/** What reading left out or noticed, for the output's warnings. */
	notes: string[];
	/** With a source preset: the leavers found and what was done to them. */
	leavers?: PresetOutcome['leavers'];
}
