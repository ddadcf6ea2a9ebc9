/**
 * The approval token of a held upload: what was held, for which workflow and ActivTrak account,
 * against which baseline, until when, signed with the credential. Only someone holding the
 * credential (base URL and API key) can make one that verifies, and it verifies only for the
 * very CSV bytes that were held. Pure: no n8n imports, no I/O; node:crypto, as in signing.ts.
 */
import { ownValue } from '../ownKeys';
import { isCanonicalSignature, sha256, sign, verify } from '../signing';

/** What a token vouches for. */
export interface ApprovalClaims {
	/** The workflow whose run held the snapshot. */
	workflow: string;
	/**
	 * The ActivTrak account (transport's activTrakAccount()). Not in the token: the signature,
	 * keyed by the credential, binds it, and a name in the clear would be one more thing to
	 * test key guesses against.
	 */
	account: string;
	/** Milliseconds since 1970: the token is refused from then on. */
	expiresAt: number;
	/** SHA-256 of the held CSV, base64url. */
	csvSha256: string;
	/** The baseline the held change report was made against (baselineTag()). */
	baseline: string;
}

const PREFIX = 'hrdc1';
const PURPOSE = 'activtrak-hrdc-approval';
/** Far above any token this node makes (about 300 characters). */
const MAX_TOKEN_LENGTH = 4096;

/**
 * Names a baseline: a digest of its stored form, or "none". A newer accepted upload changes it,
 * which is how an approval learns that its change report is out of date.
 */
export function baselineTag(storedBaseline: unknown): string {
	if (storedBaseline === null || storedBaseline === undefined) return 'none';
	return sha256(JSON.stringify(storedBaseline)).slice(0, 22);
}

export function makeApprovalToken(credentialSecret: string, claims: ApprovalClaims): string {
	const payload = Buffer.from(
		JSON.stringify({
			w: claims.workflow,
			e: claims.expiresAt,
			c: claims.csvSha256,
			b: claims.baseline,
		}),
		'utf8',
	).toString('base64url');
	const signed = `${PREFIX}.${payload}`;
	return `${signed}.${sign(PURPOSE, credentialSecret, signed)}`;
}

type OpenedToken =
	| { ok: true; claims: ApprovalClaims }
	| { ok: false; why: 'not a token' | 'another account' | 'another workflow' | 'altered' };

/**
 * The claims of a token this credential signed. A token signed with another credential or
 * changed in any character is refused; one of 0.2 that names another account says so.
 */
export function openApprovalToken(
	credentialSecret: string,
	token: string,
	account: string,
	workflow?: string,
): OpenedToken {
	// A real token is about 300 characters; a huge value is refused before any work on it.
	if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
		return { ok: false, why: 'not a token' };
	}
	const parts = token.trim().split('.');
	if (
		parts.length !== 3 ||
		parts[0] !== PREFIX ||
		!/^[\w-]+$/.test(parts[1]) ||
		!isCanonicalSignature(parts[2])
	) {
		return { ok: false, why: 'not a token' };
	}
	let fields: unknown;
	try {
		fields = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
	} catch {
		return { ok: false, why: 'not a token' };
	}
	if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
		return { ok: false, why: 'not a token' };
	}
	const field = (name: string) => ownValue(fields, name);
	const claims: ApprovalClaims = {
		workflow: String(field('w') ?? ''),
		account,
		expiresAt: Number(field('e')),
		csvSha256: String(field('c') ?? ''),
		baseline: String(field('b') ?? ''),
	};
	const valid = verify(PURPOSE, credentialSecret, `${parts[0]}.${parts[1]}`, parts[2]);
	// Each workflow signs with keys of its own (ledger/salt.ts): a token of another workflow
	// cannot verify here, and its readable workflow says why.
	if (!valid && workflow !== undefined && claims.workflow !== workflow)
		return { ok: false, why: 'another workflow' };
	const named = field('a');
	if (!valid)
		return {
			ok: false,
			why: named !== undefined && named !== account ? 'another account' : 'altered',
		};
	if (!Number.isFinite(claims.expiresAt)) return { ok: false, why: 'not a token' };
	return { ok: true, claims };
}
