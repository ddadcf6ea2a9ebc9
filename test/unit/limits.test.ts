import {
	DEFAULT_SAFETY_LIMITS,
	SAFETY_LIMITS,
	checkSafetyLimits,
	type SafetyLimits,
} from '../../nodes/ActivTrakHrdc/limits';
import {
	fingerprintSnapshot,
	hashUsers,
	reportChanges,
	type MappedRecord,
} from '../../nodes/ActivTrakHrdc/snapshot';
import { buildSnapshot } from '../support/snapshots';
import { builtNode } from '../support/engine';

const users = (count: number, extra: (i: number) => Partial<MappedRecord> = () => ({})) =>
	Array.from({ length: count }, (_, i) => ({
		user_lookup_id: `u${i}@x.com`,
		group: 'G',
		...extra(i),
	}));

function limitsBrokenBy(
	records: MappedRecord[],
	previousRecords?: MappedRecord[],
	limits = DEFAULT_SAFETY_LIMITS,
) {
	const before = previousRecords ? buildSnapshot(previousRecords) : null;
	const previous = before
		? fingerprintSnapshot(before, hashUsers(before, null), new Date(0))
		: null;
	const snapshot = buildSnapshot(records);
	return checkSafetyLimits(snapshot, reportChanges(snapshot, previous), limits).map((v) => v.limit);
}

describe('limits are broken when exceeded ("more than")', () => {
	test.each<[string, MappedRecord[], string[]]>([
		['5 deletions of 50 users pass (count 5, 10%)', users(50, (i) => ({ delete_user: i < 5 })), []],
		[
			'6 deletions of 60 users stop on the count',
			users(60, (i) => ({ delete_user: i < 6 })),
			['maxNewDeletions'],
		],
		[
			'2 deletions of 19 users stop on the share',
			users(19, (i) => ({ delete_user: i < 2 })),
			['maxNewDeletionsPercent'],
		],
		[
			'1 Do Not Track of 10 users passes (10%)',
			users(10, (i) => ({ track: i < 1 ? 'n' : '' })),
			[],
		],
		[
			'1 Do Not Track of 9 users stops',
			users(9, (i) => ({ track: i < 1 ? 'n' : '' })),
			['maxNewDoNotTrackPercent'],
		],
	])('%s', (_name, records, broken) => {
		expect(limitsBrokenBy(records)).toEqual(broken);
	});

	test('a first upload has no baseline to shrink against', () => {
		expect(limitsBrokenBy(users(3))).toEqual([]);
	});

	test('20% fewer users passes, more stops', () => {
		expect(limitsBrokenBy(users(8), users(10))).not.toContain('maxUsersShrinkPercent');
		expect(limitsBrokenBy(users(7), users(10))).toContain('maxUsersShrinkPercent');
	});

	test('no groups at all, never mapped, no baseline: allowed (with a warning in the node)', () => {
		expect(limitsBrokenBy([{ user_lookup_id: 'a' }])).toEqual([]);
	});

	test("the node's options are the limit table's", () => {
		const safety = builtNode().description.properties.find((p) => p.name === 'safety')!;
		const defaults = Object.fromEntries(
			(safety.options as Array<{ name: string; default: unknown }>).map((o) => [o.name, o.default]),
		);
		expect(defaults).toEqual(DEFAULT_SAFETY_LIMITS);
	});
});

describe('every limit fails closed on a count that is not a number', () => {
	const snapshot = buildSnapshot(users(20));
	const previous = fingerprintSnapshot(snapshot, hashUsers(snapshot, null), new Date(0));
	const sound = reportChanges(snapshot, previous);
	test.each<[string, (changes: typeof sound) => void, string]>([
		['deletions', (c) => (c.counts.newlyDeleted = NaN), 'maxNewDeletions'],
		['Do Not Track', (c) => (c.counts.newlyDoNotTrack = NaN), 'maxNewDoNotTrack'],
		['memberships removed', (c) => (c.memberships.removed = NaN), 'maxMembershipsRemovedPercent'],
		['users before', (c) => (c.users.before = NaN), 'maxUsersShrinkPercent'],
		['groups before', (c) => (c.groups.before = NaN), 'maxGroupsShrinkPercent'],
		['groups removed', (c) => (c.groups.before = NaN), 'maxGroupsRemovedPercent'],
	])('%s as NaN breaks its limit', (_name, spoil, limit) => {
		const changes = structuredClone(sound);
		if (limit === 'maxGroupsRemovedPercent') changes.groupsRemoved = ['G'];
		spoil(changes);
		expect(checkSafetyLimits(snapshot, sound, DEFAULT_SAFETY_LIMITS)).toEqual([]);
		expect(
			checkSafetyLimits(snapshot, changes, DEFAULT_SAFETY_LIMITS).map((v) => v.limit),
		).toContain(limit);
	});
});

describe('every limit of the table', () => {
	// Everything goes wrong at once: 200 users in four groups become 100, of whom 60 are new,
	// every one deleted, on Do Not Track and in no group.
	const before = buildSnapshot(users(200, (i) => ({ group: `G${i % 4}` })));
	const previous = fingerprintSnapshot(before, hashUsers(before, null), new Date(0));
	const after = buildSnapshot(
		Array.from({ length: 100 }, (_, i) => ({
			user_lookup_id: i < 40 ? `u${i}@x.com` : `new${i}@x.com`,
			delete_user: true,
			track: false,
		})),
	);
	const changes = reportChanges(after, previous);
	const open = Object.fromEntries(
		SAFETY_LIMITS.map((limit) => [limit.key, limit.kind === 'switch' ? true : Infinity]),
	) as SafetyLimits;

	test.each(SAFETY_LIMITS.map((limit) => [limit.label, limit] as const))(
		'%s: at its default it is broken alone, and opened it passes',
		(_label, limit) => {
			const only = { ...open, [limit.key]: limit.default } as SafetyLimits;
			expect(checkSafetyLimits(after, changes, only).map((broken) => broken.limit)).toEqual([
				limit.key,
			]);
			expect(checkSafetyLimits(after, changes, open)).toEqual([]);
		},
	);

	test('without a last upload, the limits that need one are not checked', () => {
		const first = reportChanges(after, null);
		const checked = checkSafetyLimits(after, first, DEFAULT_SAFETY_LIMITS).map((b) => b.limit);
		for (const limit of SAFETY_LIMITS) {
			if (limit.needsLastUpload) expect(checked).not.toContain(limit.key);
		}
	});
});

describe("the notice above 'Safety Limits'", () => {
	test('lists every limit with its default, so an empty collection never reads as no limits', () => {
		const notice = builtNode().description.properties.find((p) => p.name === 'safetyLimitsNotice')!;
		const safety = builtNode().description.properties.find((p) => p.name === 'safety')!;
		expect(notice.type).toBe('notice');
		expect(notice.displayOptions).toEqual(safety.displayOptions);
		for (const limit of SAFETY_LIMITS) {
			const shown =
				limit.kind === 'switch'
					? `${limit.label}: ${limit.default ? 'on' : 'off'}`
					: `${limit.label}: ${String(limit.default)}${limit.kind === 'percent' ? '%' : ''}`;
			expect(notice.displayName).toContain(shown);
		}
	});
});
