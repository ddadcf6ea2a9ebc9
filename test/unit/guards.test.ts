import {
	DEFAULT_GUARD_LIMITS,
	checkGuards,
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

function guardsFor(
	records: MappedRecord[],
	previousRecords?: MappedRecord[],
	limits = DEFAULT_GUARD_LIMITS,
) {
	const before = previousRecords ? buildSnapshot(previousRecords) : null;
	const previous = before
		? fingerprintSnapshot(before, hashUsers(before, null), new Date(0))
		: null;
	const snapshot = buildSnapshot(records);
	return checkGuards(snapshot, reportChanges(snapshot, previous), limits).map((v) => v.guard);
}

describe('guard thresholds are "more than"', () => {
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
	])('%s', (_name, records, guards) => {
		expect(guardsFor(records)).toEqual(guards);
	});

	test('a first upload has no baseline to shrink against', () => {
		expect(guardsFor(users(3))).toEqual([]);
	});

	test('20% fewer users passes, more stops', () => {
		expect(guardsFor(users(8), users(10))).not.toContain('maxUsersShrinkPercent');
		expect(guardsFor(users(7), users(10))).toContain('maxUsersShrinkPercent');
	});

	test('no groups at all, never mapped, no baseline: allowed (with a warning in the node)', () => {
		expect(guardsFor([{ user_lookup_id: 'a' }])).toEqual([]);
	});

	test("the node's option defaults are the guard defaults", () => {
		const safety = builtNode().description.properties.find((p) => p.name === 'safety')!;
		const defaults = Object.fromEntries(
			(safety.options as Array<{ name: string; default: unknown }>).map((o) => [o.name, o.default]),
		);
		expect(defaults).toEqual(DEFAULT_GUARD_LIMITS);
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
	])('%s as NaN breaks its limit', (_name, spoil, guard) => {
		const changes = structuredClone(sound);
		if (guard === 'maxGroupsRemovedPercent') changes.groupsRemoved = ['G'];
		spoil(changes);
		expect(checkGuards(snapshot, sound, DEFAULT_GUARD_LIMITS)).toEqual([]);
		expect(checkGuards(snapshot, changes, DEFAULT_GUARD_LIMITS).map((v) => v.guard)).toContain(
			guard,
		);
	});
});
