/**
 * The two hash tables of the snapshot code and their hash functions, side by side: TextIndex
 * finds a user by a text (lookup id, display name) while the snapshot is built; HashIndex finds
 * a user of the previous snapshot by their 48-bit hash in the change report. Both keep entry
 * numbers in one typed array with open addressing: measured on 100,000 e-mail addresses, a Map
 * spends about three times as long growing its table and hashing new strings (bench/snapshot.ts),
 * and a Set of numbers or strings costs an object per user.
 */

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

/** 6 bytes per user, a 48-bit hash each: the bytes base64url writes as 8 characters. */
export const HASH_BYTES = 6;

/**
 * 48 bits of a salted, non-cryptographic hash: enough to tell 100,000s of users apart (the
 * chance of any two of 200,000 users colliding is about 7 in 100,000), and no easier to reverse
 * than a cryptographic hash of an e-mail address, which a guess list breaks either way. It is
 * about twenty times faster than SHA in this loop. Two FNV-1a lanes with different seeds, each
 * finished with a 32-bit avalanche mix. The input is the salt, then each text after a 0, fed
 * piece by piece so no joined text is made per user.
 */
export class SaltedHasher {
	private a = 0;

	private b = 0;

	/** The lanes after the salt and its separator, the same for every user: hashed once. */
	private readonly saltedA: number;

	private readonly saltedB: number;

	constructor(salt: string) {
		this.a = 0x811c9dc5;
		this.b = 0x01000193 ^ 0x5bd1e995;
		this.feed(salt);
		this.separator();
		this.saltedA = this.a;
		this.saltedB = this.b;
	}

	private feed(text: string): void {
		let { a, b } = this;
		for (let i = 0; i < text.length; i++) {
			const code = text.charCodeAt(i);
			a = Math.imul(a ^ code, 0x01000193);
			b = Math.imul(b ^ code, 0x5bd1e995);
		}
		this.a = a;
		this.b = b;
	}

	private separator(): void {
		this.a = Math.imul(this.a, 0x01000193);
		this.b = Math.imul(this.b, 0x5bd1e995);
	}

	/** Writes the hash of the salt and `text` at `offset` (HASH_BYTES bytes, big-endian). */
	hashInto(out: Buffer, offset: number, text: string): void {
		this.a = this.saltedA;
		this.b = this.saltedB;
		this.feed(text);
		this.finish(out, offset);
	}

	/**
	 * Writes the hash of the salt and entry `index` of each list, a 0 between them: one user's
	 * cells of several columns, without joining them into a text per user.
	 */
	hashCellsInto(out: Buffer, offset: number, lists: readonly string[][], index: number): void {
		this.a = this.saltedA;
		this.b = this.saltedB;
		for (let list = 0; list < lists.length; list++) {
			if (list > 0) this.separator();
			this.feed(lists[list][index]);
		}
		this.finish(out, offset);
	}

	/**
	 * Writes the hash of the salt and, for each list whose entry `index` is not empty,
	 * `name=entry` and a 0: a column that is empty for everyone (one just added) leaves every
	 * hash as it was.
	 */
	hashNamedCellsInto(
		out: Buffer,
		offset: number,
		names: readonly string[],
		lists: readonly string[][],
		index: number,
	): void {
		this.a = this.saltedA;
		this.b = this.saltedB;
		for (let list = 0; list < lists.length; list++) {
			const cell = lists[list][index];
			if (cell === '') continue;
			this.feed(names[list]);
			this.feed('=');
			this.feed(cell);
			this.separator();
		}
		this.finish(out, offset);
	}

	private finish(out: Buffer, offset: number): void {
		let { a, b } = this;
		a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
		a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
		a = (a ^ (a >>> 16)) >>> 0;
		b ^= a;
		b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
		b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
		b = (b ^ (b >>> 16)) & 0xffff;
		// 48 bits: a's 32, then b's low 16.
		out[offset] = a >>> 24;
		out[offset + 1] = a >>> 16;
		out[offset + 2] = a >>> 8;
		out[offset + 3] = a;
		out[offset + 4] = b >>> 8;
		out[offset + 5] = b;
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
