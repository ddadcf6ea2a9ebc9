/**
 * What every operation that reads input does first, in one place: read the input into one
 * snapshot, check it, compare it with the baseline (change report) and hold it to the safety
 * limits. Upload and Preview differ only in what they do after (output.ts makes the item).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { openLedger, outcomeNotKnown, possibleStates, type Ledger } from '../ledger';
import {
	atMostDefaults,
	checkSafetyLimits,
	limitLabel,
	readSafetyLimits,
	type BrokenLimit,
	type SafetyLimits,
} from '../limits';
import {
	hashUsers,
	reportChanges,
	type ChangeReport,
	type Snapshot,
	type UserHashes,
} from '../snapshot';
import { credentialsOf } from '../transport';
import { EMPTY_UPLOAD_REFUSED, problemsError } from './errors';
import { PhaseClock } from './phaseClock';
import { readSnapshot, type ReadSnapshot } from './readInput';

/** Every key any operation's 'Options' collection can hold. */
export interface SnapshotOptions {
	groupDelimiter?: string;
	refuseSharedDisplayNames?: boolean;
	refuseFormulaCells?: boolean;
	cutLongGroupNames?: boolean;
	fileName?: string;
	includeCsv?: boolean;
	outputBinaryField?: string;
	skipInvalid?: boolean;
	maxRetries?: number;
	retryDelaySeconds?: number;
	maxRetryWaitSeconds?: number;
	timeoutSeconds?: number;
}

/** The input read into one snapshot, before it is compared with anything. */
export interface SnapshotRead {
	clock: PhaseClock;
	options: SnapshotOptions;
	limits: SafetyLimits;
	fileName: string;
	input: ReadSnapshot;
	snapshot: Snapshot;
}

/** The snapshot compared with the account's ledger and held to the limits. */
export interface CheckedSnapshot extends SnapshotRead {
	ledger: Ledger;
	/** Against the last accepted snapshot: what the next one is fingerprinted from. */
	hashes: UserHashes;
	changes: ChangeReport;
	/** Against the accepted snapshot and against every upload in doubt. */
	limitsBroken: BrokenLimit[];
}

export function csvFileName(ctx: IExecuteFunctions, options: SnapshotOptions): string {
	const name = (options.fileName ?? '').trim() || 'hrdc-snapshot.csv';
	// The name goes into a quoted multipart header as it is: quotes, slashes and control
	// characters (a line break would start a header of its own) are refused.
	// eslint-disable-next-line no-control-regex
	if (!/\.csv$/i.test(name) || /["\\/\u0000-\u001f\u007f]/.test(name)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`File Name "${name}" must be a plain file name ending in .csv`,
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

/** 'Safety Limits' as set; a limit that is not a number of 0 or more stops the run, named. */
function safetyLimits(ctx: IExecuteFunctions): SafetyLimits {
	const limits = readSafetyLimits(ctx.getNodeParameter('safety', 0, {}) as Record<string, unknown>);
	// An agent's call goes through every limit, at its default or stricter.
	if (!('invalid' in limits)) return runsAsAiTool(ctx) ? atMostDefaults(limits) : limits;
	const given = limits.value === undefined ? 'empty' : JSON.stringify(limits.value)?.slice(0, 60);
	throw new NodeOperationError(
		ctx.getNode(),
		`'Safety Limits' > '${limitLabel(limits.invalid)}' is ${given}, not a number of 0 or more, so nothing was sent`,
		{
			description:
				'A limit that cannot be read would be no limit at all. If it is set by an expression (e.g. an n8n variable), check that the expression gives a number here.',
		},
	);
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
	const limits = safetyLimits(ctx);
	const fileName = csvFileName(ctx, options);
	// n8n runs a node with no input only when the node before it has 'Always Output Data' on,
	// and then hands it one empty item: the templates set it on the HR source, so an empty HR
	// answer stops here, said, instead of being a green run where nothing happened.
	if (items.every((item) => Object.keys(item.json).length === 0 && !item.binary)) {
		throw new NodeOperationError(ctx.getNode(), 'The source gave no people: nothing was sent', {
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
		throw new NodeOperationError(
			ctx.getNode(),
			'The snapshot has no valid users, so nothing was uploaded',
			{
				description: EMPTY_UPLOAD_REFUSED,
			},
		);
	}

	clock.lap('items');

	await credentials;
	clock.lap('credential');
	return { clock, options, limits, fileName, input, snapshot };
}

/** A preview's whole check: the input, then the ledger as it is now (no lock: it sends nothing). */
export async function checkSnapshot(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	{ forUpload }: { forUpload: boolean },
): Promise<CheckedSnapshot> {
	const read = await readSnapshotInput(ctx, items, { forUpload });
	return compareWithLedger(read, await openLedger(ctx), true);
}

/**
 * What a snapshot changes against the ledger's accepted snapshot (the change report, from the
 * users' hashes, which the next fingerprint is made of), and the limits it breaks against that
 * snapshot and against every upload in doubt: ActivTrak may hold any of them. No limit is
 * checked when `checkLimits` is false: an approved snapshot was checked when it was held.
 */
export function compareWithLedger(
	read: SnapshotRead,
	ledger: Ledger,
	checkLimits: boolean,
): CheckedSnapshot {
	const { snapshot, limits, clock } = read;
	const [accepted, ...doubts] = possibleStates(ledger.entry);
	const hashes = hashUsers(snapshot, accepted.fingerprint);
	const changes = reportChanges(snapshot, accepted.fingerprint, hashes);
	const limitsBroken = checkLimits ? checkSafetyLimits(snapshot, changes, limits) : [];
	for (const { fingerprint, inDoubt } of checkLimits ? doubts : []) {
		const against = reportChanges(snapshot, fingerprint, hashUsers(snapshot, fingerprint));
		const unknown = outcomeNotKnown(inDoubt!.sentAt);
		for (const broken of checkSafetyLimits(snapshot, against, limits)) {
			limitsBroken.push({
				...broken,
				message: `${unknown[0].toUpperCase()}${unknown.slice(1)}. Against that upload: ${broken.message}`,
			});
		}
	}
	clock.lap('compare');
	return { ...read, ledger, hashes, changes, limitsBroken };
}
