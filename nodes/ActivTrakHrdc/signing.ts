/**
 * The node's hashing in one place: SHA-256 digests (a held CSV, a baseline's tag, an account's
 * storable name), and HMAC-SHA-256 keyed by the credential (base URL and API key) for what the
 * node gives out and later takes back: approval tokens and the baseline handed to the workflow.
 * Only someone who holds the credential can make a signature that verifies. Each use names its
 * purpose, so a signature made for one can never pass as the other.
 *
 * node:crypto, the one Node.js built-in n8n's rules allow a community node, rather than Web
 * Crypto: n8n has node:crypto loaded already, while the first Web Crypto call in a process loads
 * its modules, ten times node:crypto's first digest (bench/results.md), and
 * every call is a round trip through the thread pool.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** SHA-256 of bytes or of a text's UTF-8, as base64url (43 characters). */
export function sha256(data: Uint8Array | string): string {
	return createHash('sha256').update(data).digest('base64url');
}

type Purpose = 'activtrak-hrdc-approval' | 'activtrak-hrdc-baseline' | 'activtrak-hrdc-ledger';

function mac(purpose: Purpose, credentialSecret: string, text: string): Buffer {
	return createHmac('sha256', `${purpose}\u0000${credentialSecret}`).update(text, 'utf8').digest();
}

/** The signature of `text`, as base64url (43 characters). */
export function sign(purpose: Purpose, credentialSecret: string, text: string): string {
	return mac(purpose, credentialSecret, text).toString('base64url');
}

/**
 * An HMAC-SHA-256 as base64url is 43 characters whose last one carries 2 spare bits, always 0
 * as written: only A, E, I, M, Q, U, Y, c, g, k, o, s, w, 0, 4 or 8 can end it. A decoder
 * ignores the spare bits, so without this check the last character could be swapped for three
 * others and still verify.
 */
const CANONICAL_SIGNATURE = /^[\w-]{42}[AEIMQUYcgkosw048]$/;

export const isCanonicalSignature = (signature: unknown): signature is string =>
	typeof signature === 'string' && CANONICAL_SIGNATURE.test(signature);

export function verify(
	purpose: Purpose,
	credentialSecret: string,
	text: string,
	signature: unknown,
): boolean {
	if (!isCanonicalSignature(signature)) return false;
	// Both 32 bytes (a canonical signature is 43 characters); compared in constant time.
	return timingSafeEqual(mac(purpose, credentialSecret, text), Buffer.from(signature, 'base64url'));
}
