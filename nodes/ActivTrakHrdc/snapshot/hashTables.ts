/**
 * The two hash tables of the snapshot code: TextIndex finds a user by a text (lookup id,
 * display name) while the snapshot is built; HashIndex finds a user of the previous snapshot
 * by their 48-bit hash (saltedHasher.ts) in the change report. Both keep entry
 * numbers in one typed array with open addressing: a Map spends far longer growing its table
 * and hashing new strings (bench/results.md), and a Set costs an object per user.
 */

import { HASH_BYTES } from './saltedHasher';

const EMPTY = -1;

/** FNV-1a over UTF-16 units; case-blind hashes the text as toLowerCase() would give it. */
function hashText(text: string, caseBlind: boolean): number {
	let hash = 0x811c9dc5 | 0; // as the int32 the table keeps
	for (let i = 0; i < text.length; i++) {
		let code = text.charCodeAt(i);
		if (caseBlind) {
			// ASCII folds here as toLowerCase() folds it; beyond ASCII, lower-casing can change
			// the length of a text, so the whole text is lowered by the runtime instead.
			if (code > 0x7f) return hashText(text.toLowerCase(), false);
			if (code >= 0x41 && code <= 0x5a) code += 0x20;
		}
		hash = Math.imul(hash ^ code, 0x01000193);
	}
	return hash;
}

export class TextIndex {
	/** Slot i holds an entry number at 2i (EMPTY if free) and its text's hash at 2i + 1. */
	private table: Int32Array;

	private size = 0;

	/** The last text find() was asked for and its hash: add() mostly follows with that text. */
	private lastText: string | null = null;

	private lastHash = 0;

	/**
	 * @param textOf the text an entry was added under (texts are not stored twice)
	 * @param caseBlind whether "A@x.com" and "a@X.com" are the same text
	 * @param expectedEntries sizes the table once instead of growing it step by step
	 */
	constructor(
		private readonly textOf: (entry: number) => string,
		private readonly caseBlind: boolean,
		expectedEntries = 0,
	) {
		let slots = 1024;
		while (slots < expectedEntries * 2) slots *= 2;
		this.table = new Int32Array(slots * 2).fill(EMPTY);
	}

	private hashOf(text: string): number {
		if (text !== this.lastText) {
			this.lastText = text;
			this.lastHash = hashText(text, this.caseBlind);
		}
		return this.lastHash;
	}

	private same(a: string, b: string): boolean {
		return a === b || (this.caseBlind && a.toLowerCase() === b.toLowerCase());
	}

	/** The entry added under this text, or -1. */
	find(text: string): number {
		const hash = this.hashOf(text);
		const mask = this.table.length / 2 - 1;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const entry = this.table[slot * 2];
			if (entry === EMPTY) return EMPTY;
			if (this.table[slot * 2 + 1] === hash && this.same(this.textOf(entry), text)) return entry;
		}
	}

	/** Adds an entry under a text that find() does not know yet. */
	add(text: string, entry: number): void {
		if ((this.size + 1) * 2 > this.table.length / 2) this.grow();
		this.place(this.hashOf(text), entry);
		this.size++;
	}

	private place(hash: number, entry: number): void {
		const mask = this.table.length / 2 - 1;
		let slot = hash & mask;
		while (this.table[slot * 2] !== EMPTY) slot = (slot + 1) & mask;
		this.table[slot * 2] = entry;
		this.table[slot * 2 + 1] = hash;
	}

	private grow(): void {
		const old = this.table;
		this.table = new Int32Array(old.length * 2).fill(EMPTY);
		for (let i = 0; i < old.length; i += 2) {
			if (old[i] !== EMPTY) this.place(old[i + 1], old[i]);
		}
	}
}

/** Whether hash number `i` of `a` equals hash number `j` of `b`. */
export function sameHash(a: Buffer, i: number, b: Buffer, j: number): boolean {
	const at = i * HASH_BYTES;
	const bt = j * HASH_BYTES;
	for (let k = 0; k < HASH_BYTES; k++) if (a[at + k] !== b[bt + k]) return false;
	return true;
}

/**
 * Finds a hash in a list of them (HASH_BYTES each): open addressing over their low 32 bits,
 * which are well mixed, without a string or a number object per user.
 */
export class HashIndex {
	private readonly slots: Int32Array;

	constructor(private readonly list: Buffer) {
		const count = list.length / HASH_BYTES;
		let capacity = 16;
		while (capacity < count * 2) capacity *= 2;
		this.slots = new Int32Array(capacity).fill(-1);
		for (let entry = 0; entry < count; entry++) {
			let slot = this.start(list, entry);
			while (this.slots[slot] !== -1) slot = (slot + 1) & (capacity - 1);
			this.slots[slot] = entry;
		}
	}

	private start(bytes: Buffer, entry: number): number {
		return bytes.readInt32BE(entry * HASH_BYTES + 2) & (this.slots.length - 1);
	}

	/** Where hash number `entry` of `bytes` is in the list, or -1. */
	find(bytes: Buffer, entry: number): number {
		const mask = this.slots.length - 1;
		for (let slot = this.start(bytes, entry); ; slot = (slot + 1) & mask) {
			const candidate = this.slots[slot];
			if (candidate === -1 || sameHash(bytes, entry, this.list, candidate)) return candidate;
		}
	}
}
