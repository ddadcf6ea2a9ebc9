/**
 * What this n8n process knows of each account's ledger, per workflow, beside the copies of the
 * static data n8n gives each execution. n8n 2.41.1 loads a copy per execution and writes the
 * whole copy back when the execution ends, with no lock and no merge, so the copy of an execution
 * that started earlier is older than what a later one recorded. Here:
 *
 * - the newest entry this process recorded or read wins over an execution's older copy;
 * - every change is also written into every live copy that opened the ledger, so an execution
 *   that ends later writes back the newest entry, not the one it started with;
 * - one lock per account and workflow serialises read -> compare -> upload -> record.
 *
 * It lives as long as the process: a restart or another process (a queue-mode worker, another
 * main instance) starts without it (docs/baseline.md says what holds then). Pure: no n8n imports.
 */
import type { LedgerEntry } from './entry';

interface Slot {
	newest: LedgerEntry | null;
	/** The static data ('global') of executions that opened this ledger, while n8n keeps them. */
	copies: Array<WeakRef<object>>;
	/** Resolves when the last holder of the lock lets go. */
	tail: Promise<void>;
}

const slots = new Map<string, Slot>();

export const slotKey = (workflowId: string, account: string): string =>
	`${workflowId}\u0000${account}`;

function slotOf(key: string): Slot {
	let slot = slots.get(key);
	if (!slot) {
		slot = { newest: null, copies: [], tail: Promise.resolve() };
		slots.set(key, slot);
	}
	return slot;
}

/** Runs `work` alone among the executions of this process that use the same key. */
export async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
	const slot = slotOf(key);
	const before = slot.tail;
	let release = () => {};
	slot.tail = new Promise<void>((resolve) => (release = resolve));
	try {
		await before;
		return await work();
	} finally {
		release();
	}
}

export const newestKnown = (key: string): LedgerEntry | null => slots.get(key)?.newest ?? null;

/** Keeps `entry` when it is newer than what the process knew (more revisions). */
export function remember(key: string, entry: LedgerEntry): void {
	const slot = slotOf(key);
	if (!slot.newest || entry.revision >= slot.newest.revision) slot.newest = entry;
}

/** The other accounts this process recorded for the workflow (a rotated key, a new base URL). */
export function accountsKnownFor(workflowId: string): string[] {
	const prefix = `${workflowId}\u0000`;
	return [...slots.entries()]
		.filter(([key, slot]) => key.startsWith(prefix) && slot.newest !== null)
		.map(([key]) => key.slice(prefix.length));
}

/** An execution's static data, to be kept up to date while it runs. */
export function attachCopy(key: string, copy: object): void {
	const slot = slotOf(key);
	slot.copies = slot.copies.filter((ref) => {
		const held = ref.deref();
		return held !== undefined && held !== copy;
	});
	slot.copies.push(new WeakRef(copy));
}

export function liveCopies(key: string): object[] {
	const slot = slots.get(key);
	if (!slot) return [];
	return slot.copies.map((ref) => ref.deref()).filter((copy) => copy !== undefined);
}
