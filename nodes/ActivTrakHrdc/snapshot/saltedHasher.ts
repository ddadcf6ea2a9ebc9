/**
 * The salted 48-bit hash of the baseline: each user's lookup id and details, as the fingerprint
 * stores them and the change report compares them (HashIndex in hashTables.ts finds them).
 */

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

	/** Back to the lanes after the salt, for the next user. */
	private restart(): void {
		this.a = this.saltedA;
		this.b = this.saltedB;
	}

	private separator(): void {
		this.a = Math.imul(this.a, 0x01000193);
		this.b = Math.imul(this.b, 0x5bd1e995);
	}

	/** Writes the hash of the salt and `text` at `offset` (HASH_BYTES bytes, big-endian). */
	hashInto(out: Buffer, offset: number, text: string): void {
		this.restart();
		this.feed(text);
		this.finish(out, offset);
	}

	/**
	 * Writes the hash of the salt and entry `index` of each list, a 0 between them: one user's
	 * cells of several columns, without joining them into a text per user.
	 */
	hashCellsInto(out: Buffer, offset: number, lists: readonly string[][], index: number): void {
		this.restart();
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
		this.restart();
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
