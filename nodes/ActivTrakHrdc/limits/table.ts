/**
 * The safety limits, defined once: what one upload may change, on by default. HRDC applies a
 * snapshot as the whole truth, so a half-empty or mis-mapped export can delete groups and people
 * in one run; a limit stops such a run before anything is sent and says what would have happened
 * and which option allows it. Modelled on identity tools' accidental-deletion thresholds.
 *
 * Everything about a limit is made from its entry here: the node's 'Safety Limits' options
 * (description.ts), reading and checking them (check.ts), the README's table (npm run docs) and
 * the tests that go through every limit. To add one: an entry here, and its fixture in
 * test/fixtures/limits.ts (the data its check needs; it does not compile without one).
 * Pure: no n8n imports.
 */
import type { AccountCheck } from '../snapshot/accountCheck';
import type { ChangeReport } from '../snapshot/changeReport';
import { listNames } from '../snapshot/nameList';
import type { Snapshot } from '../snapshot/model';

/**
 * What a check sees: the snapshot, what it changes against the last upload, and what ActivTrak
 * itself holds when 'Check Against ActivTrak' read it (null otherwise).
 */
interface LimitContext {
	snapshot: Snapshot;
	changes: ChangeReport;
	account: AccountCheck | null;
}

interface LimitDefinition {
	key: string;
	/** The option's name in 'Safety Limits', as people see it everywhere. */
	label: string;
	/** A number of users, a percentage (0-100), or a switch that allows something. */
	kind: 'count' | 'percent' | 'switch';
	default: number | boolean;
	/** The option's description in the editor. */
	description: string;
	/** For the README's table: the run stops when... */
	stopsWhen: string;
	/** Compares with the last accepted upload: without a baseline it cannot be checked. */
	needsLastUpload: boolean;
	/** Not reported when this other limit is broken too (a count and its share say one thing). */
	quietWhenBroken?: string;
	/** What the upload would do that breaks the limit (a sentence), or null when within it. */
	broken(context: LimitContext, limit: number | boolean): string | null;
}

// Nothing of nothing is 0%; anything else divides, so NaN stays NaN and fails the limit.
const percent = (part: number, whole: number) => (part === 0 ? 0 : (part / whole) * 100);
const shown = (value: number) => `${Math.round(value * 10) / 10}%`;
/**
 * Every comparison is !(value <= limit): a value that is not a number (NaN from a bad baseline
 * or a bug) breaks the limit instead of passing it.
 */
const over = (value: number, limit: number | boolean) => !(value <= Number(limit));

const DELETED = 'deleted (delete_user = y: their data is deleted permanently)';
const UNTRACKED = 'newly put on Do Not Track';
const deletedCount = ({ changes }: LimitContext) => changes.counts.newlyDeleted;
const untrackedCount = ({ changes }: LimitContext) => changes.counts.newlyDoNotTrack;
const count =
	(what: string, n: (c: LimitContext) => number, names: (c: LimitContext) => string[]) =>
	(context: LimitContext, limit: number | boolean) =>
		over(n(context), limit)
			? `${n(context)} users would be ${what}${listNames(names(context), n(context))}; the limit is ${String(limit)}.`
			: null;
const share =
	(what: string, n: (c: LimitContext) => number, names: (c: LimitContext) => string[]) =>
	(context: LimitContext, limit: number | boolean) => {
		const users = context.snapshot.summary.users;
		const part = percent(n(context), users);
		return over(part, limit)
			? `${n(context)} of ${users} users (${shown(part)}) would be ${what}${listNames(names(context), n(context))}; the limit is ${String(limit)}%.`
			: null;
	};

export const SAFETY_LIMITS = [
	{
		key: 'maxNewDeletions',
		label: 'Max Users Deleted per Run',
		kind: 'count',
		default: 5,
		description: 'Most users newly marked delete_user = y in one upload (deletion is permanent)',
		stopsWhen: 'more users are newly marked `delete_user = y`',
		needsLastUpload: false,
		broken: count(DELETED, deletedCount, ({ changes }) => changes.usersNewlyDeleted),
	},
	{
		key: 'maxNewDeletionsPercent',
		label: 'Max Users Deleted per Run (%)',
		kind: 'percent',
		default: 10,
		description:
			"Largest share of the snapshot's users newly marked delete_user = y in one upload. 100 switches this check off.",
		stopsWhen: "a larger share of the snapshot's users is newly marked `delete_user = y`",
		needsLastUpload: false,
		quietWhenBroken: 'maxNewDeletions',
		broken: share(DELETED, deletedCount, ({ changes }) => changes.usersNewlyDeleted),
	},
	{
		key: 'maxNewDoNotTrack',
		label: 'Max Users Newly on Do Not Track per Run',
		kind: 'count',
		default: 5,
		description: 'Most users newly marked track = n (Do Not Track) in one upload',
		stopsWhen: 'more users are newly marked `track = n`',
		needsLastUpload: false,
		broken: count(UNTRACKED, untrackedCount, ({ changes }) => changes.usersNewlyDoNotTrack),
	},
	{
		key: 'maxNewDoNotTrackPercent',
		label: 'Max Users Newly on Do Not Track per Run (%)',
		kind: 'percent',
		default: 10,
		description:
			"Largest share of the snapshot's users newly marked track = n in one upload. 100 switches this check off.",
		stopsWhen: 'a larger share is newly marked `track = n`',
		needsLastUpload: false,
		quietWhenBroken: 'maxNewDoNotTrack',
		broken: share(UNTRACKED, untrackedCount, ({ changes }) => changes.usersNewlyDoNotTrack),
	},
	{
		key: 'maxGroupsRemovedPercent',
		label: 'Max Groups Removed per Run (%)',
		kind: 'percent',
		default: 20,
		description:
			"Largest share of the last upload's HRDC groups (and, with 'Check Against ActivTrak', of ActivTrak's own HRDC groups) that one upload may delete by leaving them out. 100 switches this check off.",
		stopsWhen:
			"a larger share of the last upload's HRDC groups is missing (HRDC would delete them); with 'Check Against ActivTrak', of the HRDC groups ActivTrak shows too",
		needsLastUpload: true,
		broken: ({ changes, account }, limit) => {
			const removed = changes.groupsRemoved.length;
			const part = percent(removed, changes.groups.before);
			if (over(part, limit))
				return `${removed} of the ${changes.groups.before} HRDC groups of the last upload (${shown(part)}) are missing, so ActivTrak would delete them${listNames(changes.groupsRemoved)}; the limit is ${String(limit)}%.`;
			// Asking beats believing: ActivTrak's own HRDC groups, once it is known which they are.
			const live = account?.groupsToDelete;
			if (!live) return null;
			const livePart = percent(live.count, live.hrdcGroups);
			return over(livePart, limit)
				? `${live.count} of the ${live.hrdcGroups} HRDC groups ActivTrak shows (${shown(livePart)}) are not in the snapshot, so ActivTrak would delete them${listNames(live.names, live.count)}; the limit is ${String(limit)}%.`
				: null;
		},
	},
	{
		key: 'maxMembershipsRemovedPercent',
		label: 'Max Group Memberships Removed per Run (%)',
		kind: 'percent',
		default: 20,
		description:
			"Largest share of the last upload's group memberships that one upload may remove. 100 switches this check off.",
		stopsWhen: "a larger share of the last upload's memberships would be removed",
		needsLastUpload: true,
		broken: ({ changes: { memberships } }, limit) => {
			const part = percent(memberships.removed, memberships.before);
			return over(part, limit)
				? `${memberships.removed} of the ${memberships.before} group memberships of the last upload (${shown(part)}) would be removed; the limit is ${String(limit)}%.`
				: null;
		},
	},
	{
		key: 'maxUsersShrinkPercent',
		label: 'Max Shrink of Users per Run (%)',
		kind: 'percent',
		default: 20,
		description:
			'Largest drop in the number of users against the last upload (a filtered or partial export). 100 switches this check off.',
		stopsWhen:
			'the snapshot has that much fewer users than the last upload (a filtered or partial export)',
		needsLastUpload: true,
		broken: ({ changes: { users, usersRemoved } }, limit) => {
			const part = percent(users.before - users.after, users.before);
			const gone = usersRemoved ? ` Left out${listNames(usersRemoved, users.removed)}.` : '';
			return over(part, limit)
				? `The snapshot has ${users.after} users where the last upload had ${users.before} (${shown(part)} fewer); the limit is ${String(limit)}%. A filtered or partial HR export looks like this.${gone}`
				: null;
		},
	},
	{
		key: 'maxGroupsShrinkPercent',
		label: 'Max Shrink of Groups per Run (%)',
		kind: 'percent',
		default: 20,
		description:
			'Largest drop in the number of groups against the last upload. 100 switches this check off.',
		stopsWhen: 'the snapshot has that much fewer groups than the last upload',
		needsLastUpload: true,
		broken: ({ changes: { groups } }, limit) => {
			const part = percent(groups.before - groups.after, groups.before);
			return over(part, limit)
				? `The snapshot has ${groups.after} groups where the last upload had ${groups.before} (${shown(part)} fewer); the limit is ${String(limit)}%.`
				: null;
		},
	},
	{
		key: 'maxNotFoundPercent',
		label: 'Max Users Not Found in ActivTrak (%)',
		kind: 'percent',
		default: 10,
		description:
			"Largest share of the snapshot's users whose lookup id matches no ActivTrak user (HRDC changes nothing for them). Checked only with 'Check Against ActivTrak' on. 100 switches this check off.",
		stopsWhen:
			"a larger share of the users matches no ActivTrak user (only with 'Check Against ActivTrak' on: a mapping on the wrong identifier)",
		needsLastUpload: false,
		broken: ({ snapshot, account }, limit) => {
			if (account === null) return null;
			const users = snapshot.summary.users;
			const part = percent(account.usersNotFound, users);
			return over(part, limit)
				? `${account.usersNotFound} of ${users} users (${shown(part)}) match no ActivTrak user by email, UPN or employee ID${listNames(account.notFound, account.usersNotFound)}, so HRDC would change nothing for them; the limit is ${String(limit)}%. Check which identifier user_lookup_id holds.`
				: null;
		},
	},
	{
		key: 'allowUploadWithoutGroups',
		label: 'Allow Upload Without Groups',
		kind: 'switch',
		default: false,
		description:
			'Whether to allow an upload in which no user has a group although the group column is mapped or the last upload had groups; such an upload deletes every HRDC group',
		stopsWhen:
			'it is off and no user has a group although the group column is mapped, or the last upload had groups',
		needsLastUpload: false,
		// Fails closed like the others: a group count that is not a number is not "some groups".
		broken: ({ snapshot, changes }, allowed) => {
			if (allowed === true || snapshot.summary.groups > 0) return null;
			if (snapshot.groupColumnMapped)
				return 'The group column is mapped but empty on every row: this upload would delete every HRDC group in ActivTrak. Check the mapping of group.';
			return over(changes.groups.before, 0)
				? 'The last upload had groups and this one has none: it would delete every HRDC group in ActivTrak.'
				: null;
		},
	},
] as const satisfies readonly LimitDefinition[];

export type SafetyLimitKey = (typeof SAFETY_LIMITS)[number]['key'];

/** The limits as set: a number per limit, true or false per switch. */
export type SafetyLimits = {
	[K in SafetyLimitKey]: Extract<
		(typeof SAFETY_LIMITS)[number],
		{ key: K }
	>['kind'] extends 'switch'
		? boolean
		: number;
};

export const DEFAULT_SAFETY_LIMITS = Object.freeze(
	Object.fromEntries(SAFETY_LIMITS.map((limit) => [limit.key, limit.default])) as SafetyLimits,
);

export const limitLabel = (key: SafetyLimitKey): string =>
	SAFETY_LIMITS.find((limit) => limit.key === key)!.label;

/** The limits that compare with the last accepted upload: without one they are not checked. */
export const LIMITS_AGAINST_LAST_UPLOAD: readonly SafetyLimitKey[] = SAFETY_LIMITS.filter(
	(limit) => limit.needsLastUpload,
).map((limit) => limit.key);
