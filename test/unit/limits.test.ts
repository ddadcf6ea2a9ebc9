import {
	DEFAULT_SAFETY_LIMITS,
	SAFETY_LIMITS,
	checkSafetyLimits,
	type SafetyLimits,
} from '../../nodes/ActivTrakHrdc/limits';
import {
	fingerprintSnapshot,
	hashUsers,
	checkAgainstAccount,
	readAccount,
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

/**
 * A snapshot of `records`, what it changes against `beforeRecords` (null: a first upload), and,
 * when `account` is given, what ActivTrak's SCIM users (one per lookup id there) make of it.
 */
const contextOf = (
	records: MappedRecord[],
	beforeRecords: MappedRecord[] | null,
	account?: readonly string[],
) => {
	const before = beforeRecords ? buildSnapshot(beforeRecords) : null;
	const previous = before
		? fingerprintSnapshot(before, hashUsers(before, null), new Date(0))
		: null;
	const snapshot = buildSnapshot(records);
	expect(snapshot.problems).toEqual([]);
	const scimUsers = account?.map((userName, i) => ({ id: String(i), userName }));
	return {
		snapshot,
		changes: reportChanges(snapshot, previous),
		account: scimUsers ? checkAgainstAccount(snapshot, readAccount(scimUsers, [])) : null,
	};
};

describe('every limit, with its fixture (test/fixtures/limits.ts)', () => {
	const open = Object.fromEntries(
		SAFETY_LIMITS.map((limit) => [limit.key, limit.kind === 'switch' ? true : Infinity]),
	) as SafetyLimits;
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
				checkSafetyLimits(context.snapshot, context.changes, only, context.account);

			test('holds at its default, and with every limit open', () => {
				const within = contextOf(fixture.within, fixture.before, fixture.account);
				expect(brokenBy(within)).toEqual([]);
				const past = contextOf(fixture.past, fixture.before, fixture.account);
				expect(checkSafetyLimits(past.snapshot, past.changes, open, past.account)).toEqual([]);
			});

			test('stops an upload just past it, saying what it would do', () => {
				const broken = brokenBy(contextOf(fixture.past, fixture.before, fixture.account));
				expect(broken.map((b) => b.limit)).toEqual([limit.key]);
				expect(broken[0].message).toMatch(fixture.message);
			});

			test('stops, never passes, when a number it compares is not a number', () => {
				const within = contextOf(fixture.within, fixture.before, fixture.account);
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

describe('the limits that compare with the last upload', () => {
	const againstLast = SAFETY_LIMITS.filter((limit) => limit.needsLastUpload);
	test.each(againstLast.map((limit) => [limit.label, limit] as const))(
		'%s is not checked without one, even on the upload that breaks it',
		(_label, limit) => {
			const fixture = LIMIT_FIXTURES[limit.key];
			const broken = (before: typeof fixture.before) => {
				const { snapshot, changes } = contextOf(fixture.past, before);
				return checkSafetyLimits(snapshot, changes, DEFAULT_SAFETY_LIMITS).map((b) => b.limit);
			};
			expect(broken(fixture.before)).toContain(limit.key);
			expect(broken(null)).not.toContain(limit.key);
		},
	);
});

describe('the limits that compare with what ActivTrak holds', () => {
	const live = SAFETY_LIMITS.filter((limit) => LIMIT_FIXTURES[limit.key].account !== undefined);
	test('there is one at least: this describe tests something', () => {
		expect(live.map((limit) => limit.key)).toContain('maxNotFoundPercent');
	});
	test.each(live.map((limit) => [limit.label, limit] as const))(
		"%s is not checked with 'Check Against ActivTrak' off, even on the upload that breaks it",
		(_label, limit) => {
			const fixture = LIMIT_FIXTURES[limit.key];
			const checked = (account?: readonly string[]) => {
				const {
					snapshot,
					changes,
					account: found,
				} = contextOf(fixture.past, fixture.before, account);
				return checkSafetyLimits(snapshot, changes, DEFAULT_SAFETY_LIMITS, found).map(
					(b) => b.limit,
				);
			};
			expect(checked(fixture.account)).toContain(limit.key);
			expect(checked()).not.toContain(limit.key);
		},
	);
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
