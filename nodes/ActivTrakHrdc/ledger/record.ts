/**
 * The ledger entry as both stores keep it: sealed with the credential (HMAC-SHA-256, as an
 * approval token is), so a store can keep it but not make or change one, and an entry of another
 * key does not pass. The same record goes into n8n's static data and out as `newBaseline`. Pure.
 */
import { ownValue } from '../ownKeys';
import { sign, verify } from '../signing';
import { readEntry, type LedgerEntry } from './entry';

const LEDGER_FORMAT = 'activtrak-hrdc-ledger';
const PURPOSE = 'activtrak-hrdc-ledger';

export interface SealedRecord {
	format: typeof LEDGER_FORMAT;
	account: string;
	/** Also inside the entry; here for a store's compare-and-swap (a Data table's filter). */
	generation: number;
	entry: LedgerEntry;
	signature: string;
	/** The workflow's salt the account's names were derived with (salt.ts); not signed: another
	 * salt only gives other names, which do not open the record. */
	salt?: string;
}

/**
 * JSON with every object's keys in one order. A store may give keys back in another order (a
 * database's JSON type, a hand-over through n8n's expressions), so the signature must not depend
 * on it. Group names are HR text: keys are read as own entries only.
 */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) {
		// Lists of user numbers are most of a large entry: written in one go when flat.
		const flat = value.every((item) => typeof item !== 'object' || item === null);
		return flat ? JSON.stringify(value) : `[${value.map(canonicalJson).join(',')}]`;
	}
	if (typeof value === 'object' && value !== null) {
		const keys = Object.keys(value).sort();
		const fields = keys.map(
			(key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
		);
		return `{${fields.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

const signedText = (account: string, entry: unknown) => canonicalJson([account, entry]);

export function seal(
	secret: string,
	account: string,
	entry: LedgerEntry,
	salt?: string,
): SealedRecord {
	return {
		format: LEDGER_FORMAT,
		account,
		generation: entry.generation,
		entry,
		signature: sign(PURPOSE, secret, signedText(account, entry)),
		...(salt ? { salt } : {}),
	};
}

export type Opened =
	| { ok: true; entry: LedgerEntry }
	| { ok: false; why: 'not a ledger' | 'another account' | 'not signed' };

/** A sealed record as this credential reads it. */
export function unseal(secret: string, account: string, value: unknown): Opened {
	if (ownValue(value, 'format') !== LEDGER_FORMAT) return { ok: false, why: 'not a ledger' };
	const entryValue = ownValue(value, 'entry');
	const entry = readEntry(entryValue);
	if (!entry) return { ok: false, why: 'not a ledger' };
	if (ownValue(value, 'account') !== account) return { ok: false, why: 'another account' };
	if (!verify(PURPOSE, secret, signedText(account, entryValue), ownValue(value, 'signature'))) {
		return { ok: false, why: 'not signed' };
	}
	return { ok: true, entry };
}
