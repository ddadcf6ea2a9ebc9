/**
 * The pipeline's second and third calls: the snapshot compared with the account's ledger (the
 * change report, and the users' hashes the next fingerprint is made of), then held to the safety
 * limits against the accepted snapshot and against every upload in doubt, since ActivTrak may
 * hold any of them. The first call is read.ts.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	hrdcSourceTypeOf,
	outcomeNotKnown,
	possibleStates,
	type Ledger,
	type LiveSettlement,
} from '../ledger';
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
	listNames,
	protectedHarm,
	readProtectedIds,
	type ProtectedHarm,
	readAccount,
	reportChanges,
	type AccountCheck,
	type ActivTrakAccount,
	type ChangeReport,
	type UserHashes,
} from '../snapshot';
import { readScimAccount } from '../transport';
import { uploadSettings, type SnapshotOptions } from './options';
import { runsAsAiTool, type SnapshotRead } from './read';
import { refusedBecause, settingRefused } from '../messages';

/**
 * The snapshot against the ledger's last accepted snapshot, and against ActivTrak itself when
 * 'Check Against ActivTrak' read it (null otherwise).
 */
export interface Comparison {
	ledger: Ledger;
	account: AccountCheck | null;
	/** What the account's live state settled in the ledger (Upload only), or null. */
	settlement: LiveSettlement | null;
	changes: ChangeReport;
	/** What the next fingerprint is made of. */
	hashes: UserHashes;
}

/** ActivTrak's account as its SCIM API listed it, and when the reading began (ms). */
export interface LiveAccount {
	account: ActivTrakAccount;
	readAt: number;
}

/**
 * ActivTrak's users and groups, read through its SCIM API (GET only, with the retries and
 * timeout of 'Options'). `purpose` names what reads, for the refusal without a SCIM key.
 */
export async function readActivTrak(
	ctx: IExecuteFunctions,
	options: SnapshotOptions,
	purpose: string,
): Promise<LiveAccount> {
	const { retry, timeoutMs } = uploadSettings(ctx, options);
	const readAt = Date.now();
	const { users, groups } = await readScimAccount(ctx, { retry, timeoutMs }, purpose);
	return { account: readAccount(users, groups), readAt };
}

/** With 'Options' > 'Check Against ActivTrak' on: ActivTrak's account, read. Off: null. */
export async function compareWithActivTrak(
	ctx: IExecuteFunctions,
	read: SnapshotRead,
): Promise<LiveAccount | null> {
	const on = read.options.liveCheck ?? false;
	if (typeof on !== 'boolean')
		throw new NodeOperationError(
			ctx.getNode(),
			settingRefused("'Options' > 'Check Against ActivTrak'", on, 'on or off'),
		);
	if (!on) return null;
	const live = await readActivTrak(ctx, read.options, "'Check Against ActivTrak'");
	read.clock.lap('account');
	return live;
}

/**
 * What the snapshot changes against the last accepted one, and (with the account read) what it
 * would do in ActivTrak as it is now.
 */
export function compareWithBaseline(
	read: SnapshotRead,
	ledger: Ledger,
	live: LiveAccount | null = null,
	settlement: LiveSettlement | null = null,
): Comparison {
	const { snapshot, clock } = read;
	const [accepted] = possibleStates(ledger.entry);
	const hashes = hashUsers(snapshot, accepted.fingerprint);
	const changes = reportChanges(snapshot, accepted.fingerprint, hashes);
	const account = live
		? checkAgainstAccount(
				snapshot,
				live.account,
				hrdcSourceTypeOf(ledger.entry, live.account),
				accepted.fingerprint ? Object.keys(accepted.fingerprint.groups) : [],
				hashes.members,
			)
		: null;
	clock.lap('compare');
	return { ledger, account, settlement, changes, hashes };
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

/**
 * 'Protected Lookup IDs' the snapshot newly deletes or puts on Do Not Track, against the
 * accepted snapshot and each upload in doubt. A setting that cannot be read stops the run.
 */
export function protectedHarmOf(
	ctx: IExecuteFunctions,
	{ snapshot, options }: SnapshotRead,
	{ ledger }: Comparison,
): ProtectedHarm {
	const keys = readProtectedIds(options.protectedIds);
	if (keys === null)
		throw new NodeOperationError(
			ctx.getNode(),
			settingRefused(
				"'Options' > 'Protected Lookup IDs'",
				options.protectedIds,
				'a text of lookup IDs',
			),
			{ description: 'A protection that cannot be read would be none.' },
		);
	return protectedHarm(
		snapshot,
		possibleStates(ledger.entry).map(({ fingerprint }) => fingerprint),
		keys,
	);
}

/** What the harm to protected people is, said; null when there is none. */
export function protectedHarmText({ deleted, doNotTrack }: ProtectedHarm): string | null {
	if (deleted.length === 0 && doNotTrack.length === 0) return null;
	const parts = [
		deleted.length ? `${deleted.length} newly deleted${listNames(deleted)}` : '',
		doNotTrack.length ? `${doNotTrack.length} newly on Do Not Track${listNames(doNotTrack)}` : '',
	].filter(Boolean);
	return `Protected people would be ${parts.join(' and ')}`;
}

/** Stops the run, before anything is sent or held, when a protected person would be harmed. */
export function refuseProtectedHarm(ctx: IExecuteFunctions, harm: ProtectedHarm): void {
	const text = protectedHarmText(harm);
	if (text === null) return;
	throw new NodeOperationError(ctx.getNode(), refusedBecause(text), {
		description:
			"They are in 'Options' > 'Protected Lookup IDs'. No safety limit or approval allows this: if it is meant, take them off that list for this run, after checking why the HR data marks them.",
	});
}
