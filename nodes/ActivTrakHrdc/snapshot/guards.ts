/**
 * Safety guards: limits on what one upload may do, on by default. HRDC applies a snapshot as the
 * whole truth, so a half-empty or mis-mapped export can delete groups and people in one run; a
 * guard stops such a run before anything is sent and says what would have happened and which
 * option allows it. Modelled on identity tools' accidental-deletion thresholds.
 */
import type { Snapshot } from './model';
import type { ChangeReport } from './changeReport';

export interface GuardLimits {
	/** Users newly marked delete_user: at most this many... */
	maxNewDeletions: number;
	/** ...and at most this percentage of the snapshot's users. */
	maxNewDeletionsPercent: number;
	maxNewDoNotTrack: number;
	maxNewDoNotTrackPercent: number;
	/** Against the last accepted snapshot: HRDC groups it had that this one drops. */
	maxGroupsRemovedPercent: number;
	/** Against the last accepted snapshot: its group memberships that this one drops. */
	maxMembershipsRemovedPercent: number;
	/** Against the last accepted snapshot: how much the count of users may shrink. */
	maxUsersShrinkPercent: number;
	maxGroupsShrinkPercent: number;
	/** Whether an upload in which no user has a group may go when groups were mapped or sent before. */
	allowUploadWithoutGroups: boolean;
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = {
	maxNewDeletions: 5,
	maxNewDeletionsPercent: 10,
	maxNewDoNotTrack: 5,
	maxNewDoNotTrackPercent: 10,
	maxGroupsRemovedPercent: 20,
	maxMembershipsRemovedPercent: 20,
	maxUsersShrinkPercent: 20,
	maxGroupsShrinkPercent: 20,
	allowUploadWithoutGroups: false,
};

/** The limits that compare with the last accepted upload: without one, checkGuards() skips them. */
export const GUARDS_AGAINST_LAST_UPLOAD: ReadonlyArray<keyof GuardLimits> = [
	'maxGroupsRemovedPercent',
	'maxMembershipsRemovedPercent',
	'maxUsersShrinkPercent',
	'maxGroupsShrinkPercent',
];

/** The node option that changes each limit, as the user sees it in Options. */
export const GUARD_OPTION_NAMES: Record<keyof GuardLimits, string> = {
	maxNewDeletions: 'Max Users Deleted per Run',
	maxNewDeletionsPercent: 'Max Users Deleted per Run (%)',
	maxNewDoNotTrack: 'Max Users Newly on Do Not Track per Run',
	maxNewDoNotTrackPercent: 'Max Users Newly on Do Not Track per Run (%)',
	maxGroupsRemovedPercent: 'Max Groups Removed per Run (%)',
	maxMembershipsRemovedPercent: 'Max Group Memberships Removed per Run (%)',
	maxUsersShrinkPercent: 'Max Shrink of Users per Run (%)',
	maxGroupsShrinkPercent: 'Max Shrink of Groups per Run (%)',
	allowUploadWithoutGroups: 'Allow Upload Without Groups',
};

/** A limit given as something other than a number of 0 or more, named for the error. */
export interface InvalidGuardLimit {
	guard: keyof GuardLimits;
	value: unknown;
}

const NUMBER_TEXT = /^\s*\d+(?:\.\d+)?\s*$/;

/**
 * The limits as the node's 'Safety Limits' gave them (after n8n resolved any expression), failing
 * closed: a limit that is set but is not a finite number of 0 or more (an expression that gave
 * nothing, text such as "ten") is refused rather than read as "no limit"; a number written as
 * text ("5", as n8n variables give it) counts. A switch is on only when it is exactly true.
 */
export function readGuardLimits(raw: Record<string, unknown>): GuardLimits | InvalidGuardLimit {
	const limits: GuardLimits = { ...DEFAULT_GUARD_LIMITS };
	for (const guard of Object.keys(DEFAULT_GUARD_LIMITS) as Array<keyof GuardLimits>) {
		if (!Object.prototype.hasOwnProperty.call(raw, guard)) continue;
		const value = raw[guard];
		if (guard === 'allowUploadWithoutGroups') {
			limits.allowUploadWithoutGroups = value === true;
			continue;
		}
		const number =
			typeof value === 'number'
				? value
				: typeof value === 'string' && NUMBER_TEXT.test(value)
					? Number(value)
					: NaN;
		if (!Number.isFinite(number) || number < 0) return { guard, value };
		limits[guard] = number;
	}
	return limits;
}

/**
 * The stricter of each limit and its default: what an AI agent's call is held to, whatever the
 * node's settings (or the agent's own arguments) would allow.
 */
export function atMostDefaults(limits: GuardLimits): GuardLimits {
	const strict: GuardLimits = { ...limits, allowUploadWithoutGroups: false };
	for (const guard of Object.keys(DEFAULT_GUARD_LIMITS) as Array<keyof GuardLimits>) {
		if (guard !== 'allowUploadWithoutGroups')
			strict[guard] = Math.min(limits[guard], DEFAULT_GUARD_LIMITS[guard]);
	}
	return strict;
}

export interface GuardViolation {
	/** Which limit: a key of GuardLimits. */
	guard: keyof GuardLimits;
	/** What the upload would have done. */
	message: string;
	/** Which option allows it. */
	fix: string;
}

// Nothing of nothing is 0%; anything else divides, so NaN stays NaN and fails the limit.
const percent = (part: number, whole: number) => (part === 0 ? 0 : (part / whole) * 100);
const shown = (value: number) => `${Math.round(value * 10) / 10}%`;

function sample(names: string[], total: number): string {
	if (names.length === 0) return '';
	const listed = names
		.slice(0, 5)
		.map((name) => `"${name}"`)
		.join(', ');
	return ` (${listed}${total > 5 ? `, and ${total - 5} more` : ''})`;
}

function allow(guard: keyof GuardLimits): string {
	return guard === 'allowUploadWithoutGroups'
		? `If that is intended, turn on 'Safety Limits' > '${GUARD_OPTION_NAMES[guard]}'.`
		: `If that is intended, raise 'Safety Limits' > '${GUARD_OPTION_NAMES[guard]}'.`;
}

/** Every limit the upload would break; empty when it may go. */
export function checkGuards(
	snapshot: Snapshot,
	changes: ChangeReport,
	limits: GuardLimits,
): GuardViolation[] {
	const violations: GuardViolation[] = [];
	const users = snapshot.summary.users;
	const add = (guard: keyof GuardLimits, message: string) =>
		violations.push({ guard, message, fix: allow(guard) });

	const countAndShare = (
		count: number,
		names: string[],
		what: string,
		countGuard: 'maxNewDeletions' | 'maxNewDoNotTrack',
		shareGuard: 'maxNewDeletionsPercent' | 'maxNewDoNotTrackPercent',
	) => {
		// Every comparison is !(value <= limit): a count that is not a number (NaN from a bad
		// baseline or a bug) breaks the limit instead of passing it.
		if (!(count <= limits[countGuard])) {
			add(
				countGuard,
				`${count} users would be ${what}${sample(names, count)}; the limit is ${limits[countGuard]}.`,
			);
		} else if (!(percent(count, users) <= limits[shareGuard])) {
			add(
				shareGuard,
				`${count} of ${users} users (${shown(percent(count, users))}) would be ${what}${sample(names, count)}; the limit is ${limits[shareGuard]}%.`,
			);
		}
	};
	countAndShare(
		changes.counts.newlyDeleted,
		changes.usersNewlyDeleted,
		'deleted (delete_user = y: their data is deleted permanently)',
		'maxNewDeletions',
		'maxNewDeletionsPercent',
	);
	countAndShare(
		changes.counts.newlyDoNotTrack,
		changes.usersNewlyDoNotTrack,
		'newly put on Do Not Track',
		'maxNewDoNotTrack',
		'maxNewDoNotTrackPercent',
	);

	// GUARDS_AGAINST_LAST_UPLOAD: only with a last upload to compare with.
	if (!changes.firstUpload) {
		const groupsBefore = changes.groups.before;
		const removedShare = percent(changes.groupsRemoved.length, groupsBefore);
		if (!(removedShare <= limits.maxGroupsRemovedPercent)) {
			add(
				'maxGroupsRemovedPercent',
				`${changes.groupsRemoved.length} of the ${groupsBefore} HRDC groups of the last upload (${shown(removedShare)}) are missing, so ActivTrak would delete them${sample(changes.groupsRemoved, changes.groupsRemoved.length)}; the limit is ${limits.maxGroupsRemovedPercent}%.`,
			);
		}
		const membershipsShare = percent(changes.memberships.removed, changes.memberships.before);
		if (!(membershipsShare <= limits.maxMembershipsRemovedPercent)) {
			add(
				'maxMembershipsRemovedPercent',
				`${changes.memberships.removed} of the ${changes.memberships.before} group memberships of the last upload (${shown(membershipsShare)}) would be removed; the limit is ${limits.maxMembershipsRemovedPercent}%.`,
			);
		}
		const usersShrink = percent(changes.users.before - changes.users.after, changes.users.before);
		if (!(usersShrink <= limits.maxUsersShrinkPercent)) {
			add(
				'maxUsersShrinkPercent',
				`The snapshot has ${changes.users.after} users where the last upload had ${changes.users.before} (${shown(usersShrink)} fewer); the limit is ${limits.maxUsersShrinkPercent}%. A filtered or partial HR export looks like this.`,
			);
		}
		const groupsShrink = percent(
			changes.groups.before - changes.groups.after,
			changes.groups.before,
		);
		if (!(groupsShrink <= limits.maxGroupsShrinkPercent)) {
			add(
				'maxGroupsShrinkPercent',
				`The snapshot has ${changes.groups.after} groups where the last upload had ${changes.groups.before} (${shown(groupsShrink)} fewer); the limit is ${limits.maxGroupsShrinkPercent}%.`,
			);
		}
	}

	const noGroups = snapshot.summary.groups === 0;
	const groupsExpected = snapshot.groupColumnMapped || changes.groups.before > 0;
	if (noGroups && groupsExpected && !limits.allowUploadWithoutGroups) {
		add(
			'allowUploadWithoutGroups',
			snapshot.groupColumnMapped
				? 'The group column is mapped but empty on every row: this upload would delete every HRDC group in ActivTrak. Check the mapping of group.'
				: 'The last upload had groups and this one has none: it would delete every HRDC group in ActivTrak.',
		);
	}
	return violations;
}
