/**
 * The pipeline's second and third calls: the snapshot compared with the account's ledger (the
 * change report, and the users' hashes the next fingerprint is made of), then held to the safety
 * limits against the accepted snapshot and against every upload in doubt, since ActivTrak may
 * hold any of them. The first call is read.ts.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { outcomeNotKnown, possibleStates, type Ledger } from '../ledger';
import {
	atMostDefaults,
	checkSafetyLimits,
	limitLabel,
	readSafetyLimits,
	type BrokenLimit,
	type SafetyLimits,
} from '../limits';
import {
	checkAgainstAccount,
	hashUsers,
	reportChanges,
	type AccountCheck,
	type ChangeReport,
	type UserHashes,
} from '../snapshot';
import { readScimUsers } from '../transport';
import { uploadSettings } from './options';
import { runsAsAiTool, type SnapshotRead } from './read';
import { settingRefused } from '../messages';

/**
 * The snapshot against the ledger's last accepted snapshot, and against ActivTrak itself when
 * 'Check Against ActivTrak' read it (null otherwise).
 */
export interface Comparison {
	ledger: Ledger;
	account: AccountCheck | null;
	changes: ChangeReport;
	/** What the next fingerprint is made of. */
	hashes: UserHashes;
}

/**
 * With 'Options' > 'Check Against ActivTrak' on: the snapshot against ActivTrak's own users,
 * read through its SCIM API (GET only, with the upload's retries and timeout). Off: null.
 */
export async function compareWithActivTrak(
	ctx: IExecuteFunctions,
	read: SnapshotRead,
): Promise<AccountCheck | null> {
	const on = read.options.liveCheck ?? false;
	if (typeof on !== 'boolean')
		throw new NodeOperationError(
			ctx.getNode(),
			settingRefused("'Options' > 'Check Against ActivTrak'", on, 'on or off'),
		);
	if (!on) return null;
	const { retry, timeoutMs } = uploadSettings(ctx, read.options);
	const users = await readScimUsers(ctx, { retry, timeoutMs });
	const account = checkAgainstAccount(read.snapshot, users);
	read.clock.lap('account');
	return account;
}

/** What the snapshot changes against the last accepted one. */
export function compareWithBaseline(
	read: SnapshotRead,
	ledger: Ledger,
	account: AccountCheck | null = null,
): Comparison {
	const { snapshot, clock } = read;
	const [accepted] = possibleStates(ledger.entry);
	const hashes = hashUsers(snapshot, accepted.fingerprint);
	const changes = reportChanges(snapshot, accepted.fingerprint, hashes);
	clock.lap('compare');
	return { ledger, account, changes, hashes };
}

/**
 * 'Safety Limits' as set, read before the input. A limit that is not a number of 0 or more
 * stops the run, named.
 */
export function safetyLimits(ctx: IExecuteFunctions): SafetyLimits {
	const limits = readSafetyLimits(ctx.getNodeParameter('safety', 0, {}) as Record<string, unknown>);
	// An agent's call goes through every limit, at its default or stricter.
	if (!('invalid' in limits)) return runsAsAiTool(ctx) ? atMostDefaults(limits) : limits;
	throw new NodeOperationError(
		ctx.getNode(),
		settingRefused(
			`'Safety Limits' > '${limitLabel(limits.invalid)}'`,
			limits.value,
			'a number of 0 or more',
		),
		{
			description:
				'A limit that cannot be read would be no limit at all. If it is set by an expression (e.g. an n8n variable), check that the expression gives a number here.',
		},
	);
}

/**
 * The limits the snapshot breaks: against the accepted snapshot (the comparison's changes), and
 * against each upload in doubt, said as such.
 */
export function checkLimits(
	{ snapshot, clock }: SnapshotRead,
	{ ledger, changes, account }: Comparison,
	limits: SafetyLimits,
): BrokenLimit[] {
	const [, ...doubts] = possibleStates(ledger.entry);
	const broken = checkSafetyLimits(snapshot, changes, limits, account);
	for (const { fingerprint, inDoubt } of doubts) {
		const against = reportChanges(snapshot, fingerprint, hashUsers(snapshot, fingerprint));
		const unknown = outcomeNotKnown(inDoubt!.sentAt);
		// What ActivTrak holds does not depend on the baseline: said once, above.
		for (const limit of checkSafetyLimits(snapshot, against, limits, null)) {
			broken.push({
				...limit,
				message: `${unknown[0].toUpperCase()}${unknown.slice(1)}. Against that upload: ${limit.message}`,
			});
		}
	}
	clock.lap('compare');
	return broken;
}
