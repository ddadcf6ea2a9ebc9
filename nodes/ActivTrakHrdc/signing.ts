/**
 * HMAC-SHA-256 keyed by the credential (base URL and API key), for what the node gives out and
 * later takes back: approval tokens and the baseline handed to the workflow. Only someone who
 * holds the credential can make a signature that verifies. Each use names its purpose, so a
 * signature made for one can never pass as the other. Web Crypto (a global in Node.js): the
 * published bundle requires no Node.js built-in.
 */
const encoder = new TextEncoder();

export type Purpose = 'activtrak-hrdc-approval' | 'activtrak-hrdc-baseline';

type SigningKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

async function signingKey(purpose: Purpose, credentialSecret: string): Promise<SigningKey> {
	return await crypto.subtle.importKey(
		'raw',
		encoder.encode(`${purpose}\u0000${credentialSecret}`),
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign', 'verify'],
	);
}

/** The signature of `text`, as base64url (43 characters). */
export async function sign(purpose: Purpose, credentialSecret: string, text: string) {
	const mac = await crypto.subtle.sign(
		'HMAC',
		await signingKey(purpose, credentialSecret),
		encoder.encode(text),
	);
	return Buffer.from(mac).toString('base64url');
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

export async function verify(
	purpose: Purpose,
	credentialSecret: string,
	text: string,
	signature: unknown,
): Promise<boolean> {
	if (!isCanonicalSignature(signature)) return false;
	return await crypto.subtle.verify(
		'HMAC',
		await signingKey(purpose, credentialSecret),
		Buffer.from(signature, 'base64url'),
		encoder.encode(text),
	);
}
