/**
 * The ledger's pure parts: the entry's transitions (ledger/entry.ts), the sealed record
 * (record.ts) and the process registry's lock and newest-wins rule (registry.ts).
 */
import {
	emptyEntry,
	isBlank,
	possibleStates,
	readEntry,
	stateTag,
	usedApproval,
	withAccepted,
	withApprovalUsed,
	withHold,
	withNotApplied,
	withUploadInDoubt,
	type LedgerEntry,
} from '../../nodes/ActivTrakHrdc/ledger/entry';
import { canonicalJson, seal, unseal } from '../../nodes/ActivTrakHrdc/ledger/record';
import {
	newestKnown,
	remember,
	slotKey,
	withLock,
} from '../../nodes/ActivTrakHrdc/ledger/registry';
import type { SnapshotFingerprint } from '../../nodes/ActivTrakHrdc/snapshot';

/** A fingerprint of `users` users in one group (8 base64url characters per user). */
const fingerprint = (users: number, acceptedAt = '2026-12-03T00:00:00.000Z'): SnapshotFingerprint =>
	({
		version: 2,
		acceptedAt,
		salt: 'salt-salt-salt-1',
		users: 'A'.repeat(8 * users),
		details: 'B'.repeat(8 * users),
		doNotTrack: [],
		deleted: [],
		groups: { Sales: Array.from({ length: users }, (_, i) => i) },
	}) as SnapshotFingerprint;
const doubt = (id: string, users: number) => ({
	id,
	sentAt: '2026-12-03T01:00:00.000Z',
	fingerprint: fingerprint(users),
});

describe('the entry', () => {
	const accepted = withAccepted(emptyEntry('endpoint'), fingerprint(3));

	test('every change is a new entry with the next revision; the old one is untouched', () => {
		const before = structuredClone(accepted);
		const changed = withUploadInDoubt(accepted, doubt('d1', 4));
		expect(changed.revision).toBe(accepted.revision + 1);
		expect(accepted).toEqual(before);
	});

	test('an accepted snapshot is the next generation and settles doubts and holds', () => {
		const busy = withHold(
			withUploadInDoubt(accepted, doubt('d1', 4)),
			{ csvSha256: 'h', until: 9e15 },
			0,
		);
		const next = withAccepted(busy, fingerprint(4));
		expect(next).toMatchObject({ generation: 2, inDoubt: [], holds: [] });
		expect(isBlank(emptyEntry('e'))).toBe(true);
		expect(isBlank(withUploadInDoubt(emptyEntry('e'), doubt('d0', 1)))).toBe(false);
	});

	test('ActivTrak may hold the accepted snapshot or any upload in doubt', () => {
		const two = withUploadInDoubt(withUploadInDoubt(accepted, doubt('d1', 4)), doubt('d2', 5));
		expect(possibleStates(two).map((state) => state.inDoubt?.id ?? 'accepted')).toEqual([
			'accepted',
			'd1',
			'd2',
		]);
		// An answer proving d1 was not applied takes d1 out, and only d1.
		expect(withNotApplied(two, 'd1').inDoubt.map((d) => d.id)).toEqual(['d2']);
	});

	test('the state tag changes with a new generation and with a new doubt, not with a hold', () => {
		const tag = stateTag(accepted);
		expect(stateTag(withHold(accepted, { csvSha256: 'h', until: 9e15 }, 0))).toBe(tag);
		expect(stateTag(withUploadInDoubt(accepted, doubt('d1', 4)))).not.toBe(tag);
		expect(stateTag(withAccepted(accepted, fingerprint(3)))).not.toBe(tag);
	});

	test('a used approval closes its hold and is remembered until it expires', () => {
		const held = withHold(accepted, { csvSha256: 'h', until: 2000 }, 0);
		const used = withApprovalUsed(held, 'h', 2000, 1000);
		expect(used.holds).toEqual([]);
		expect(usedApproval(used, 'h')).toMatchObject({ usedAt: new Date(1000).toISOString() });
		// Once expired, the token cannot verify anyway: the next change drops it.
		expect(withApprovalUsed(used, 'k', 5000, 3000).used.map((u) => u.csvSha256)).toEqual(['k']);
	});

	test.each<[string, (entry: Record<string, unknown>) => void]>([
		['another version', (e) => (e.version = 2)],
		['a revision that is not a count', (e) => (e.revision = Number.NaN)],
		['a generation that is not a count', (e) => (e.generation = -1)],
		['a hold whose expiry is not finite', (e) => (e.holds = [{ csvSha256: 'h', until: Infinity }])],
		['a doubt without its fingerprint', (e) => (e.inDoubt = [{ id: 'd', sentAt: 'x' }])],
		['a list that is not one', (e) => (e.used = {})],
	])('an entry with %s is not read', (_name, spoil) => {
		const value = structuredClone(accepted) as unknown as Record<string, unknown>;
		expect(readEntry(value)).toEqual(accepted);
		spoil(value);
		expect(readEntry(value)).toBeNull();
	});
});

describe('the sealed record', () => {
	const entry: LedgerEntry = withAccepted(emptyEntry('endpoint'), fingerprint(2));

	test('opens with the same secret and account, whatever the order of its keys', () => {
		const record = seal('secret', 'account', entry);
		const reordered = JSON.parse(canonicalJson(record)) as unknown;
		const reversed = Object.fromEntries(Object.entries(record).reverse());
		for (const value of [record, reordered, reversed]) {
			expect(unseal('secret', 'account', value)).toEqual({ ok: true, entry });
		}
	});

	test('a changed entry, another account or another secret does not open', () => {
		const record = seal('secret', 'account', entry);
		const changed = { ...record, entry: { ...record.entry, generation: 5 } };
		expect(unseal('secret', 'account', changed)).toEqual({ ok: false, why: 'not signed' });
		expect(unseal('other', 'account', record)).toEqual({ ok: false, why: 'not signed' });
		expect(unseal('secret', 'someone', record)).toEqual({ ok: false, why: 'another account' });
		expect(unseal('secret', 'account', { ...record, format: 'x' })).toEqual({
			ok: false,
			why: 'not a ledger',
		});
	});

	test('names like __proto__ are kept as data in the canonical text', () => {
		const groups = JSON.parse('{"__proto__":[0],"constructor":[1]}') as Record<string, number[]>;
		const text = canonicalJson({ groups });
		expect(text).toBe('{"groups":{"__proto__":[0],"constructor":[1]}}');
	});
});

describe('the process registry', () => {
	test('the lock runs work of one key one at a time, in order, and lets go after a failure', async () => {
		const key = slotKey('workflow-lock', 'account');
		const events: string[] = [];
		const slow = (name: string, ms: number, fail = false) =>
			withLock(key, async () => {
				events.push(`${name} in`);
				await new Promise((resolve) => setTimeout(resolve, ms));
				events.push(`${name} out`);
				if (fail) throw new Error(name);
			});
		const results = await Promise.allSettled([slow('a', 30, true), slow('b', 5), slow('c', 1)]);
		expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
		expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
	});

	test('the newest entry wins: an older revision never replaces it', () => {
		const key = slotKey('workflow-newest', 'account');
		const first = withAccepted(emptyEntry('e'), fingerprint(1));
		const second = withAccepted(first, fingerprint(2));
		remember(key, second);
		remember(key, first);
		expect(newestKnown(key)).toBe(second);
		expect(newestKnown(slotKey('workflow-newest', 'another account'))).toBeNull();
	});
});
