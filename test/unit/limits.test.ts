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
import { LIMIT_FIXTURES, users } from '../fixtures/limits';
import { buildSnapshot } from '../support/snapshots';
import { builtNode } from '../support/engine';

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

describe('every limit, with its fixture (test/fixtures/limits.ts)', () => {
	const open = Object.fromEntries(
		SAFETY_LIMITS.map((limit) => [limit.key, limit.kind === 'switch' ? true : Infinity]),
	) as SafetyLimits;
	const contextOf = (records: MappedRecord[], beforeRecords: MappedRecord[] | null) => {
		const before = beforeRecords ? buildSnapshot(beforeRecords) : null;
		const previous = before
			? fingerprintSnapshot(before, hashUsers(before, null), new Date(0))
			: null;
		const snapshot = buildSnapshot(records);
		expect(snapshot.problems).toEqual([]);
		return { snapshot, changes: reportChanges(snapshot, previous) };
	};

	test('every limit has a fixture, and every fixture a limit', () => {
		expect(Object.keys(LIMIT_FIXTURES).sort()).toEqual(SAFETY_LIMITS.map(({ key }) => key).sort());
	});

	describe.each(SAFETY_LIMITS.map((limit) => [limit.label, limit] as const))(
		'%s',
		(_label, limit) => {
			const fixture = LIMIT_FIXTURES[limit.key];
			// This limit at its default, every other one open: what it alone stops.
			const only = { ...open, [limit.key]: limit.default } as SafetyLimits;
			const brokenBy = (context: ReturnType<typeof contextOf>) =>
				checkSafetyLimits(context.snapshot, context.changes, only);

			test('holds at its default, and with every limit open', () => {
				const within = contextOf(fixture.within, fixture.before);
				expect(brokenBy(within)).toEqual([]);
				const past = contextOf(fixture.past, fixture.before);
				expect(checkSafetyLimits(past.snapshot, past.changes, open)).toEqual([]);
			});

			test('stops an upload just past it, saying what it would do', () => {
				const broken = brokenBy(contextOf(fixture.past, fixture.before));
				expect(broken.map((b) => b.limit)).toEqual([limit.key]);
				expect(broken[0].message).toMatch(fixture.message);
			});

			test('stops, never passes, when a number it compares is not a number', () => {
				const within = contextOf(fixture.within, fixture.before);
				fixture.spoil(within);
				expect(brokenBy(within).length).toBeGreaterThan(0);
			});
		},
	);

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
