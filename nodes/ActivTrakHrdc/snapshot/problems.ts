/** What is wrong with a record, and how problems read in an error description. */
import type { HrdcColumnId } from './columns';

export interface SnapshotProblem {
	/** Index of the record (n8n item, or CSV data row) the value came from. */
	itemIndex: number;
	column: HrdcColumnId;
	/** The offending value as text, when there is one. */
	value?: string;
	message: string;
}

/** One readable line per problem ("Item 3, track: ..."), for error descriptions. */
export function describeProblems(
	problems: readonly SnapshotProblem[],
	options: { limit?: number; recordName?: (index: number) => string } = {},
): string {
	const limit = options.limit ?? 20;
	const name = options.recordName ?? ((index: number) => `item ${index}`);
	const label = (index: number) => name(index).replace(/^./, (first) => first.toUpperCase());
	const lines = problems
		.slice(0, limit)
		.map((problem) => `${label(problem.itemIndex)}, ${problem.column}: ${problem.message}`);
	if (problems.length > limit) lines.push(`...and ${problems.length - limit} more problems`);
	return lines.join('\n');
}
